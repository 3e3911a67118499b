"""The embedded store: a DuckDB file, created and migrated on first use."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import ibis

from chiso.errors import ChisoError
from chiso.store.schema import MIGRATIONS, SCHEMA_VERSION

DEFAULT_DB = "chiso.duckdb"
ENV_DB = "CHISO_DB"


class StoreError(ChisoError):
    """A problem with the store itself (cannot open, newer schema than this chiso, …); message in Vietnamese."""


def resolve_db_path(db: str | os.PathLike[str] | None = None) -> str:
    """The store location: explicit ``db``, else ``$CHISO_DB``, else ``./chiso.duckdb``."""
    if db is not None and str(db) != "":
        return str(db)
    return os.environ.get(ENV_DB) or DEFAULT_DB


class Store:
    """One open store. Writes go through :mod:`chiso.store.writer`; reads through :attr:`ibis` expressions."""

    def __init__(self, con: duckdb.DuckDBPyConnection, location: str) -> None:
        self.con = con
        self.location = location
        self._ibis: Any = None
        self._in_tx = False
        # Statements prepared on this connection by the engine (chiso.compute.query), by cache key.
        self.prepared: dict[tuple[Any, ...], Any] = {}

    @classmethod
    def open(cls, db: str | os.PathLike[str] | None = None, *, read_only: bool = False) -> Store:
        """Open (creating and migrating when needed) the store at ``db`` (see :func:`resolve_db_path`)."""
        location = resolve_db_path(db)
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
            "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_version'"
        ).fetchone()
        if not exists or exists[0] == 0:
            return 0
        row = self.con.execute("SELECT max(version) FROM schema_version").fetchone()
        return int(row[0]) if row and row[0] is not None else 0

    def migrate(self) -> None:
        """Apply every migration newer than the store's version, each in its own transaction."""
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
            if migration.version <= current:
                continue
            with self.transaction():
                for statement in migration.statements:
                    self.con.execute(statement)
                self.con.execute(
                    "INSERT INTO schema_version VALUES (?, ?, ?)",
                    [migration.version, migration.description, dt.datetime.now(dt.UTC)],
                )
                if migration.version == 1:
                    from chiso.store.calendar import populate_calendar

                    populate_calendar(self)

    # -- transactions -------------------------------------------------------------------------------------------

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """All-or-nothing block: any exception rolls back every write made inside it. Nested calls join."""
        if self._in_tx:
            yield
            return
        self.con.execute("BEGIN TRANSACTION")
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
            self._ibis = ibis.duckdb.from_connection(self.con)
        return self._ibis

    def table(self, name: str) -> Any:
        """An Ibis table expression for one of the store's tables."""
        return self.ibis.table(name)

    def count(self, table: str) -> int:
        """Number of rows in ``table``."""
        row = self.con.execute(f'SELECT count(*) FROM "{table}"').fetchone()
        return int(row[0]) if row else 0

    def counts(self) -> dict[str, int]:
        """Row counts of the main tables, for ``chiso stats`` and tests."""
        names = ("units", "procedures", "dossiers", "dossier_events", "payments", "petitions")
        return {name: self.count(name) for name in names}
