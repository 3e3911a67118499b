"""Engine commands: ``chiso rank`` and ``chiso explain`` (``chiso score`` lives with the methodology commands)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

import typer
from rich.table import Table

from chiso.cli.common import DbOption, console, open_store, user_errors
from chiso.timeutil import VN_TZ, format_number_vi, format_percent_vi

PeriodOption = Annotated[
    str, typer.Option("--period", "-p", help="Kỳ: 2026-10, 2026-Q3, 2026-H1, 2026, hoặc khoảng ngày.")
]
AsOfOption = Annotated[
    str | None,
    typer.Option("--as-of", help="Thời điểm đánh giá (ISO 8601, mặc định: bây giờ). Ví dụ 2026-10-31T17:00."),
]
MethodologyOption = Annotated[str, typer.Option("--methodology", "-m", help="Phiên bản phương pháp tính.")]

SOURCE_VI = {
    "dossier": "hồ sơ",
    "procedure": "thủ tục hành chính",
    "petition": "phản ánh, kiến nghị",
    "unit": "đơn vị",
    "catalogue": "thủ tục hành chính",
}
STATE_VI = {
    "finished": "đã xử lý xong",
    "result_returned": "đã trả kết quả",
    "refused": "từ chối/dừng xử lý",
    "withdrawn": "rút hồ sơ",
    None: "đang xử lý",
}


def parse_as_of(text: str | None) -> dt.datetime | None:
    """An ``--as-of`` value as an aware instant (naive = Vietnam local time)."""
    if text is None:
        return None
    with user_errors():
        try:
            value = dt.datetime.fromisoformat(text)
        except ValueError as exc:
            from chiso.errors import ChisoError

            raise ChisoError(f"Thời điểm đánh giá không hợp lệ: '{text}' (dùng dạng 2026-10-31T17:00).") from exc
    return value if value.tzinfo else value.replace(tzinfo=VN_TZ)


def register(app: typer.Typer) -> None:
    """Add ``rank`` and ``explain``."""
    app.command("rank")(rank)
    app.command("explain")(explain)


def rank(
    period: PeriodOption,
    unit: Annotated[str | None, typer.Option("--unit", "-u", help="Xếp hạng các đơn vị trực thuộc mã này.")] = None,
    level: Annotated[str | None, typer.Option("--level", help="Chỉ một cấp: commune | department | …")] = None,
    as_of: AsOfOption = None,
    methodology: MethodologyOption = "dvcqg-2026",
    db: DbOption = None,
) -> None:
    """Bảng xếp hạng: đơn vị (mặc định: mọi tỉnh) và các đơn vị trực thuộc, theo tổng điểm, cùng cấp với nhau."""
    from chiso.compute.engine import score_subtree, score_units_in_store

    with open_store(db) as store, user_errors():
        if unit is None:
            roots = [r[0] for r in store.con.execute("SELECT code FROM units WHERE parent_code IS NULL").fetchall()]
            scores = score_units_in_store(store, period, as_of=parse_as_of(as_of), units=roots, methodology=methodology)
        else:
            scores = score_subtree(store, unit=unit, period=period, as_of=parse_as_of(as_of), methodology=methodology)[
                1:
            ]
        if level:
            scores = [s for s in scores if s.level == level]
        scores.sort(key=lambda s: (s.level, s.rank or 0))
        table = Table(title=f"Xếp hạng kỳ {period}")
        for col in ("Hạng", "Mã", "Đơn vị", "Tổng điểm", "Xếp loại"):
            table.add_column(col, justify="right" if col in ("Hạng", "Tổng điểm") else "left")
        for s in scores:
            table.add_row(f"{s.rank}/{s.peers}", s.id, s.name, format_number_vi(s.total), s.classification_name)
        console.print(table)


def _fmt(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "có" if value else "không"
    if isinstance(value, dt.datetime):
        return value.astimezone(VN_TZ).strftime("%d/%m/%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float):
        return format_number_vi(value, 1)
    return STATE_VI.get(value, str(value)) if isinstance(value, str) and value in STATE_VI else str(value)


def explain(
    unit: Annotated[str, typer.Option("--unit", "-u", help="Mã đơn vị.")],
    period: PeriodOption,
    indicator: Annotated[
        str | None, typer.Option("--indicator", "-i", help="Mã chỉ tiêu (mặc định: mọi chỉ tiêu mất điểm).")
    ] = None,
    limit: Annotated[int, typer.Option("--limit", help="Số bản ghi tối đa liệt kê cho mỗi chỉ tiêu.")] = 10,
    as_of: AsOfOption = None,
    methodology: MethodologyOption = "dvcqg-2026",
    db: DbOption = None,
) -> None:
    """Giải thích điểm: chỉ tiêu nào mất bao nhiêu điểm, và chính xác những hồ sơ/TTHC/PAKN nào gây ra."""
    from chiso.explain import explain_unit
    from chiso.explain.records import COLUMN_LABELS_VI

    with open_store(db) as store, user_errors():
        score, explanations = explain_unit(
            store,
            unit=unit,
            period=period,
            as_of=parse_as_of(as_of),
            methodology=methodology,
            indicators=None if indicator is None else [indicator],
            limit=limit,
        )
        console.print(
            f"[bold]{score.name}[/] ({score.id}) — kỳ {period}: tổng điểm [bold]{format_number_vi(score.total)}"
            f"[/]/100, xếp loại [bold]{score.classification_name}[/]"
        )
        if not explanations:
            console.print("Đơn vị không mất điểm ở chỉ tiêu nào.")
        for ex in explanations:
            r = ex.indicator
            console.print(
                f"\n[bold]{ex.indicator.code}[/] — {ex.name} ({ex.group}): "
                f"{format_number_vi(r.points or 0)}/{format_number_vi(r.max_points)} điểm, "
                f"mất [bold red]{format_number_vi(r.lost_points or 0)}[/]; tỷ lệ {format_percent_vi(r.ratio)} "
                f"({format_number_vi(r.numerator)}/{format_number_vi(r.denominator)} {SOURCE_VI[ex.source]})"
            )
            if ex.missing_total:
                console.print(
                    f"  {format_number_vi(ex.missing_total)} {SOURCE_VI[ex.source]} chưa đạt"
                    f"{' (liệt kê ' + str(len(ex.missing)) + ')' if len(ex.missing) < ex.missing_total else ''}:"
                )
                if ex.missing:
                    table = Table(show_edge=False, pad_edge=False)
                    columns = list(ex.missing[0].keys())
                    for c in columns:
                        table.add_column(COLUMN_LABELS_VI.get(c, c))
                    for row in ex.missing:
                        table.add_row(*(_fmt(row[c]) for c in columns))
                    console.print(table)
