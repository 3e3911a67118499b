"""The embedded store: a DuckDB file, created and migrated on first use."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import ibis

from chiso.errors import ChisoError
from chiso.store import pg
from chiso.store.schema import MIGRATIONS, SCHEMA_VERSION

DEFAULT_DB = "chiso.duckdb"
ENV_DB = "CHISO_DB"

# Errors either backend raises for a refused statement (constraint, type, missing table …).
DB_ERRORS: tuple[type[BaseException], ...] = (duckdb.Error, pg.Error)


class StoreError(ChisoError):
    """A problem with the store itself (cannot open, newer schema than this chiso, …); message in Vietnamese."""


def resolve_db_path(db: str | os.PathLike[str] | None = None) -> str:
    """The store location: explicit ``db``, else ``$CHISO_DB``, else ``./chiso.duckdb``."""
    if db is not None and str(db) != "":
        return str(db)
    return os.environ.get(ENV_DB) or DEFAULT_DB


class Store:
    """One open store. Writes go through :mod:`chiso.store.writer`; reads through :attr:`ibis` expressions.

    The backend is an embedded DuckDB file (the default) or a PostgreSQL database (``postgresql://…``, see
    :mod:`chiso.store.pg`); ``con`` answers the same calls on both."""

    def __init__(self, con: Any, location: str) -> None:
        self.con = con
        self.location = location
        self.backend = "postgres" if isinstance(con, pg.PgConnection) else "duckdb"
        self.dialect = self.backend
        self._ibis: Any = None
        self._in_tx = False
        # Statements prepared on this connection by the engine (chiso.compute.query), by cache key.
        self.prepared: dict[tuple[Any, ...], Any] = {}

    @classmethod
    def open(cls, db: str | os.PathLike[str] | None = None, *, read_only: bool = False) -> Store:
        """Open (creating and migrating when needed) the store at ``db`` (see :func:`resolve_db_path`)."""
        location = resolve_db_path(db)
        if pg.is_postgres_url(location):
            url, schema = pg.split_url(location)
            store = cls(pg.PgConnection(url, schema=schema), location)
            if not read_only:
                store.migrate()
            return store
        if location != ":memory:":
            parent = Path(location).parent
            if not parent.exists():
                raise StoreError(f"Thư mục chứa cơ sở dữ liệu không tồn tại: {parent}")
        try:
            con = duckdb.connect(location, read_only=read_only)
        except duckdb.Error as exc:  # pragma: no cover - depends on the file system
            raise StoreError(f"Không mở được cơ sở dữ liệu {location}: {exc}") from exc
        # Local time decides period membership and display; instants stay absolute in storage.
        con.execute("SET TimeZone = 'Asia/Ho_Chi_Minh'")
        store = cls(con, location)
        if not read_only:
            store.migrate()
        return store

    @property
    def display_location(self) -> str:
        """Where the store is, for messages (a PostgreSQL URL without its password)."""
        return pg.redacted(self.location) if self.backend == "postgres" else self.location

    def close(self) -> None:
        """Close the connection (the DuckDB file is checkpointed)."""
        self.con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- schema -------------------------------------------------------------------------------------------------

    def schema_version(self) -> int:
        """The schema version of the open store (0 for an empty file)."""
        exists = self.con.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_version' "
            "AND table_schema = current_schema()"
        ).fetchone()
        if not exists or exists[0] == 0:
            return 0
        row = self.con.execute("SELECT max(version) FROM schema_version").fetchone()
        return int(row[0]) if row and row[0] is not None else 0

    def migrate(self, upto: int | None = None) -> None:
        """Apply every migration newer than the store's version, each in its own transaction (only those up to
        version ``upto`` when given: a restore rebuilds the schema its backup was taken with, then migrates)."""
        if self.backend == "postgres":
            # Several nodes may start at once on a shared store: one migrates, the others wait and find it done.
            self.con.execute_native("SELECT pg_advisory_lock(hashtext(current_schema() || '.chiso.migrate'))")
            try:
                self._migrate(upto)
            finally:
                self.con.execute_native("SELECT pg_advisory_unlock(hashtext(current_schema() || '.chiso.migrate'))")
            return
        self._migrate(upto)

    def _migrate(self, upto: int | None) -> None:
        current = self.schema_version()
        if current > SCHEMA_VERSION:
            raise StoreError(
                f"Cơ sở dữ liệu {self.location} có phiên bản lược đồ {current}, mới hơn phiên bản chiso hỗ trợ "
                f"({SCHEMA_VERSION}). Hãy cập nhật chiso."
            )
        if current == 0:
            self.con.execute(
                "CREATE TABLE IF NOT EXISTS schema_version "
                "(version INTEGER PRIMARY KEY, description VARCHAR, applied_at TIMESTAMPTZ)"
            )
        for migration in MIGRATIONS:
            if migration.version <= current or (upto is not None and migration.version > upto):
                continue
            with self.transaction():
                for statement in migration.statements:
                    self.con.execute(statement)
                for statement in migration.native_for(self.backend):
                    self.run_compiled(statement)
                self.con.execute(
                    "INSERT INTO schema_version VALUES (?, ?, ?)",
                    [migration.version, migration.description, dt.datetime.now(dt.UTC)],
                )
                if migration.version == 1:
                    from chiso.store.calendar import populate_calendar

                    populate_calendar(self)

    # -- transactions -------------------------------------------------------------------------------------------

    @contextlib.contextmanager
    def transaction(self, *, snapshot: bool = False) -> Iterator[None]:
        """All-or-nothing block: any exception rolls back every write made inside it. Nested calls join.

        ``snapshot=True``: every statement inside sees the same snapshot of the store (a reader of several tables).
        DuckDB's transactions are snapshots already; PostgreSQL's default (READ COMMITTED) takes one per statement,
        so the block runs at REPEATABLE READ there. A nested block keeps the enclosing transaction's isolation."""
        if self._in_tx:
            yield
            return
        self.con.execute("BEGIN TRANSACTION")
        if snapshot and self.backend == "postgres":
            self.con.execute_native("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        self._in_tx = True
        try:
            yield
        except BaseException:
            self._in_tx = False
            self.con.execute("ROLLBACK")
            raise
        else:
            self._in_tx = False
            self.con.execute("COMMIT")

    # -- reads --------------------------------------------------------------------------------------------------

    @property
    def ibis(self) -> Any:
        """An Ibis backend over the same connection (reads see the open transaction's writes)."""
        if self._ibis is None:
            if self.backend != "duckdb":
                # chiso compiles Ibis expressions to SQL itself (Store.table, run_compiled) on PostgreSQL.
                raise StoreError("Kho PostgreSQL không chạy truy vấn qua backend Ibis; hãy dùng Store.table.")
            self._ibis = ibis.duckdb.from_connection(self.con)
        return self._ibis

    def run_compiled(self, sql: str) -> Any:
        """Run SQL that Ibis compiled for this store's dialect (not DuckDB-dialect SQL to translate)."""
        if self.backend == "postgres":
            return self.con.execute_native(sql)
        return self.con.execute(sql)

    def table(self, name: str) -> Any:
        """An Ibis table expression for one of the store's tables (or of the session's registered ones).

        On PostgreSQL the expression is unbound — chiso compiles it to SQL and runs that — with the column types the
        same migrations give on DuckDB, so that both backends compile from identical schemas."""
        if self.backend == "duckdb":
            return self.ibis.table(name)
        registered = self.con.registered.get(name)
        if registered is not None:
            return ibis.table(ibis.Schema.from_pyarrow(registered), name=name)
        return ibis.table(_reference_schemas()[name], name=name)

    def count(self, table: str) -> int:
        """Number of rows in ``table``."""
        row = self.con.execute(f'SELECT count(*) FROM "{table}"').fetchone()
        return int(row[0]) if row else 0

    def counts(self) -> dict[str, int]:
        """Row counts of the main tables, for ``chiso stats`` and tests."""
        names = ("units", "procedures", "dossiers", "dossier_events", "payments", "petitions")
        return {name: self.count(name) for name in names}


_REFERENCE: dict[str, Any] = {}


_REFERENCE_LOCK = threading.Lock()


def _reference_schemas() -> dict[str, Any]:
    """The Ibis schema of every table and view the migrations create, read off a migrated in-memory DuckDB store."""
    with _REFERENCE_LOCK:
        return _reference_schemas_locked()


def _reference_schemas_locked() -> dict[str, Any]:
    if not _REFERENCE:
        with Store(duckdb.connect(":memory:"), ":memory:") as ref:
            ref.con.execute("SET TimeZone = 'Asia/Ho_Chi_Minh'")
            ref.migrate()
            names = [r[0] for r in ref.con.execute("SELECT table_name FROM information_schema.tables").fetchall()]
            for name in names:
                _REFERENCE[str(name)] = ref.ibis.table(name).schema()
    return _REFERENCE
