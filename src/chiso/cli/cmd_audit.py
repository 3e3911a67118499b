"""``chiso audit``: who changed what, when (the append-only audit log)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Annotated

import typer
from rich.markup import escape

from chiso.cli.common import DbOption, console, open_store, user_errors
from chiso.errors import ChisoError
from chiso.timeutil import VN_TZ, format_number_vi


def register(app: typer.Typer) -> None:
    """Add ``audit``."""
    app.command("audit")(audit)


def parse_instant(text: str | None, option: str) -> dt.datetime | None:
    """A date (its 00:00) or ISO instant; naive = Vietnam local time."""
    if text is None:
        return None
    try:
        value = dt.datetime.fromisoformat(text)
    except ValueError as exc:
        raise ChisoError(f"{option} không hợp lệ: '{text}' (dùng dạng 2026-11-01 hoặc 2026-11-01T08:00).") from exc
    return value if value.tzinfo else value.replace(tzinfo=VN_TZ)


def audit(
    since: Annotated[str | None, typer.Option("--since", help="Từ ngày/thời điểm (2026-11-01).")] = None,
    until: Annotated[str | None, typer.Option("--until", help="Trước ngày/thời điểm.")] = None,
    unit: Annotated[str | None, typer.Option("--unit", "-u", help="Chỉ thay đổi của đơn vị này và cấp dưới.")] = None,
    action: Annotated[
        str | None,
        typer.Option("--action", help="ingest | import | token (token.create, token.revoke) | publish | restore"),
    ] = None,
    limit: Annotated[int, typer.Option("--limit", help="Số mục gần nhất tối đa.")] = 200,
    json_out: Annotated[bool, typer.Option("--json", help="In dạng JSON.")] = False,
    db: DbOption = None,
) -> None:
    """Nhật ký kiểm toán: ai thay đổi gì, lúc nào, qua yêu cầu nào (chỉ thêm, không sửa, không xóa)."""
    from chiso.audit import ACTIONS, query

    with open_store(db) as store, user_errors():
        rows = query(
            store,
            since=parse_instant(since, "--since"),
            until=parse_instant(until, "--until"),
            unit=unit,
            action=action,
            limit=limit,
        )
    if json_out:
        typer.echo(json.dumps([r.to_json() for r in rows], ensure_ascii=False, indent=2))
        return
    if not rows:
        console.print("Không có mục nào trong nhật ký kiểm toán khớp điều kiện.")
        return
    # One line per entry: an audit trail is read (and grepped) line by line.
    for r in rows:
        when = r.at.astimezone(VN_TZ).strftime("%d/%m/%Y %H:%M:%S")
        unit_part = f" [{r.unit_code}]" if r.unit_code else ""
        request = f" [dim](yêu cầu {escape(r.request_id)})[/]" if r.request_id else ""
        console.print(
            f"{when}  [bold]{escape(r.actor)}[/]  {ACTIONS.get(r.action, r.action)}{escape(unit_part)}: "
            f"{escape(r.summary)}{request}",
            highlight=False,
            soft_wrap=True,
        )
    console.print(f"[dim]{format_number_vi(len(rows))} mục.[/]")
