"""``chiso export --parquet DIR`` (a snapshot of the store for the distributed engine) and the Spark path of
``chiso score --engine spark --data DIR``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from chiso.cli.common import DbOption, console, fail, open_store, user_errors
from chiso.timeutil import format_date_vi, format_number_vi

TABLE_VI = {
    "units": "đơn vị",
    "unit_closure": "quan hệ cấp trên – cấp dưới",
    "procedures": "TTHC",
    "dossiers": "hồ sơ",
    "petitions": "PAKN",
    "work_calendar": "ngày trong lịch làm việc",
}


def register(app: typer.Typer) -> None:
    """Add ``export``."""
    app.command("export")(export)


def export(
    parquet: Annotated[
        Path | None,
        typer.Option("--parquet", help="Thư mục ghi các tệp Parquet (tạo mới nếu chưa có).", show_default=False),
    ] = None,
    period: Annotated[
        str | None,
        typer.Option("--period", "-p", help="Chỉ xuất hồ sơ của kỳ này (2026-10, 2026-Q3, 2026 …); mặc định: tất cả."),
    ] = None,
    methodology: Annotated[
        str, typer.Option("--methodology", "-m", help="Phương pháp tính ghi vào tệp mô tả.")
    ] = "dvcqg-2026",
    db: DbOption = None,
) -> None:
    """Xuất các bảng mà bộ máy tính đọc ra tệp Parquet (kèm manifest.json) để tính trên cụm Spark:
    chiso score --engine spark --data THƯ_MỤC --period KỲ."""
    if parquet is None:
        raise fail("Cần --parquet THƯ_MỤC (hiện chỉ hỗ trợ xuất Parquet).")
    from chiso.compute.snapshot import export_parquet

    with open_store(db) as store, user_errors():
        manifest = export_parquet(store, parquet, period=period, methodology=methodology)
    scope = "mọi kỳ" if manifest.period is None else manifest.period.key
    console.print(f"Đã xuất dữ liệu ({scope}) vào [bold]{manifest.directory}[/]:")
    for name, rows in manifest.rows.items():
        console.print(f"  {name}.parquet: {format_number_vi(rows)} {TABLE_VI.get(name, 'dòng')}")
    console.print(
        f"Thời điểm xuất: {manifest.exported_at:%H:%M} {format_date_vi(manifest.exported_at.date())} "
        "(mặc định là thời điểm đánh giá khi tính trên bản xuất này)."
    )


def score_spark(
    data: str | None,
    *,
    period: str | None,
    unit: str | None,
    as_of: str | None,
    json_out: bool,
    methodology: str | None,
) -> None:
    """``chiso score --engine spark``: every unit of the snapshot in ``data`` scored by Spark; prints the roots,
    or ``unit`` and its children, like the embedded engine does (JSON: every unit, or that subtree)."""
    if data is None or period is None:
        raise fail("Với --engine spark cần --data THƯ_MỤC (bản xuất của chiso export --parquet) và --period KỲ.")
    from chiso.cli.cmd_engine import parse_as_of
    from chiso.cli.render import indicators_table, scores_table
    from chiso.compute.period import Period
    from chiso.compute.spark import open_snapshot, score_snapshot
    from chiso.errors import ChisoError
    from chiso.methodology import DEFAULT_METHODOLOGY

    instant = parse_as_of(as_of)
    with user_errors():
        p = Period.parse(period)
        snapshot = open_snapshot(data)
        result = score_snapshot(snapshot, p, as_of=instant, methodology=methodology or DEFAULT_METHODOLOGY)
        scores = result.scores
        if unit is not None:
            by_id = {s.id: s for s in scores}
            if unit not in by_id:
                raise ChisoError(f"Không có đơn vị mã '{unit}' trong bản xuất {data}.")
            kids = sorted((s for s in scores if s.parent == unit), key=lambda s: (s.level, s.rank or 0, s.id))
            scores = [by_id[unit], *kids]
    m = result.methodology
    judged = result.window.as_of
    if json_out:
        doc = {
            "engine": "spark",
            "methodology": m.id,
            "period": p.key,
            "as_of": judged.isoformat(),
            "units": [s.to_json() for s in scores],
        }
        typer.echo(json.dumps(doc, ensure_ascii=False, indent=2))
        return
    when = f"đánh giá lúc {judged:%H:%M} {format_date_vi(judged.date())}"
    if unit is None:
        roots = sorted((s for s in scores if s.parent is None), key=lambda s: (s.level, s.rank or 0))
        console.print(scores_table(roots, m, title=f"Các tỉnh, bộ — {p.label_vi} ({when}) — {m.id} — Spark"))
        console.print(
            f"Đã tính {format_number_vi(len(scores))} đơn vị trên Spark. "
            "Dùng --unit MÃ để xem một đơn vị và các đơn vị trực thuộc, --json để lấy toàn bộ kết quả."
        )
        return
    head = scores[0]
    console.print(
        scores_table(scores, m, title=f"{head.name} và các đơn vị trực thuộc — {p.label_vi} ({when}) — {m.id} — Spark")
    )
    console.print(
        f"[bold]{head.name}[/]: {format_number_vi(head.total)}/100 điểm, xếp loại [bold]{head.classification_name}"
        f"[/], hạng {head.rank}/{head.peers}."
    )
    if len(scores) == 1:
        console.print(indicators_table(head, m, title="Chi tiết chỉ tiêu"))
