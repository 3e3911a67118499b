"""Which backend the suite runs on: the embedded DuckDB (default) or PostgreSQL (``CHISO_TEST_PG``).

With ``CHISO_TEST_PG=postgresql://user@host:port/db`` set, every store a test opens — a file path, ``:memory:`` or
``$CHISO_DB`` — is mapped to a schema of a database made for this test process, so the whole suite runs unchanged
against PostgreSQL: one schema per store path (reopening a path reopens its store), a fresh one per ``:memory:``.
``.ci/run`` starts a throw-away cluster (``scripts/pg-cluster``) and runs the suite both ways.
"""

from __future__ import annotations

import hashlib
import itertools
import os
import shutil
import urllib.parse
from pathlib import Path
from typing import TYPE_CHECKING

import psycopg

if TYPE_CHECKING:
    from chiso.store import Store

SERVER = os.environ.get("CHISO_TEST_PG", "")
ON_POSTGRES = bool(SERVER)
_memory = itertools.count()
_database: str | None = None


def _url(database: str) -> str:
    parts = urllib.parse.urlsplit(SERVER)
    return urllib.parse.urlunsplit(parts._replace(path="/" + database))


def setup(worker: str) -> None:
    """Create this test process's database (dropped first if a crashed run left it)."""
    global _database
    _database = f"chiso_test_{worker}_{os.getpid()}"
    with psycopg.connect(SERVER, autocommit=True) as con:
        con.execute(f'DROP DATABASE IF EXISTS "{_database}" WITH (FORCE)')
        con.execute(f'CREATE DATABASE "{_database}"')


def teardown() -> None:
    """Drop this test process's database."""
    if _database is None:
        return
    with psycopg.connect(SERVER, autocommit=True) as con:
        con.execute(f'DROP DATABASE IF EXISTS "{_database}" WITH (FORCE)')


def location(db: str) -> str:
    """The PostgreSQL URL that stands for the store location ``db`` in this run (``db`` itself on DuckDB)."""
    if not ON_POSTGRES or db.startswith(("postgresql://", "postgres://")):
        return db
    assert _database is not None, "backends.setup() not called"
    if db == ":memory:":
        schema = f"m_{next(_memory)}"
    else:
        schema = "f_" + hashlib.sha1(str(Path(db).resolve()).encode()).hexdigest()[:20]
    return f"{_url(_database)}?schema={schema}"


def served(db: Path) -> str:
    """What to pass as ``--db`` to a ``chiso`` subprocess for the store at ``db``."""
    return location(str(db))


def columns(store: Store, table: str) -> list[str]:
    """The columns of ``table`` in the store's own schema, in table order (DuckDB's ``DESCRIBE``, on either backend)."""
    rows = store.con.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() "
        "AND table_name = ? ORDER BY ordinal_position",
        [table],
    ).fetchall()
    return [str(r[0]) for r in rows]


def select_except(store: Store, table: str, *exclude: str) -> str:
    """``SELECT`` of every column of ``table`` but ``exclude`` (DuckDB's ``SELECT * EXCLUDE (…)``, both backends)."""
    every = columns(store, table)
    assert set(exclude) <= set(every), f"{table} lacks one of {exclude}"
    cols = [c for c in every if c not in exclude]
    return f"SELECT {', '.join(cols)} FROM {table}"


def save_store(store: Store, path: str | os.PathLike[str]) -> str:
    """Write every row of ``store`` (an in-memory builder's, say) to a new store at ``path``, the way DuckDB's
    ``COPY FROM DATABASE`` does; returns the location to pass as ``--db`` (``path`` itself: in-process commands map
    it like the tests do, see :func:`served` for a subprocess)."""
    if not ON_POSTGRES:
        source = store.con.execute("SELECT current_database()").fetchone()
        assert source is not None
        store.con.execute(f"ATTACH '{path}' AS saved_store")
        try:
            store.con.execute(f'COPY FROM DATABASE "{source[0]}" TO saved_store')
        finally:
            store.con.execute("DETACH saved_store")
        return str(path)
    from chiso.store import Store, pg

    target = location(str(path))
    target_url, target_schema = pg.split_url(target)
    assert target_schema is not None
    # A saved file is new: drop whatever an earlier save to the same path left, as a fresh DuckDB file would have.
    with psycopg.connect(target_url, autocommit=True) as con:
        con.execute(f'DROP SCHEMA IF EXISTS "{target_schema}" CASCADE')
    source_url, _ = pg.split_url(store.location)
    assert source_url == target_url, "save_store copies between schemas of the test process's database"
    row = store.con.execute("SELECT current_schema()").fetchone()
    assert row is not None
    source_schema = str(row[0])
    tables = [
        str(r[0])
        for r in store.con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() "
            "AND table_type = 'BASE TABLE' AND table_name <> 'schema_version' ORDER BY table_name"
        ).fetchall()
    ]
    with Store.open(target) as saved, saved.transaction():
        for table in tables:
            cols = ", ".join(f'"{c}"' for c in columns(store, table))
            # The migration fills work_calendar; the source's rows replace them, holidays and all.
            saved.con.execute_native(f'DELETE FROM "{table}"')
            saved.con.execute_native(f'INSERT INTO "{table}" ({cols}) SELECT {cols} FROM "{source_schema}"."{table}"')
    return str(path)


def copy_saved(source: Path, target: Path) -> Path:
    """A private copy at ``target`` of the store saved at ``source`` (a file copy on DuckDB)."""
    if not ON_POSTGRES:
        shutil.copy(source, target)
        return target
    from chiso.store import Store

    with Store.open(source, read_only=True) as store:
        save_store(store, target)
    return target
