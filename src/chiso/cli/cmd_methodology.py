"""``chiso methodology list|show`` (the catalogue as data) and ``chiso score`` (counts or raw data → scores)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from chiso.cli.common import DbOption, console, fail, open_store, user_errors
from chiso.cli.render import indicators_table, methodology_renderables, scores_table
from chiso.errors import ChisoError
from chiso.methodology import DEFAULT_METHODOLOGY, available_methodologies, load_methodology
from chiso.timeutil import format_date_vi, format_number_vi

methodology_app = typer.Typer(
    help="Phương pháp tính Bộ chỉ số 766: nhóm, chỉ tiêu, ngưỡng, quy tắc và câu hỏi còn mở (dữ liệu có phiên bản).",
    no_args_is_help=True,
)


def register(app: typer.Typer) -> None:
    """Add ``methodology list|show`` and ``score``."""
    app.add_typer(methodology_app, name="methodology")
    app.command("score")(score)


def _echo_json(data: Any) -> None:
    # Plain stdout, not Rich: the JSON must stay byte-for-byte parseable (no wrapping, no markup).
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2))


@methodology_app.command("list")
def list_methodologies() -> None:
    """Các phương pháp tính có sẵn."""
    with user_errors():
        table = Table(title="Phương pháp tính có sẵn", header_style="bold")
        for col in ("Mã", "Phiên bản", "Tên", "Áp dụng"):
            table.add_column(col)
        for name in available_methodologies():
            m = load_methodology(name)
            validity = f"từ {format_date_vi(m.valid_from)}"
            if m.valid_until is not None:
                validity += f" đến {format_date_vi(m.valid_until)}"
            marker = " (mặc định)" if m.id == DEFAULT_METHODOLOGY else ""
            table.add_row(f"{m.id}{marker}", m.version, m.title, validity)
        console.print(table)


@methodology_app.command("show")
def show(
    name: Annotated[
        str,
        typer.Option("--name", "-n", help="Mã phương pháp (xem `chiso methodology list`) hoặc đường dẫn tệp .toml."),
    ] = DEFAULT_METHODOLOGY,
    json_out: Annotated[bool, typer.Option("--json", help="In toàn bộ phương pháp dưới dạng JSON.")] = False,
) -> None:
    """In phương pháp tính: nhóm, chỉ tiêu (điểm tối đa, ngưỡng T, quy tắc mẫu số bằng 0, độ tin cậy, theo cấp),
    xếp loại, quy tắc làm tròn và xếp hạng, câu hỏi còn mở."""
    with user_errors():
        m = load_methodology(name)
    if json_out:
        _echo_json(m.to_dict())
        return
    for part in methodology_renderables(m, console.width):
        console.print(part)


def _score_aggregates(source: str, methodology: str | None) -> None:
    from chiso.score import parse_aggregates, score_aggregates
    from chiso.score.aggregates import parse_json, read_aggregates

    with user_errors():
        doc = parse_json(sys.stdin.read(), "<stdin>") if source == "-" else read_aggregates(Path(source))
        parse_aggregates(doc, methodology)  # validate first: every problem is reported before any output
        _echo_json(score_aggregates(doc, methodology))


def score(
    aggregates: Annotated[
        str | None,
        typer.Option(
            "--aggregates",
            "-a",
            help="Tệp JSON tử số/mẫu số theo đơn vị ('-' = đọc từ stdin); in kết quả JSON ra stdout.",
            show_default=False,
        ),
    ] = None,
    unit: Annotated[
        str | None, typer.Option("--unit", "-u", help="Mã đơn vị: tính đơn vị và các đơn vị trực thuộc.")
    ] = None,
    period: Annotated[
        str | None, typer.Option("--period", "-p", help="Kỳ: 2026-10, 2026-Q3, 2026-H1, 2026, hoặc khoảng ngày.")
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", help="Thời điểm đánh giá (ISO 8601, mặc định: bây giờ). Ví dụ 2026-10-31T17:00."),
    ] = None,
    json_out: Annotated[bool, typer.Option("--json", help="In kết quả dạng JSON.")] = False,
    methodology: Annotated[
        str | None,
        typer.Option(
            "--methodology", "-m", help=f"Phương pháp tính (mặc định {DEFAULT_METHODOLOGY}).", show_default=False
        ),
    ] = None,
    db: DbOption = None,
    engine: Annotated[
        str,
        typer.Option(
            "--engine",
            help="Bộ máy tính: duckdb (kho --db, DuckDB hoặc PostgreSQL) hoặc spark (bản xuất Parquet --data).",
        ),
    ] = "duckdb",
    data: Annotated[
        str | None,
        typer.Option(
            "--data", help="Với --engine spark: thư mục bản xuất của chiso export --parquet.", show_default=False
        ),
    ] = None,
) -> None:
    """Tính điểm: từ tử số/mẫu số cho sẵn (--aggregates) hoặc từ dữ liệu gốc cho một đơn vị và các đơn vị trực thuộc
    (--unit, --period); với --engine spark --data THƯ_MỤC: mọi đơn vị của bản xuất Parquet, tính trên Spark."""
    if engine not in ("duckdb", "spark"):
        raise fail(f"Bộ máy tính không hợp lệ: '{engine}' (dùng duckdb hoặc spark).")
    if engine == "spark" and aggregates is None:
        from chiso.cli.cmd_parquet import score_spark

        score_spark(data, period=period, unit=unit, as_of=as_of, json_out=json_out, methodology=methodology)
        return
    if aggregates is not None:
        if unit is not None or period is not None or as_of is not None:
            raise fail("Dùng --aggregates hoặc --unit/--period, không dùng cả hai.")
        _score_aggregates(aggregates, methodology)
        return
    if unit is None or period is None:
        raise fail("Cần --aggregates TỆP.json, hoặc --unit MÃ_ĐƠN_VỊ và --period KỲ (ví dụ --period 2026-10).")

    from chiso.cli.cmd_engine import parse_as_of
    from chiso.compute.engine import score_subtree
    from chiso.compute.period import Period
    from chiso.timeutil import now_vn

    instant = parse_as_of(as_of) or now_vn()
    with open_store(db) as store, user_errors():
        p = Period.parse(period)
        m = load_methodology(methodology or DEFAULT_METHODOLOGY)
        scores = score_subtree(store, unit=unit, period=p, as_of=instant, methodology=m)
        if not scores:
            raise ChisoError(f"Không có kết quả cho đơn vị '{unit}'.")
        if json_out:
            _echo_json(
                {
                    "methodology": m.id,
                    "period": p.key,
                    "as_of": instant.isoformat(),
                    "units": [s.to_json() for s in scores],
                }
            )
            return
        head = scores[0]
        when = f"đánh giá lúc {instant:%H:%M} {format_date_vi(instant.date())}"
        console.print(
            scores_table(scores, m, title=f"{head.name} và các đơn vị trực thuộc — {p.label_vi} ({when}) — {m.id}")
        )
        console.print(
            f"[bold]{head.name}[/]: {format_number_vi(head.total)}/100 điểm, xếp loại [bold]{head.classification_name}"
            f"[/], hạng {head.rank}/{head.peers}."
        )
        if len(scores) == 1:
            console.print(indicators_table(head, m, title="Chi tiết chỉ tiêu"))
