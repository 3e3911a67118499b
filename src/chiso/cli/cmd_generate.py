"""``chiso generate``: realistic demo data for a province or the whole country (see :mod:`chiso.generate`)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import typer
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

from chiso.cli.common import DbOption, console, err_console, fail, open_store, user_errors

DEFAULT_SEED = 766


def register(app: typer.Typer) -> None:
    """Add ``generate``."""
    app.command("generate")(generate)


def _parse_end(text: str | None) -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise fail(
            f"Ngày kết thúc không hợp lệ: «{escape(text)}». Dùng dạng NĂM-THÁNG-NGÀY, ví dụ 2026-10-31."
        ) from None


def generate(
    province: Annotated[
        str | None,
        typer.Option("--province", "-p", help="Tỉnh, thành phố: mã (01, 15) hoặc tên, có dấu hay không (Lào Cai)."),
    ] = None,
    country: Annotated[bool, typer.Option("--country", help="Sinh dữ liệu cả nước (34 tỉnh, thành phố).")] = False,
    months: Annotated[
        int | None,
        typer.Option("--months", "-m", help="Số tháng dữ liệu, kết thúc ở tháng của --end (mặc định 6; cả nước 1)."),
    ] = None,
    seed: Annotated[
        int, typer.Option("--seed", "-s", help="Hạt giống: cùng hạt giống và tham số → cùng dữ liệu.")
    ] = DEFAULT_SEED,
    end: Annotated[
        str | None,
        typer.Option(
            "--end", help="Ngày cuối có dữ liệu, dạng 2026-10-31 (mặc định hôm nay); tháng cuối đang diễn ra."
        ),
    ] = None,
    scale: Annotated[
        float, typer.Option("--scale", help="Hệ số quy mô số hồ sơ: 1 ≈ thực tế (cả nước khoảng 10 triệu hồ sơ/tháng).")
    ] = 1.0,
    dossiers: Annotated[
        int | None,
        typer.Option("--dossiers", help="Số hồ sơ mong muốn (tính hệ số quy mô tương ứng, thay cho --scale)."),
    ] = None,
    db: DbOption = None,
) -> None:
    """Sinh dữ liệu mẫu thực tế: đơn vị thật (mã năm 2025), danh mục TTHC, hồ sơ, lịch sử xử lý, thanh toán, PAKN.

    Nếu kho đã có dữ liệu của tỉnh này, dữ liệu cũ của tỉnh (danh mục TTHC, hồ sơ cùng lịch sử và thanh toán,
    PAKN) được thay bằng dữ liệu mới sinh; đơn vị được cập nhật theo mã.
    """
    from chiso.generate import generate_country, generate_province

    if country == (province is not None):
        raise fail("Hãy chọn đúng một trong hai: --province <mã hoặc tên tỉnh> hoặc --country.")
    end_day = _parse_end(end)
    n_months = months if months is not None else (1 if country else 6)
    with open_store(db) as store, user_errors():
        with Progress(
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("đơn vị-tháng"),
            TimeElapsedColumn(),
            TextColumn("còn"),
            TimeRemainingColumn(),
            console=err_console,
            transient=True,
        ) as progress:
            task = progress.add_task("Đang sinh dữ liệu", total=None)

            def report(done: int, total: int, label: str) -> None:
                progress.update(task, completed=done, total=total, description=f"Đang sinh dữ liệu — {escape(label)}")

            if country:
                summary = generate_country(
                    store, n_months, seed, end_day, scale, target_dossiers=dossiers, progress=report
                )
            else:
                assert province is not None
                summary = generate_province(
                    store, province, n_months, seed, end_day, scale, target_dossiers=dossiers, progress=report
                )
        console.print(summary.lines_vi()[0], highlight=False)
        for line in summary.lines_vi()[1:]:
            console.print(line, highlight=False)
        console.print(f"[dim]Kho dữ liệu: {escape(store.location)}[/]", highlight=False)
