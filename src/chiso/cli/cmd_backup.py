"""``chiso backup FILE`` and ``chiso restore FILE``: one archive with a manifest and checksums, the same for a DuckDB
and a PostgreSQL store (a backup of either restores into either)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from chiso.cli.common import DbOption, console, fail, open_store, user_errors
from chiso.store.backup import BackupError, is_postgres
from chiso.store.db import resolve_db_path
from chiso.store.pg import redacted
from chiso.timeutil import format_number_vi


def register(app: typer.Typer) -> None:
    """Add ``backup`` and ``restore``."""
    app.command("backup")(backup)
    app.command("restore")(restore)


def backup(
    file: Annotated[Path, typer.Argument(help="Tệp sao lưu sẽ tạo (ví dụ chiso-2026-11-30.chisobak).")],
    db: DbOption = None,
) -> None:
    """Sao lưu toàn bộ kho dữ liệu (DuckDB hoặc PostgreSQL) vào một tệp: ảnh chụp nhất quán, kèm danh mục và mã kiểm
    tra; khôi phục được vào kho DuckDB lẫn PostgreSQL."""
    from chiso.store.backup import backup_store

    location = resolve_db_path(db)
    with user_errors():
        if not is_postgres(location) and location != ":memory:" and not Path(location).exists():
            raise BackupError(f"Không có cơ sở dữ liệu {location} để sao lưu.")
    from chiso.cli.cmd_serve import _locked, _through_server
    from chiso.store.backup import Manifest

    with user_errors():
        held = _locked(db)
        # `chiso serve` holds a DuckDB file: its own connection takes the snapshot. A PostgreSQL store is never
        # held; the backup takes its snapshot on a connection of its own.
        if held:
            data = _through_server(db, "POST", "/api/v1/admin/backup", {"path": str(file.resolve())})
            manifest = Manifest.from_json(data)
    if not held:
        with open_store(db) as store, user_errors():
            manifest = backup_store(store, file)
    where = redacted(location) if is_postgres(location) else location
    console.print(
        f"Đã sao lưu {where} vào [bold]{file}[/]: {format_number_vi(len(manifest.tables))} bảng, "
        f"{format_number_vi(manifest.rows)} dòng, lược đồ phiên bản {manifest.schema_version}."
    )
    console.print(f"Mã kiểm tra: {manifest.checksum}")


def restore(
    file: Annotated[Path, typer.Argument(help="Tệp sao lưu (tạo bằng chiso backup).")],
    force: Annotated[
        bool,
        typer.Option("--force", help="Ghi đè kho đang có dữ liệu (giữ nhật ký kiểm toán của kho cũ)."),
    ] = False,
    db: DbOption = None,
) -> None:
    """Khôi phục kho dữ liệu (DuckDB hoặc PostgreSQL) từ tệp sao lưu: kiểm tra mã kiểm tra và phiên bản lược đồ rồi
    mới thay thế toàn bộ kho — vào tệp tạm rồi đổi tên (DuckDB) hoặc trong một giao dịch (PostgreSQL); không bao giờ
    để lại kho dở dang."""
    from chiso.store.backup import restore_store

    location = resolve_db_path(db)
    if location == ":memory:":
        raise fail("Hãy chỉ tệp cơ sở dữ liệu cần khôi phục vào bằng --db.")
    from chiso.cli.cmd_serve import _server

    running = _server(db)
    if running is not None:
        raise fail(f"chiso serve đang chạy trên kho này ({running.get('url')}); hãy dừng máy chủ trước khi khôi phục.")
    with user_errors():
        done = restore_store(file, location, force=force)
    console.print(
        f"Đã khôi phục [bold]{done.location}[/] từ {file}: {format_number_vi(done.manifest.rows)} dòng, sao lưu lúc "
        f"{done.manifest.created_local}."
        + (f" Kho cũ đã bị ghi đè; giữ {format_number_vi(done.audit_carried)} mục nhật ký." if done.replaced else "")
    )
