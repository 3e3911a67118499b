"""Backups of the store, on either backend: one archive file, checksummed, restored atomically.

One archive format serves both backends, so a backup of a DuckDB store restores into PostgreSQL and back: every
table of the store's schema as a Parquet file (read in batches and typed from the table's declared columns, see
:mod:`chiso.store.tableio`), taken in one transaction that sees a single snapshot — consistent even while the
store is in use (``chiso serve`` takes it through its own connection) — packed into a tar archive with
``manifest.json``: format, chiso and schema versions, the backend it came from, row counts per table and the
SHA-256 of every file, plus a checksum over that list. Archives of the first format (DuckDB's ``EXPORT DATABASE``,
also one Parquet file per table) are still read.

A restore checks the archive first (every file present with its checksum, nothing else, row counts as listed,
schema not newer than this chiso), then rebuilds the schema at the archive's version, loads every table, checks
the row counts and migrates to the current version:

- DuckDB: into a new file next to the target, renamed over it only when complete.
- PostgreSQL: in one transaction (PostgreSQL's DDL is transactional) that drops and recreates chiso's tables in
  the target schema — all or nothing, other sessions see the old store until the commit.

A failure at any step leaves the target untouched. An existing store with data is overwritten only when asked
(``force``); its audit entries are carried into the restored store, so the audit log survives a restore.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import re
import shutil
import tarfile
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from chiso.errors import ChisoError
from chiso.store.schema import SCHEMA_VERSION

if TYPE_CHECKING:
    from chiso.store.db import Store

FORMAT = "chiso-backup/2"
FORMAT_V1 = "chiso-backup/1"  # DuckDB's EXPORT DATABASE (schema.sql, load.sql and one Parquet file per table)
MANIFEST = "manifest.json"
DATA_DIR = "db"
_SAFE_NAME = re.compile(DATA_DIR + r"/[A-Za-z0-9_][A-Za-z0-9_.-]*")
_POSTGRES = ("postgres://", "postgresql://", "postgresql+")
# Tables the migrations fill themselves: a store holding rows only there holds no data of its own.
_DERIVED = {"schema_version", "work_calendar"}


class BackupError(ChisoError):
    """A backup or restore that cannot be done; message in Vietnamese."""


def is_postgres(location: str) -> bool:
    """True for a PostgreSQL connection string."""
    return location.lower().startswith(_POSTGRES)


@dataclass(frozen=True)
class Manifest:
    """What a backup archive holds."""

    format: str
    chiso_version: str
    backend: str  # duckdb | postgres: where the backup was taken (it restores into either)
    backend_version: str
    schema_version: int
    created_at: str
    tables: dict[str, int]
    files: dict[str, str]
    checksum: str

    def to_json(self) -> dict[str, Any]:
        """The manifest as stored."""
        return {
            "format": self.format,
            "chiso_version": self.chiso_version,
            "backend": self.backend,
            "backend_version": self.backend_version,
            "schema_version": self.schema_version,
            "created_at": self.created_at,
            "tables": self.tables,
            "files": self.files,
            "checksum": self.checksum,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Manifest:
        """Read a stored manifest (of either format)."""
        if data.get("format") == FORMAT_V1:
            data = {**data, "backend": "duckdb", "backend_version": data["duckdb_version"]}
        return cls(**{k: data[k] for k in cls.__dataclass_fields__})

    @property
    def created_local(self) -> str:
        """When the backup was taken, as local (Vietnam) time: 30/11/2026 08:15."""
        from chiso.timeutil import VN_TZ

        return dt.datetime.fromisoformat(self.created_at).astimezone(VN_TZ).strftime("%d/%m/%Y %H:%M")

    @property
    def rows(self) -> int:
        """Rows in all tables."""
        return sum(self.tables.values())

    def table_file(self, table: str) -> str:
        """The archive member holding ``table``."""
        return f"{DATA_DIR}/{table}.parquet"


def _files_checksum(files: dict[str, str]) -> str:
    return hashlib.sha256(json.dumps(files, sort_keys=True, separators=(",", ":")).encode()).hexdigest()


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _backend_version(store: Store) -> str:
    if store.backend == "postgres":
        row = store.con.execute_native("SHOW server_version").fetchone()
        return f"PostgreSQL {row[0] if row else '?'}"
    return f"DuckDB {duckdb.__version__}"


def backup_store(store: Store, target: str | os.PathLike[str]) -> Manifest:
    """Write a backup of ``store`` to the archive ``target`` (replaced atomically if it exists)."""
    from chiso import __version__
    from chiso.store.tableio import read_batches, table_schema, tables, write_parquet

    path = Path(target)
    if not path.parent.exists():
        raise BackupError(f"Thư mục chứa tệp sao lưu không tồn tại: {path.parent}")
    with tempfile.TemporaryDirectory(prefix=".chiso-backup-", dir=path.parent) as tmp:
        (Path(tmp) / DATA_DIR).mkdir()
        counts: dict[str, int] = {}
        files: dict[str, str] = {}
        with store.transaction(snapshot=True):  # every table, the counts and the version from one snapshot
            version = store.schema_version()
            for table in tables(store):
                schema = table_schema(store, table)
                name = f"{DATA_DIR}/{table}.parquet"
                counts[table] = write_parquet(read_batches(store, table, schema=schema), schema, Path(tmp) / name)
                files[name] = _sha256(Path(tmp) / name)
        manifest = Manifest(
            FORMAT,
            __version__,
            store.backend,
            _backend_version(store),
            version,
            dt.datetime.now(dt.UTC).isoformat(),
            counts,
            files,
            _files_checksum(files),
        )
        partial = Path(tmp) / "archive.tar"
        with tarfile.open(partial, "w") as tar:
            data = json.dumps(manifest.to_json(), ensure_ascii=False, indent=2).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
            for name in files:
                tar.add(Path(tmp) / name, arcname=name)
        with partial.open("rb") as f:
            os.fsync(f.fileno())
        os.replace(partial, path)
    return manifest


def _sql_path(path: Path) -> str:
    return str(path).replace("'", "''")


def read_manifest(archive: str | os.PathLike[str]) -> Manifest:
    """The manifest of a backup archive (checked for form, not yet for file checksums)."""
    path = Path(archive)
    if not path.is_file():
        raise BackupError(f"Không có tệp sao lưu {path}.")
    try:
        with tarfile.open(path, "r") as tar:
            member = tar.extractfile(MANIFEST)
            if member is None:
                raise KeyError(MANIFEST)
            data = json.loads(member.read())
        if data.get("format") not in (FORMAT, FORMAT_V1):
            raise BackupError(f"Tệp {path} có định dạng «{data.get('format')}», chiso này đọc được «{FORMAT}».")
        manifest = Manifest.from_json(data)
    except (tarfile.TarError, KeyError, ValueError, TypeError, OSError, AttributeError) as exc:
        raise BackupError(f"Tệp {path} không phải bản sao lưu chiso hợp lệ ({exc}).") from exc
    return manifest


def _extract(archive: Path, manifest: Manifest, into: Path) -> Path:
    """Extract and check every file against the manifest; returns the directory of the tables' Parquet files."""
    if _files_checksum(manifest.files) != manifest.checksum:
        raise BackupError(f"Tệp sao lưu {archive} bị hỏng: mã kiểm tra của danh mục tệp không khớp.")
    expected = set(manifest.files) | {MANIFEST}
    unsafe = [n for n in manifest.files if not _SAFE_NAME.fullmatch(n)]
    if unsafe:
        raise BackupError(f"Tệp sao lưu {archive} có tên tệp không hợp lệ: {', '.join(unsafe[:5])}.")
    with tarfile.open(archive, "r") as tar:
        names = set(tar.getnames())
        if names != expected:
            odd = sorted(names ^ expected)[:5]
            raise BackupError(f"Tệp sao lưu {archive} bị hỏng: danh sách tệp không khớp ({', '.join(odd)}).")
        # Extracted by hand, regular files only, under names checked above: no path tricks, no links.
        (into / DATA_DIR).mkdir(parents=True, exist_ok=True)
        for member in tar.getmembers():
            if member.name == MANIFEST:
                continue
            data = tar.extractfile(member) if member.isfile() else None
            if data is None:
                raise BackupError(f"Tệp sao lưu {archive} bị hỏng: {member.name} không phải tệp thường.")
            with (into / member.name).open("wb") as out:
                shutil.copyfileobj(data, out)
    for name, digest in manifest.files.items():
        if _sha256(into / name) != digest:
            raise BackupError(f"Tệp sao lưu {archive} bị hỏng: {name} không khớp mã kiểm tra SHA-256.")
    for table, rows in manifest.tables.items():
        name = manifest.table_file(table)
        if name not in manifest.files:
            raise BackupError(f"Tệp sao lưu {archive} bị hỏng: thiếu tệp dữ liệu của bảng {table}.")
        try:
            stored = pq.read_metadata(into / name).num_rows
        except (pa.ArrowException, OSError) as exc:
            raise BackupError(f"Tệp sao lưu {archive} bị hỏng: không đọc được {name} ({exc}).") from exc
        if stored != rows:
            raise BackupError(f"Tệp sao lưu {archive} bị hỏng: {name} có {stored} dòng, danh mục ghi {rows} dòng.")
    return into / DATA_DIR


def _load(store: Store, data: Path, manifest: Manifest, archive: Path) -> None:
    """Inside the caller's transaction: the schema at the archive's version, every table's rows, then the
    migrations since. Raises (so the caller rolls back / discards) when anything does not fit."""
    from chiso.store.db import DB_ERRORS
    from chiso.store.tableio import append_parquet, tables

    try:
        store.migrate(upto=manifest.schema_version)
        missing = sorted(set(manifest.tables) - set(tables(store)))
        if missing:
            raise BackupError(
                f"Bản sao lưu {archive.name} có bảng không thuộc lược đồ phiên bản {manifest.schema_version}: "
                f"{', '.join(missing[:5])}."
            )
        for table in manifest.tables:
            # The migrations filled some tables (versions, working calendar): the archive's rows replace them.
            store.con.execute(f'DELETE FROM "{table}"')
            append_parquet(store, table, data / f"{table}.parquet")
        counts = {t: store.count(t) for t in manifest.tables}
        if counts != manifest.tables:
            raise BackupError(f"Khôi phục {archive} không đủ dữ liệu: số dòng các bảng khác với danh mục sao lưu.")
        store.migrate()  # a backup of an older schema is brought up to this chiso's
    except DB_ERRORS as exc:
        raise BackupError(
            f"Không khôi phục được từ {archive.name}: dữ liệu không nạp được vào kho ({exc}). Kho đích không bị "
            "thay đổi."
        ) from exc


def _tables(con: duckdb.DuckDBPyConnection, schema: str = "main", catalog: str | None = None) -> list[str]:
    sql = "SELECT table_name FROM information_schema.tables WHERE table_schema = ? AND table_type = 'BASE TABLE'"
    params: list[Any] = [schema]
    if catalog is not None:
        sql += " AND table_catalog = ?"
        params.append(catalog)
    return sorted(str(r[0]) for r in con.execute(sql + " ORDER BY table_name", params).fetchall())


def _has_data(location: Path) -> bool:
    """True when the DuckDB store at ``location`` holds any row (a fresh, migrated-only store counts as empty)."""
    if not location.exists() or location.stat().st_size == 0:
        return False
    try:
        con = duckdb.connect(str(location), read_only=True)
    except duckdb.Error as exc:
        raise BackupError(
            f"Không mở được {location} để kiểm tra ({exc}). Nếu chiso serve đang dùng kho này, hãy dừng máy chủ "
            "trước khi khôi phục."
        ) from exc
    try:
        for t in _tables(con):
            row = con.execute(f'SELECT count(*) FROM "{t}"').fetchone()
            if t not in _DERIVED and row and row[0]:
                return True
        return False
    finally:
        con.close()


@dataclass(frozen=True)
class Restored:
    """What a restore did."""

    manifest: Manifest
    location: str
    replaced: bool
    audit_carried: int


def restore_store(
    archive: str | os.PathLike[str], target: str, *, force: bool = False, actor: str | None = None
) -> Restored:
    """Restore the backup ``archive`` into the store ``target``: a DuckDB file or a PostgreSQL URL (see module
    docstring)."""
    if target == ":memory:":
        raise BackupError("Không thể khôi phục vào cơ sở dữ liệu trong bộ nhớ; hãy chỉ một tệp bằng --db.")
    src = Path(archive)
    postgres = is_postgres(target)
    if not postgres and not Path(target).parent.exists():
        raise BackupError(f"Thư mục chứa cơ sở dữ liệu không tồn tại: {Path(target).parent}")
    manifest = read_manifest(src)
    if manifest.schema_version > SCHEMA_VERSION:
        raise BackupError(
            f"Bản sao lưu có phiên bản lược đồ {manifest.schema_version}, mới hơn phiên bản chiso này hỗ trợ "
            f"({SCHEMA_VERSION}). Hãy cập nhật chiso."
        )
    # The archive is unpacked beside a DuckDB target (same file system as the file it becomes).
    with tempfile.TemporaryDirectory(prefix=".chiso-restore-", dir=None if postgres else Path(target).parent) as tmp:
        data = _extract(src, manifest, Path(tmp))
        if postgres:
            return _restore_postgres(src, data, manifest, target, force=force, actor=actor)
        return _restore_duckdb(src, data, manifest, Path(target), force=force, actor=actor)


def _refuse_overwrite(where: str) -> BackupError:
    return BackupError(
        f"Cơ sở dữ liệu {where} đã có dữ liệu; khôi phục sẽ ghi đè toàn bộ. Dùng --force nếu chắc chắn "
        "(nên sao lưu kho hiện tại trước bằng chiso backup)."
    )


def _record(store: Store, src: Path, manifest: Manifest, replacing: bool, carried: int, actor: str | None) -> None:
    from chiso.audit.log import AuditEntry, append, cli_actor
    from chiso.timeutil import format_number_vi

    note = f"; ghi đè kho cũ, giữ {carried} mục nhật ký của kho cũ" if replacing else ""
    rows = format_number_vi(manifest.rows)
    summary = f"Khôi phục từ {src.name} (sao lưu lúc {manifest.created_local}, {rows} dòng){note}"
    append(store, [AuditEntry(actor or cli_actor(), "restore", summary, keys=[manifest.checksum])])


def _restore_duckdb(
    src: Path, data: Path, manifest: Manifest, dest: Path, *, force: bool, actor: str | None
) -> Restored:
    from chiso.store.db import Store

    replacing = _has_data(dest)
    if replacing and not force:
        raise _refuse_overwrite(str(dest))
    fresh = dest.with_name(f".{dest.name}.restore-{uuid.uuid4().hex[:8]}")
    carried = 0
    try:
        con = duckdb.connect(str(fresh))
        con.execute("SET TimeZone = 'Asia/Ho_Chi_Minh'")
        with Store(con, str(fresh)) as store:
            with store.transaction():
                _load(store, data, manifest, src)
            if replacing:
                carried = _carry_audit(store, dest)
            _record(store, src, manifest, replacing, carried, actor)
        # The old file's write-ahead log must not be replayed onto the restored one.
        Path(str(dest) + ".wal").unlink(missing_ok=True)
        os.replace(fresh, dest)
    finally:
        fresh.unlink(missing_ok=True)
        Path(str(fresh) + ".wal").unlink(missing_ok=True)
    return Restored(manifest, str(dest), replacing, carried)


def _carry_audit(store: Store, old: Path) -> int:
    """Copy the overwritten store's audit entries that the backup lacks (the log outlives a restore)."""
    store.con.execute(f"ATTACH '{_sql_path(old)}' AS old_store (READ_ONLY)")
    try:
        if "audit_log" not in _tables(store.con, catalog="old_store"):
            return 0
        before = store.count("audit_log")
        store.con.execute(
            "INSERT INTO audit_log BY NAME SELECT * FROM old_store.audit_log "
            "WHERE entry_id NOT IN (SELECT entry_id FROM audit_log)"
        )
        return store.count("audit_log") - before
    finally:
        store.con.execute("DETACH old_store")


def _restore_postgres(
    src: Path, data: Path, manifest: Manifest, target: str, *, force: bool, actor: str | None
) -> Restored:
    from chiso.store.db import Store
    from chiso.store.tableio import tables

    with Store.open(target, read_only=True) as store:
        where = store.display_location
        if store.schema_version() > SCHEMA_VERSION:
            raise BackupError(
                f"Kho {where} có phiên bản lược đồ {store.schema_version()}, mới hơn phiên bản chiso này hỗ trợ "
                f"({SCHEMA_VERSION}); không khôi phục đè lên kho này. Hãy cập nhật chiso."
            )
        present = tables(store)
        replacing = any(t not in _DERIVED and store.count(t) for t in present)
        if replacing and not force:
            raise _refuse_overwrite(where)
        # One transaction: the old tables are dropped, the archive's loaded, the audit log carried over — other
        # sessions see the old store until the commit, and any failure rolls everything back.
        with store.transaction():
            stash = "audit_log" in present
            if stash:
                store.con.execute_native(
                    "CREATE TEMPORARY TABLE chiso_restore_audit ON COMMIT DROP AS SELECT * FROM audit_log"
                )
            _drop_store_objects(store, set(manifest.tables))
            _load(store, data, manifest, src)
            carried = _carry_stashed_audit(store) if stash else 0
            _record(store, src, manifest, replacing, carried, actor)
    return Restored(manifest, where, replacing, carried)


def _drop_store_objects(store: Store, archived: set[str]) -> None:
    """Drop chiso's tables, views and functions from the PostgreSQL schema (inside the restore's transaction), so
    the migrations can rebuild it at the archive's version. Other objects a DBA put in the schema are left alone."""
    from chiso.store.db import _reference_schemas

    ours = set(_reference_schemas()) | {"schema_version"} | archived
    rows = store.con.execute_native(
        "SELECT table_name, table_type FROM information_schema.tables "
        "WHERE table_schema = current_schema() AND table_catalog = current_database()"
    ).fetchall()
    for name, kind in sorted(rows, key=lambda r: r[1] != "VIEW"):  # views first, then the tables under them
        if name in ours:
            store.con.execute_native(f'DROP {"VIEW" if kind == "VIEW" else "TABLE"} IF EXISTS "{name}" CASCADE')
    # The migrations' functions (the audit log's append-only trigger) are named chiso_*.
    functions = store.con.execute_native(
        "SELECT p.oid::regprocedure::text FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
        "WHERE n.nspname = current_schema() AND p.proname LIKE 'chiso\\_%'"
    ).fetchall()
    for (signature,) in functions:
        store.con.execute_native(f"DROP FUNCTION IF EXISTS {signature} CASCADE")


def _carry_stashed_audit(store: Store) -> int:
    """Put back the overwritten store's audit entries that the backup lacks (PostgreSQL; see :func:`_carry_audit`)."""
    from chiso.store.tableio import table_schema

    old = [str(d[0]) for d in store.con.execute_native("SELECT * FROM chiso_restore_audit LIMIT 0").description or []]
    cols = ", ".join(f'"{c}"' for c in table_schema(store, "audit_log").names if c in old)
    done = store.con.execute_native(
        f"INSERT INTO audit_log ({cols}) SELECT {cols} FROM chiso_restore_audit "
        "WHERE entry_id NOT IN (SELECT entry_id FROM audit_log)"
    ).fetchone()
    return int(done[0]) if done else 0
