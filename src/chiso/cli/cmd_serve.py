"""``chiso serve`` (the web dashboard, JSON API and real-time ingest) and ``chiso token`` (senders' API tokens)."""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import signal
import sys
import tempfile
import urllib.error
import urllib.request
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from chiso.cli.common import DbOption, console, fail, open_store, user_errors
from chiso.errors import ChisoError
from chiso.store.db import StoreError, resolve_db_path
from chiso.store.pg import is_postgres_url, redacted

token_app = typer.Typer(
    name="token",
    help="Mã truy cập API của các hệ thống gửi dữ liệu (một cửa điện tử): tạo, liệt kê, thu hồi.",
    no_args_is_help=True,
)


def register(app: typer.Typer) -> None:
    """Add ``serve`` and the ``token`` group."""
    app.command("serve")(serve)
    app.add_typer(token_app)


def serve_file(db: str | None) -> Path:
    """Where a running server leaves its URL and admin key: next to the database file; for a PostgreSQL store, a
    file named after its URL in the temporary directory (readable by its owner only)."""
    location = resolve_db_path(db)
    if is_postgres_url(location):
        digest = hashlib.sha256(location.encode()).hexdigest()[:20]
        return Path(tempfile.gettempdir()) / f"chiso-serve-{digest}.json"
    return Path(location + ".serve.json")


def serve(
    host: Annotated[str, typer.Option("--host", help="Địa chỉ lắng nghe.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Cổng.")] = 8766,
    methodology: Annotated[str, typer.Option("--methodology", "-m", help="Phiên bản phương pháp tính.")] = "dvcqg-2026",
    db: DbOption = None,
) -> None:
    """Chạy máy chủ web: trang tổng quan, API JSON và nhận dữ liệu theo thời gian thực."""
    import uvicorn

    from chiso.web import Settings, create_app

    settings = Settings.from_env(db=db, host=host, port=port, methodology=methodology)
    location = resolve_db_path(db)
    if location != ":memory:" and not is_postgres_url(location) and not Path(location).exists():
        raise fail(f"Không có cơ sở dữ liệu {location}. Hãy nhập dữ liệu (chiso import) hoặc chạy chiso demo trước.")
    with user_errors():
        app = create_app(settings)
    admin_key = secrets.token_urlsafe(24)
    app.state.gate.admin_key = admin_key
    info = serve_file(db)
    if location != ":memory:":
        info.write_text(json.dumps({"url": settings.base_url, "admin_key": admin_key, "pid": os.getpid()}))
        info.chmod(0o600)
    console.print(
        f"chiso đang chạy tại [bold]{settings.base_url}[/] (cơ sở dữ liệu {redacted(location)}). Nhấn Ctrl+C để dừng."
    )
    console.print(f"Tài liệu API: {settings.base_url}/api/docs")
    # uvicorn re-raises SIGTERM after its graceful shutdown; turn it into an exit so the serve file is removed.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        uvicorn.run(app, host=host, port=port, log_level="warning", timeout_graceful_shutdown=3)
    finally:
        info.unlink(missing_ok=True)


def _server(db: str | None) -> dict[str, Any] | None:
    """The running server's URL and admin key, when the store is held by ``chiso serve``."""
    info = serve_file(db)
    if not info.exists():
        return None
    try:
        data: dict[str, Any] = json.loads(info.read_text())
    except (OSError, ValueError):
        return None
    return data


def _call(server: dict[str, Any], method: str, path: str, body: dict[str, Any] | None = None) -> Any:
    request = urllib.request.Request(
        server["url"] + path,
        method=method,
        data=None if body is None else json.dumps(body).encode(),
        headers={"X-Chiso-Admin-Key": server["admin_key"], "Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.loads(response.read())
    except urllib.error.HTTPError as exc:
        detail = json.loads(exc.read() or b"{}").get("detail", str(exc))
        raise ChisoError(str(detail)) from exc
    except OSError as exc:
        raise ChisoError(
            f"Cơ sở dữ liệu đang bị khóa và không liên lạc được máy chủ chiso tại {server['url']}: {exc}"
        ) from exc


def _through_server(db: str | None, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
    """Do a token operation: directly on the store, or — while ``chiso serve`` holds it — through the server."""
    server = _server(db)
    if server is None:
        return None
    return _call(server, method, path, body)


def _locked(db: str | None) -> bool:
    """True when token changes must go through the running server: it holds the DuckDB file, or — a PostgreSQL
    store being open to all — it remembers verified tokens, so a revocation must reach it to be immediate."""
    if _server(db) is None:
        return False
    if is_postgres_url(resolve_db_path(db)):
        return True
    try:
        from chiso.store import Store

        Store.open(db).close()
    except (StoreError, OSError):
        return True
    return False


@token_app.command("create")
def token_create(
    unit: Annotated[
        str,
        typer.Option(
            "--unit", "-u", help="Mã đơn vị; mã truy cập ghi được dữ liệu của đơn vị này và các đơn vị trực thuộc."
        ),
    ],
    label: Annotated[str | None, typer.Option("--label", help="Tên hệ thống gửi (để nhận biết).")] = None,
    db: DbOption = None,
) -> None:
    """Tạo mã truy cập cho một hệ thống gửi dữ liệu. Mã chỉ hiện MỘT LẦN; chiso chỉ lưu bản băm."""
    with user_errors():
        if _locked(db):
            data = _through_server(db, "POST", "/api/v1/admin/tokens", {"unit": unit, "label": label})
            token_id, token = data["token_id"], data["token"]
        else:
            from chiso.auth import create_token

            with open_store(db) as store:
                info, token = create_token(store, unit, label)
                token_id = info.token_id
    console.print(f"Đã tạo mã truy cập [bold]{token_id}[/] cho đơn vị {unit}. Lưu lại ngay, mã không hiện lại:")
    print(token)


@token_app.command("list")
def token_list(
    unit: Annotated[str | None, typer.Option("--unit", "-u", help="Chỉ các mã của đơn vị này.")] = None,
    db: DbOption = None,
) -> None:
    """Liệt kê các mã truy cập (không bao giờ hiện mã bí mật)."""
    with user_errors():
        if _locked(db):
            rows = _through_server(db, "GET", "/api/v1/admin/tokens" + (f"?unit={unit}" if unit else ""))
        else:
            from chiso.auth import list_tokens

            with open_store(db) as store:
                rows = [t.to_json() for t in list_tokens(store, unit_code=unit)]
    table = Table(title="Mã truy cập API")
    for col in ("Mã", "Đơn vị", "Hệ thống", "Tạo lúc", "Trạng thái"):
        table.add_column(col)
    for r in rows:
        state = "[green]đang dùng[/]" if r["revoked_at"] is None else f"[red]đã thu hồi {r['revoked_at'][:16]}[/]"
        table.add_row(r["token_id"], r["unit_code"], r["label"] or "", r["created_at"][:16], state)
    console.print(table)


@token_app.command("revoke")
def token_revoke(
    token_id: Annotated[str, typer.Argument(help="Mã (phần công khai) của mã truy cập, xem bằng chiso token list.")],
    db: DbOption = None,
) -> None:
    """Thu hồi một mã truy cập: các yêu cầu dùng mã này bị từ chối ngay (401)."""
    with user_errors():
        if _locked(db):
            _through_server(db, "POST", f"/api/v1/admin/tokens/{token_id}/revoke")
        else:
            from chiso.auth import revoke_token

            with open_store(db) as store:
                revoke_token(store, token_id)
    console.print(f"Đã thu hồi mã truy cập [bold]{token_id}[/].")
