"""Commands that show what the store holds: ``chiso units`` and ``chiso stats``."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from chiso.cli.common import DbOption, console, open_store
from chiso.store.queries import monthly_stats, unit_listing
from chiso.timeutil import format_number_vi

LEVEL_VI = {
    "ministry": "Bộ, ngành",
    "province": "Tỉnh",
    "department": "Sở, ban, ngành",
    "district": "Huyện",
    "commune": "Xã, phường",
}


def register(app: typer.Typer) -> None:
    """Add ``units`` and ``stats``."""
    app.command("units")(units)
    app.command("stats")(stats)


def units(
    db: DbOption = None,
    under: Annotated[str | None, typer.Option("--under", help="Chỉ liệt kê đơn vị thuộc mã này.")] = None,
    level: Annotated[str | None, typer.Option("--level", help="province | department | commune | …")] = None,
) -> None:
    """Liệt kê các đơn vị (mỗi đơn vị một dòng): mã, tên, cấp, đơn vị cấp trên."""
    with open_store(db) as store:
        rows = unit_listing(store, under=under, level=level)
        if not rows:
            console.print("Chưa có đơn vị nào. Hãy chạy [bold]chiso generate[/] hoặc [bold]chiso import[/].")
            return
        for row in rows:
            indent = "  " * int(row["depth"] or 0)
            console.print(
                f"{row['code']:<10} {indent}{row['name']}  [dim]({LEVEL_VI.get(row['level'], row['level'])}"
                f"{', cấp trên ' + row['parent_code'] if row['parent_code'] else ''})[/]",
                highlight=False,
            )
        console.print(f"[dim]Tổng cộng {format_number_vi(len(rows))} đơn vị.[/]")


def stats(
    db: DbOption = None,
    under: Annotated[str | None, typer.Option("--under", help="Chỉ thống kê đơn vị thuộc mã này.")] = None,
) -> None:
    """Thống kê số hồ sơ theo đơn vị và tháng tiếp nhận, cùng tổng số bản ghi của từng bảng."""
    with open_store(db) as store:
        totals = store.counts()
        names = {
            "units": "Đơn vị",
            "procedures": "Thủ tục hành chính",
            "dossiers": "Hồ sơ",
            "dossier_events": "Sự kiện xử lý hồ sơ",
            "payments": "Giao dịch thanh toán",
            "petitions": "Phản ánh, kiến nghị",
        }
        summary = Table(title="Dữ liệu trong kho", show_header=False)
        for key, label in names.items():
            summary.add_row(label, format_number_vi(totals[key]))
        console.print(summary)
        months, rows = monthly_stats(store, under=under)
        if not rows:
            console.print("Chưa có hồ sơ nào.")
            return
        table = Table(title="Số hồ sơ theo đơn vị và tháng tiếp nhận")
        table.add_column("Mã")
        table.add_column("Đơn vị")
        for month in months:
            table.add_column(f"{month[5:]}/{month[:4]}", justify="right")
        table.add_column("Cộng", justify="right")
        for unit_row in rows:
            cells = [format_number_vi(unit_row["by_month"].get(m, 0)) for m in months]
            table.add_row(unit_row["code"], unit_row["name"], *cells, format_number_vi(unit_row["total"]))
        console.print(table)
