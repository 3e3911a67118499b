"""``chiso report``: the monthly report of a unit (or of every unit) as .docx, PDF and Markdown."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from chiso.cli.cmd_engine import AsOfOption, MethodologyOption, PeriodOption, parse_as_of
from chiso.cli.common import DbOption, console, fail, open_store, user_errors
from chiso.timeutil import format_number_vi


def register(app: typer.Typer) -> None:
    """Add ``report``."""
    app.command("report")(report)


def _parse_date(text: str | None) -> dt.date | None:
    if text is None:
        return None
    with user_errors():
        try:
            return dt.date.fromisoformat(text)
        except ValueError as exc:
            from chiso.errors import ChisoError

            raise ChisoError(f"Ngày ban hành không hợp lệ: '{text}' (dùng dạng 2026-11-05).") from exc
    return None  # pragma: no cover


def report(
    period: PeriodOption,
    unit: Annotated[str | None, typer.Option("--unit", "-u", help="Mã đơn vị (xã, sở, tỉnh…).")] = None,
    all_units: Annotated[
        bool, typer.Option("--all", help="Ghi báo cáo của mọi đơn vị (hoặc mọi đơn vị thuộc --province).")
    ] = False,
    province: Annotated[
        str | None, typer.Option("--province", help="Với --all: chỉ các đơn vị thuộc tỉnh này (mã, ví dụ 19).")
    ] = None,
    level: Annotated[
        list[str] | None,
        typer.Option("--level", help="Với --all: chỉ cấp này (commune, department, province…); lặp lại được."),
    ] = None,
    formats: Annotated[
        str, typer.Option("--format", "-f", help="Định dạng, cách nhau bởi dấu phẩy: docx, pdf, md.")
    ] = "docx",
    out: Annotated[Path, typer.Option("--out", "-o", help="Thư mục ghi báo cáo.")] = Path("."),
    as_of: AsOfOption = None,
    issued: Annotated[
        str | None, typer.Option("--date", help="Ngày ban hành ghi trên báo cáo (mặc định: ngày đánh giá).")
    ] = None,
    profile: Annotated[
        Path | None,
        typer.Option(
            "--profile",
            envvar="CHISO_REPORT_PROFILE",
            help="Tệp hồ sơ đơn vị (TOML/JSON): tên cơ quan, số văn bản, người ký, nơi nhận (xem docs/report.md).",
        ),
    ] = None,
    number: Annotated[str | None, typer.Option("--number", help="Số văn bản (chỉ khi báo cáo một đơn vị).")] = None,
    signer: Annotated[
        str | None, typer.Option("--signer", help="Họ tên người ký (chỉ khi báo cáo một đơn vị).")
    ] = None,
    annex_rows: Annotated[
        int, typer.Option("--annex-rows", help="Số hồ sơ tối đa liệt kê trong mỗi bảng phụ lục.", min=1)
    ] = 20,
    methodology: MethodologyOption = "dvcqg-2026",
    db: DbOption = None,
) -> None:
    """Báo cáo kết quả Bộ chỉ số 766 theo thể thức Nghị định 30/2020/NĐ-CP: .docx, PDF (qua LibreOffice), Markdown."""
    from chiso.report import load_profiles, parse_formats, write_report, write_reports
    from chiso.report.profile import ProfileBook

    if (unit is None) == (not all_units):
        raise fail("Chọn một đơn vị bằng --unit <mã>, hoặc --all để ghi báo cáo của mọi đơn vị.")
    if all_units and (number or signer):
        raise fail("--number và --signer chỉ dùng khi báo cáo một đơn vị; với --all hãy khai trong tệp --profile.")
    instant = parse_as_of(as_of)
    issued_on = _parse_date(issued)
    with user_errors():
        fmts = parse_formats(formats)
        profiles = load_profiles(profile)
    with open_store(db) as store, user_errors():
        started = time.perf_counter()
        if unit is not None:
            if number or signer:
                overrides = {k: v for k, v in (("document_number", number), ("signer_name", signer)) if v}
                units = dict(profiles.units)
                units[unit] = {**units.get(unit, {}), **overrides}
                profiles = ProfileBook(profiles.defaults, units, profiles.source)
            paths = write_report(
                store,
                unit,
                period,
                out=out,
                formats=fmts,
                as_of=instant,
                methodology=methodology,
                profiles=profiles,
                issued_on=issued_on,
                annex_rows=annex_rows,
            )
            for p in paths:
                console.print(f"Đã ghi [bold]{p}[/]")
            return

        def progress(n: int, total: int, name: str) -> None:
            if n == total or n % 10 == 0:
                console.print(f"  {n}/{total} — {name}")

        result = write_reports(
            store,
            period,
            out=out,
            root=province,
            levels=level,
            formats=fmts,
            as_of=instant,
            methodology=methodology,
            profiles=profiles,
            issued_on=issued_on,
            annex_rows=annex_rows,
            progress=progress,
        )
        table = Table(title="Báo cáo đã ghi", header_style="bold")
        table.add_column("Định dạng")
        table.add_column("Số tệp", justify="right")
        for fmt in fmts:
            count = sum(1 for p in result.paths if p.suffix == f".{fmt}")
            table.add_row(fmt, format_number_vi(count))
        console.print(table)
        console.print(
            f"{format_number_vi(result.units)} đơn vị vào thư mục [bold]{out}[/] trong "
            f"{format_number_vi(round(time.perf_counter() - started, 1))} giây (tính điểm "
            f"{format_number_vi(round(result.scoring_seconds, 1))} giây, viết báo cáo "
            f"{format_number_vi(round(result.reports_seconds, 1))} giây"
            + (f", PDF {format_number_vi(round(result.pdf_seconds, 1))} giây" if result.pdf_seconds else "")
            + ")."
        )
