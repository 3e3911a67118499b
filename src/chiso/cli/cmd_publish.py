"""``chiso publish`` (freeze a period's results), ``chiso verify`` (prove them reproducible) and
``chiso published list|show`` (the frozen figures)."""

from __future__ import annotations

import json
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from chiso.cli.common import DbOption, console, open_store, user_errors
from chiso.timeutil import VN_TZ, format_date_vi, format_number_vi

published_app = typer.Typer(
    name="published",
    help="Kết quả các kỳ đã công bố (đã chốt, không đổi theo dữ liệu sau đó).",
    no_args_is_help=True,
)

PeriodOption = Annotated[str, typer.Option("--period", "-p", help="Kỳ: 2026-10, 2026-Q3, 2026-H1, 2026 …")]
JsonOption = Annotated[bool, typer.Option("--json", help="In kết quả dạng JSON.")]

INPUT_VI = {
    "units": "đơn vị",
    "unit_closure": "cây đơn vị",
    "procedures": "danh mục TTHC",
    "work_calendar": "lịch làm việc",
    "dossiers": "hồ sơ",
    "dossier_events": "sự kiện xử lý hồ sơ",
    "payments": "giao dịch thanh toán",
    "petitions": "phản ánh, kiến nghị",
}
FIELD_VI = {
    "name": "tên",
    "level": "cấp",
    "parent": "đơn vị cấp trên",
    "total": "tổng điểm",
    "classification": "xếp loại",
    "rank": "hạng",
    "peers": "số đơn vị cùng cấp",
    "numerator": "tử số",
    "denominator": "mẫu số",
    "ratio": "tỷ lệ",
    "points": "điểm",
    "applies": "áp dụng",
    "present": "có mặt",
}


def register(app: typer.Typer) -> None:
    """Add ``publish``, ``verify`` and the ``published`` group."""
    app.command("publish")(publish_command)
    app.command("verify")(verify_command)
    app.add_typer(published_app)


def _when(value: Any) -> str:
    local = value.astimezone(VN_TZ)
    return f"{local:%H:%M} {format_date_vi(local.date())}"


def _echo_json(data: Any) -> None:
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2))


def publish_command(
    period: PeriodOption,
    methodology: Annotated[str, typer.Option("--methodology", "-m", help="Phương pháp tính.")] = "dvcqg-2026",
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", help="Thời điểm đánh giá (ISO 8601, mặc định: bây giờ). Ví dụ 2026-11-05T00:00."),
    ] = None,
    replace: Annotated[
        bool, typer.Option("--replace", help="Công bố lại một kỳ đã công bố (bản cũ được giữ làm lịch sử).")
    ] = False,
    db: DbOption = None,
) -> None:
    """Công bố (chốt) kết quả một kỳ cho mọi đơn vị, kèm mã băm dữ liệu đầu vào và phiên bản phương pháp tính."""
    from chiso.cli.cmd_engine import parse_as_of
    from chiso.publish import publish

    instant = parse_as_of(as_of)
    with open_store(db) as store, user_errors():
        pub = publish(store, period, as_of=instant, methodology=methodology, replace=replace)
    console.print(
        f"Đã công bố kết quả kỳ [bold]{pub.period}[/] của {format_number_vi(pub.units)} đơn vị, đánh giá lúc "
        f"{_when(pub.as_of)}, phương pháp {escape(pub.methodology)} (phiên bản {pub.methodology_version})."
    )
    console.print(f"Mã băm dữ liệu đầu vào: [bold]{pub.input_hash}[/]")
    console.print(f"Kiểm tra lại bất cứ lúc nào bằng: chiso verify --period {pub.period}")


def verify_command(period: PeriodOption, json_out: JsonOption = False, db: DbOption = None) -> None:
    """Tính lại kỳ đã công bố từ dữ liệu hiện tại và chứng minh kết quả giống hệt; nếu khác, chỉ rõ khác ở đâu
    (mã trạng thái 1)."""
    from chiso.publish import verify

    with open_store(db) as store, user_errors():
        result = verify(store, period)
    if json_out:
        _echo_json(result.to_json())
        raise typer.Exit(0 if result.identical else 1)
    pub = result.publication
    head = f"Kỳ {pub.period} (công bố {_when(pub.published_at)} bởi {escape(pub.published_by)})"
    if result.identical:
        console.print(
            f"[green]{head}: kết quả tính lại giống hệt bản đã công bố[/] — {format_number_vi(pub.units)} đơn vị, "
            f"mã băm dữ liệu đầu vào {pub.input_hash}."
        )
        if result.inputs_other_backend:
            # A backup restored into the other backend: the stores serialise rows differently before hashing.
            console.print(
                "Lưu ý: bản công bố được lập trên loại cơ sở dữ liệu khác (DuckDB/PostgreSQL); các bảng "
                f"{', '.join(result.inputs_other_backend)} được đối chiếu theo số dòng, còn mọi kết quả được so "
                "sánh đầy đủ."
            )
        return
    console.print(f"[bold red]{head}: dữ liệu hoặc kết quả đã thay đổi so với bản đã công bố.[/]")
    if result.changed_inputs:
        console.print(f"Mã băm dữ liệu đầu vào: {pub.input_hash} (đã công bố) → {result.input_hash} (hiện tại).")
        for name, (before, now) in result.changed_inputs.items():
            label = INPUT_VI.get(name, name)
            console.print(
                f"  • {label}: {format_number_vi(before.rows)} → {format_number_vi(now.rows)} dòng"
                + ("" if before.rows != now.rows else ", nội dung thay đổi")
            )
    if result.methodology_problem:
        console.print(f"Phương pháp tính: {escape(result.methodology_problem)}")
    if result.units_added:
        console.print(f"Đơn vị mới (không có trong bản công bố): {', '.join(result.units_added)}")
    if result.units_removed:
        console.print(f"Đơn vị không còn: {', '.join(result.units_removed)}")
    if result.unit_changes or result.indicator_changes:
        table = Table(title=f"{len(result.changed_units)} đơn vị có kết quả khác", header_style="bold")
        for col in ("Đơn vị", "Chỉ tiêu", "Giá trị", "Đã công bố", "Tính lại"):
            table.add_column(col)
        for unit, what, a, b in result.unit_changes:
            table.add_row(unit, "—", FIELD_VI.get(what, what), _value(a), _value(b))
        for unit, ind, what, a, b in result.indicator_changes[:200]:
            table.add_row(unit, ind, FIELD_VI.get(what, what), _value(a), _value(b))
        console.print(table)
        if len(result.indicator_changes) > 200:
            console.print(f"[dim]… và {len(result.indicator_changes) - 200} thay đổi khác (xem --json).[/]")
    raise typer.Exit(1)


def _value(v: Any) -> str:
    if v is None:
        return "—"
    if isinstance(v, bool):
        return "có" if v else "không"
    if isinstance(v, int | float):
        return format_number_vi(float(v), 4 if not float(v).is_integer() else 0)
    return escape(str(v))


@published_app.command("list")
def published_list(db: DbOption = None) -> None:
    """Các kỳ đã công bố (mỗi lần công bố một dòng; lần sau cùng của một kỳ là bản có hiệu lực)."""
    from chiso.publish import publications

    with open_store(db) as store, user_errors():
        rows = publications(store)
    if not rows:
        console.print("Chưa có kỳ nào được công bố. Công bố bằng: chiso publish --period 2026-10")
        return
    table = Table(title="Các kỳ đã công bố", header_style="bold")
    for col in ("Kỳ", "Công bố lúc", "Bởi", "Đánh giá lúc", "Phương pháp", "Đơn vị", "Mã băm đầu vào"):
        table.add_column(col)
    for p in rows:
        table.add_row(
            p.period,
            _when(p.published_at),
            escape(p.published_by),
            _when(p.as_of),
            f"{escape(p.methodology)} {p.methodology_version}",
            format_number_vi(p.units),
            p.input_hash[:16],
        )
    console.print(table)


@published_app.command("show")
def published_show(
    period: PeriodOption,
    unit: Annotated[
        str | None,
        typer.Option("--unit", "-u", help="Đơn vị và các đơn vị trực thuộc (mặc định: các tỉnh)."),
    ] = None,
    json_out: JsonOption = False,
    db: DbOption = None,
) -> None:
    """Kết quả đã công bố của một kỳ, đúng như lúc công bố (không tính lại)."""
    from chiso.cli.render import indicators_table, scores_table
    from chiso.methodology import load_methodology
    from chiso.publish import published_scores

    with open_store(db) as store, user_errors():
        if unit is None:
            codes = [r[0] for r in store.con.execute("SELECT code FROM units WHERE parent_code IS NULL").fetchall()]
        else:
            codes = [unit] + [
                r[0] for r in store.con.execute("SELECT code FROM units WHERE parent_code = ?", [unit]).fetchall()
            ]
        pub, scores = published_scores(store, period, units=codes)
        if unit is not None:
            scores.sort(key=lambda s: (s.id != unit, s.level, s.rank or 0))
        if json_out:
            _echo_json({"publication": pub.to_json(), "units": [s.to_json() for s in scores]})
            return
        try:
            m = load_methodology(pub.methodology)
        except Exception:  # the frozen figures stand on their own; the catalogue only labels the columns
            m = load_methodology("dvcqg-2026")
    title = (
        f"Kết quả đã công bố kỳ {pub.period} (công bố {_when(pub.published_at)}, đánh giá lúc {_when(pub.as_of)}, "
        f"{pub.methodology} {pub.methodology_version})"
    )
    if not scores:
        console.print(f"Bản công bố kỳ {pub.period} không có đơn vị {escape(unit or '')}.")
        return
    console.print(scores_table(scores, m, title=title))
    console.print(f"[dim]Mã băm dữ liệu đầu vào: {pub.input_hash}[/]")
    if unit is not None and len(scores) == 1:
        console.print(indicators_table(scores[0], m, title="Chi tiết chỉ tiêu"))
