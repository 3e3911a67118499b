"""Reconciliation with the portal: ``chiso portal import`` / ``chiso portal list`` and ``chiso reconcile``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape
from rich.table import Table

from chiso.cli.common import DbOption, console, open_store, user_errors
from chiso.timeutil import VN_TZ, format_number_vi

if TYPE_CHECKING:
    from chiso.compute.period import Period
    from chiso.reconcile import Reconciliation
    from chiso.store import Store

portal_app = typer.Typer(
    name="portal",
    help="Số liệu của Cổng DVCQG: nhập kết quả công bố và danh sách hồ sơ của một kỳ để đối chiếu.",
    no_args_is_help=True,
)


def register(app: typer.Typer) -> None:
    """Add ``portal import``, ``portal list`` and ``reconcile``."""
    portal_app.command("import")(portal_import)
    portal_app.command("list")(portal_list)
    app.add_typer(portal_app)
    app.command("reconcile")(reconcile_cmd)


def portal_import(
    files: Annotated[list[Path], typer.Argument(help="Tệp kết quả (JSON, CSV, XLSX) hoặc danh sách hồ sơ.")],
    period: Annotated[str, typer.Option("--period", "-p", help="Kỳ của số liệu, ví dụ 2026-10.")],
    kind: Annotated[
        str | None,
        typer.Option("--kind", help="results (kết quả công bố) | dossiers (danh sách hồ sơ); mặc định: tự nhận."),
    ] = None,
    db: DbOption = None,
) -> None:
    """Nhập số liệu Cổng DVCQG của một kỳ; nhập lại thì thay thế toàn bộ số liệu cùng loại của kỳ đó."""
    from chiso.compute.period import Period
    from chiso.reconcile import import_portal_file
    from chiso.reconcile.portal import KIND_VI

    with open_store(db) as store, user_errors():
        p = Period.parse(period)
        for f in files:
            done = import_portal_file(store, f, p, kind=kind)
            replaced = f", thay {format_number_vi(done.replaced)} dòng đã có" if done.replaced else ""
            console.print(
                f"[green]✓[/] {escape(f.name)}: {KIND_VI[done.kind]} {p.label_vi} — "
                f"{format_number_vi(done.rows)} dòng{replaced}."
            )
            for w in done.warnings:
                console.print(f"  [yellow]{escape(w)}[/]")


def portal_list(db: DbOption = None) -> None:
    """Liệt kê số liệu Cổng DVCQG đã nhập theo kỳ."""
    from chiso.reconcile import portal_periods
    from chiso.reconcile.portal import KIND_VI

    with open_store(db) as store:
        rows = list(portal_periods(store))
        if not rows:
            console.print("Chưa nhập số liệu Cổng DVCQG nào. Dùng [bold]chiso portal import --period KỲ TỆP[/].")
            return
        table = Table(title="Số liệu Cổng DVCQG đã nhập")
        for col in ("Kỳ", "Loại", "Số dòng", "Nhập lúc"):
            table.add_column(col)
        for period, kind, n, at in rows:
            table.add_row(period, KIND_VI[kind], format_number_vi(n), at.astimezone(VN_TZ).strftime("%d/%m/%Y %H:%M"))
        console.print(table)


def print_reconciliation(rec: Reconciliation, *, limit: int = 20, compact: bool = False) -> None:
    """The reconciliation as Rich tables: groups (and indicators that differ), totals check, causes, records."""
    from chiso.reconcile import CAUSE_SHORT_VI, CAUSES
    from chiso.reconcile.annex import points_text, signed_text

    p = rec.portal
    head = f"[bold]{escape(rec.unit_name)}[/] ({rec.unit}) — {rec.period.label_vi}: một cửa (chiso) " + (
        f"[bold]{format_number_vi(rec.local.total)}[/]/100"
    )
    if p is not None and p.total is not None:
        diff = rec.total_difference or 0
        head += f", Cổng DVCQG [bold]{format_number_vi(p.total)}[/]/100 (chênh lệch {signed_text(diff)})"
    console.print(head)
    if rec.totals is not None and not rec.totals.ok:
        console.print(f"[bold red]Kiểm tra tổng:[/] {escape(rec.totals.message_vi())}")
    if p is not None:
        table = Table(title=None if compact else "Theo nhóm chỉ số", header_style="bold")
        for col, just in (("Nhóm", "left"), ("Cổng", "right"), ("Một cửa", "right"), ("Chênh lệch", "right")):
            table.add_column(col, justify=just)  # type: ignore[arg-type]
        for g in rec.groups:
            table.add_row(
                g.code if compact else f"{g.code} {escape(g.name)}",
                points_text(g.portal_points),
                points_text(g.local_points),
                signed_text(g.difference),
            )
        console.print(table)
        differing = [i for i in rec.indicators if i.difference]
        if differing and not compact:
            it = Table(title="Chỉ tiêu có chênh lệch", header_style="bold")
            for col in ("Chỉ tiêu", "Cổng (tử/mẫu)", "Một cửa (tử/mẫu)", "Chênh lệch"):
                it.add_column(col)
            for i in differing:
                it.add_row(
                    f"{i.code}\n[dim]{escape(i.name)}[/]",
                    f"{points_text(i.portal_points)} ({_frac(i.portal_numerator, i.portal_denominator)})",
                    f"{points_text(i.local_points)} ({_frac(i.local_numerator, i.local_denominator)})",
                    signed_text(i.difference),
                )
            console.print(it)
    if not rec.dossier_list:
        console.print("[dim]Chưa có danh sách hồ sơ trên Cổng cho kỳ này: chưa đối chiếu được từng hồ sơ.[/]")
        return
    counts = rec.cause_counts()
    console.print(
        f"Đối chiếu {format_number_vi(rec.local_dossiers)} hồ sơ một cửa với "
        f"{format_number_vi(rec.portal_dossiers)} hồ sơ trên Cổng: "
        + (f"{format_number_vi(len(rec.records))} chênh lệch." if rec.records else "khớp hoàn toàn.")
    )
    causes = rec.top_causes(3) if compact else list(counts.items())
    for cause, n in causes:
        console.print(f"  - {CAUSES[cause][0]}: [bold]{format_number_vi(n)}[/] hồ sơ")
    if rec.records and limit > 0:
        t = Table(header_style="bold", title=None if compact else "Hồ sơ chênh lệch")
        for col in ("Mã hồ sơ", "Nguyên nhân", "Một cửa", "Cổng DVCQG"):
            t.add_column(col, overflow="fold")
        for r in rec.records[:limit]:
            t.add_row(escape(r.dossier_code), CAUSE_SHORT_VI[r.cause], escape(r.local), escape(r.portal))
        console.print(t)
        if len(rec.records) > limit:
            console.print(f"[dim]… và {format_number_vi(len(rec.records) - limit)} hồ sơ khác (--limit, --xlsx).[/]")


def _frac(num: float | None, den: float | None) -> str:
    return f"{format_number_vi(num)}/{format_number_vi(den)}"


def reconcile_cmd(
    unit: Annotated[str, typer.Option("--unit", "-u", help="Mã đơn vị.")],
    period: Annotated[str, typer.Option("--period", "-p", help="Kỳ, ví dụ 2026-10.")],
    xlsx: Annotated[Path | None, typer.Option("--xlsx", help="Xuất bảng đối chiếu ra tệp XLSX.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="In kết quả dạng JSON.")] = False,
    markdown: Annotated[
        Path | None, typer.Option("--markdown", help="Ghi phụ lục cho báo cáo tháng (Markdown) vào tệp.")
    ] = None,
    limit: Annotated[int, typer.Option("--limit", help="Số hồ sơ chênh lệch liệt kê tối đa.")] = 20,
    as_of: Annotated[str | None, typer.Option("--as-of", help="Thời điểm đánh giá (ISO 8601).")] = None,
    methodology: Annotated[str, typer.Option("--methodology", "-m", help="Phiên bản phương pháp tính.")] = "dvcqg-2026",
    db: DbOption = None,
) -> None:
    """Đối chiếu số liệu Cổng DVCQG với dữ liệu một cửa: chênh lệch theo nhóm, chỉ tiêu, và từng hồ sơ gây ra."""
    from chiso.cli.cmd_engine import parse_as_of
    from chiso.reconcile import annex_markdown, reconcile, write_xlsx

    instant = parse_as_of(as_of)
    with open_store(db) as store, user_errors():
        rec = reconcile(store, unit=unit, period=period, as_of=instant, methodology=methodology)
        if as_json:
            typer.echo(json.dumps(rec.to_json(), ensure_ascii=False, indent=2))
        else:
            print_reconciliation(rec, limit=limit)
        if xlsx is not None:
            write_xlsx(rec, xlsx)
            if not as_json:
                console.print(f"Đã ghi bảng đối chiếu: {xlsx}")
        if markdown is not None:
            markdown.write_text(annex_markdown(rec), encoding="utf-8")
            if not as_json:
                console.print(f"Đã ghi phụ lục: {markdown}")


def demo_step(
    store: Store, province: str, period: Period, out: Path, db_path: str, *, seed: int = 766, step: int = 6
) -> None:
    """``chiso demo``'s reconciliation step: emit the portal's view of the demo province (with sync gaps), import
    it as a user would, and print the reconciliation of the commune whose published row does not add up."""
    from chiso.generate.portal import portal_view
    from chiso.reconcile import import_portal_file, reconcile, totals_checks

    console.rule(f"[bold]{step}. Đối chiếu với Cổng DVCQG, {period.label_vi}")
    view = portal_view(store, province, period, seed=seed)
    files = view.write(out / "cong-dvcqg")
    for f in files:
        done = import_portal_file(store, f, period)
        console.print(f"Đã nhập {escape(f.name)}: {format_number_vi(done.rows)} dòng.")
    bad = [c for c in totals_checks(store, period) if not c.ok]
    if bad:
        console.print(
            f"[bold red]{format_number_vi(len(bad))} dòng kết quả công bố không cộng đúng[/] "
            f"(ví dụ {escape(bad[0].unit_name or bad[0].unit_code)})."
        )
    unit = view.broken_total_unit or province
    rec = reconcile(store, unit=unit, period=period)
    print_reconciliation(rec, limit=5, compact=True)
    console.print(
        f"Xem đủ: [bold]chiso reconcile --db {db_path} --unit {unit} --period {period.key} --xlsx doi-chieu.xlsx[/]"
    )
