"""Backups of the DuckDB store: one archive file, checksummed, restored atomically.

A backup is DuckDB's ``EXPORT DATABASE`` (schema as SQL, every table as Parquet) taken inside one transaction on
the open connection — a consistent snapshot even while the store is in use by the same process (``chiso serve``
takes it through its own connection) — packed into a tar archive with ``manifest.json``: format, chiso and
schema versions, row counts per table and the SHA-256 of every file, plus a checksum over that list.

A restore checks the archive (every file present with its checksum, nothing else, schema not newer than this
chiso), imports it into a new file next to the target, checks the row counts, and only then renames it over the
target: a failure at any step leaves the target untouched. An existing store with data is overwritten only when
asked (``force``); its audit entries are carried into the restored store, so the audit log survives a restore.

PostgreSQL stores are backed up with ``pg_dump``; that comes with the PostgreSQL store (issue 7).
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

from chiso.errors import ChisoError
from chiso.store.schema import SCHEMA_VERSION

if TYPE_CHECKING:
    from chiso.store.db import Store

FORMAT = "chiso-backup/1"
MANIFEST = "manifest.json"
DATA_DIR = "db"
_SAFE_NAME = re.compile(DATA_DIR + r"/[A-Za-z0-9_][A-Za-z0-9_.-]*")
_POSTGRES = ("postgres://", "postgresql://", "postgresql+")


class BackupError(ChisoError):
    """A backup or restore that cannot be done; message in Vietnamese."""


def is_postgres(location: str) -> bool:
    """True for a PostgreSQL connection string."""
    return location.lower().startswith(_POSTGRES)


def postgres_message(verb: str) -> str:
    """The message for a backup/restore asked of a PostgreSQL store."""
    return (
        f"Lệnh {verb} của chiso chỉ dùng cho kho DuckDB. Kho PostgreSQL được sao lưu và khôi phục bằng công cụ "
        "của PostgreSQL (pg_dump / pg_restore); hướng dẫn đi kèm kho PostgreSQL (issue 7)."
    )


@dataclass(frozen=True)
class Manifest:
    """What a backup archive holds."""

    format: str
    chiso_version: str
    duckdb_version: str
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
            "duckdb_version": self.duckdb_version,
            "schema_version": self.schema_version,
            "created_at": self.created_at,
            "tables": self.tables,
            "files": self.files,
            "checksum": self.checksum,
        }

    @property
    def created_local(self) -> str:
        """When the backup was taken, as local (Vietnam) time: 30/11/2026 08:15."""
        from chiso.timeutil import VN_TZ

        return dt.datetime.fromisoformat(self.created_at).astimezone(VN_TZ).strftime("%d/%m/%Y %H:%M")

    @property
    def rows(self) -> int:
        """Rows in all tables."""
        return sum(self.tables.values())


def _files_checksum(files: dict[str, str]) -> str:
    return hashlib.sha256(json.dumps(files, sort_keys=True, separators=(",", ":")).encode()).hexdigest()


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _tables(con: duckdb.DuckDBPyConnection, schema: str = "main", catalog: str | None = None) -> list[str]:
    sql = "SELECT table_name FROM information_schema.tables WHERE table_schema = ? AND table_type = 'BASE TABLE'"
    params: list[Any] = [schema]
    if catalog is not None:
        sql += " AND table_catalog = ?"
        params.append(catalog)
    return sorted(str(r[0]) for r in con.execute(sql + " ORDER BY table_name", params).fetchall())


def _counts(con: duckdb.DuckDBPyConnection, prefix: str = "", catalog: str | None = None) -> dict[str, int]:
    out = {}
    for t in _tables(con, catalog=catalog):
        row = con.execute(f'SELECT count(*) FROM {prefix}"{t}"').fetchone()
        out[t] = int(row[0]) if row else 0
    return out


def backup_store(store: Store, target: str | os.PathLike[str]) -> Manifest:
    """Write a backup of ``store`` to the archive ``target`` (replaced atomically if it exists)."""
    from chiso import __version__

    path = Path(target)
    if not path.parent.exists():
        raise BackupError(f"Thư mục chứa tệp sao lưu không tồn tại: {path.parent}")
    with tempfile.TemporaryDirectory(prefix=".chiso-backup-", dir=path.parent) as tmp:
        export = Path(tmp) / DATA_DIR
        with store.transaction():  # the counts and the export see the same snapshot
            tables = _counts(store.con)
            store.con.execute(f"EXPORT DATABASE '{_sql_path(export)}' (FORMAT PARQUET)")
            version = store.schema_version()
        files = {f"{DATA_DIR}/{p.name}": _sha256(p) for p in sorted(export.iterdir())}
        manifest = Manifest(
            FORMAT,
            __version__,
            duckdb.__version__,
            version,
            dt.datetime.now(dt.UTC).isoformat(),
            tables,
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
        manifest = Manifest(**{k: data[k] for k in Manifest.__dataclass_fields__})
    except (tarfile.TarError, KeyError, ValueError, TypeError, OSError) as exc:
        raise BackupError(f"Tệp {path} không phải bản sao lưu chiso hợp lệ ({exc}).") from exc
    if manifest.format != FORMAT:
        raise BackupError(f"Tệp {path} có định dạng «{manifest.format}», chiso này đọc được «{FORMAT}».")
    return manifest


def _extract(archive: Path, manifest: Manifest, into: Path) -> Path:
    """Extract and check every file against the manifest; returns the exported database directory."""
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
    return into / DATA_DIR


def _has_data(location: Path) -> bool:
    """True when the store at ``location`` holds any row (a fresh, migrated-only store counts as empty)."""
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
        counts = _counts(con)
    finally:
        con.close()
    derived = {"schema_version", "work_calendar"}  # filled by the migrations themselves
    return any(n for t, n in counts.items() if t not in derived)


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
    """Restore the backup ``archive`` into the DuckDB file ``target`` (see module docstring)."""
    from chiso.audit.log import AuditEntry, append, cli_actor
    from chiso.store.db import Store
    from chiso.timeutil import format_number_vi

    if is_postgres(target):
        raise BackupError(postgres_message("khôi phục"))
    if target == ":memory:":
        raise BackupError("Không thể khôi phục vào cơ sở dữ liệu trong bộ nhớ; hãy chỉ một tệp bằng --db.")
    src = Path(archive)
    dest = Path(target)
    if not dest.parent.exists():
        raise BackupError(f"Thư mục chứa cơ sở dữ liệu không tồn tại: {dest.parent}")
    manifest = read_manifest(src)
    if manifest.schema_version > SCHEMA_VERSION:
        raise BackupError(
            f"Bản sao lưu có phiên bản lược đồ {manifest.schema_version}, mới hơn phiên bản chiso này hỗ trợ "
            f"({SCHEMA_VERSION}). Hãy cập nhật chiso."
        )
    replacing = _has_data(dest)
    if replacing and not force:
        raise BackupError(
            f"Cơ sở dữ liệu {dest} đã có dữ liệu; khôi phục sẽ ghi đè toàn bộ. Dùng --force nếu chắc chắn "
            "(nên sao lưu kho hiện tại trước bằng chiso backup)."
        )
    fresh = dest.with_name(f".{dest.name}.restore-{uuid.uuid4().hex[:8]}")
    carried = 0
    try:
        with tempfile.TemporaryDirectory(prefix=".chiso-restore-", dir=dest.parent) as tmp:
            export = _extract(src, manifest, Path(tmp))
            con = duckdb.connect(str(fresh))
            try:
                con.execute("SET TimeZone = 'Asia/Ho_Chi_Minh'")
                con.execute(f"IMPORT DATABASE '{_sql_path(export)}'")
                counts = _counts(con)
            finally:
                con.close()
        if counts != manifest.tables:
            raise BackupError(f"Khôi phục {src} không đủ dữ liệu: số dòng các bảng khác với danh mục sao lưu.")
        with Store.open(fresh) as store:  # migrates a backup of an older schema
            if replacing:
                carried = _carry_audit(store, dest)
            note = f"; ghi đè kho cũ, giữ {carried} mục nhật ký của kho cũ" if replacing else ""
            rows = format_number_vi(manifest.rows)
            summary = f"Khôi phục từ {src.name} (sao lưu lúc {manifest.created_local}, {rows} dòng){note}"
            append(store, [AuditEntry(actor or cli_actor(), "restore", summary, keys=[manifest.checksum])])
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
