"""``chiso demo``: the main job end to end on an embedded demo province."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.panel import Panel

from chiso.cli.common import console, open_store, user_errors
from chiso.timeutil import format_date_vi, format_number_vi, format_percent_vi, now_vn

DEMO_PROVINCE = "19"  # Thái Nguyên (which took in Bắc Kạn, the seed report's province, in 2025)


def register(app: typer.Typer) -> None:
    """Add ``demo``."""
    app.command("demo")(demo)


def demo(
    out: Annotated[Path, typer.Option("--out", help="Thư mục kết quả của bản chạy thử.")] = Path("demo-output"),
    province: Annotated[str, typer.Option("--province", help="Tỉnh (mã hoặc tên).")] = DEMO_PROVINCE,
    months: Annotated[int, typer.Option("--months", help="Số tháng dữ liệu.")] = 6,
    seed: Annotated[int, typer.Option("--seed", help="Hạt giống sinh dữ liệu (cùng hạt giống → cùng dữ liệu).")] = 766,
    scale: Annotated[
        float, typer.Option("--scale", help="Hệ số quy mô số hồ sơ (1 = khối lượng thực của một tỉnh).")
    ] = 0.25,
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            envvar="CHISO_DB",
            help="Tệp cơ sở dữ liệu (mặc định <out>/demo.duckdb, tạo mới; hoặc CHISO_DB). Tỉnh mẫu được sinh lại.",
        ),
    ] = None,
) -> None:
    """Chạy thử toàn bộ: sinh dữ liệu một tỉnh, tính điểm, xếp hạng và giải thích đơn vị yếu nhất."""
    from chiso.cli.render import scores_table
    from chiso.compute.engine import score_subtree
    from chiso.compute.period import Period
    from chiso.explain import explain_unit
    from chiso.generate import generate_province
    from chiso.methodology import load_methodology
    from chiso.report import soffice_path, write_report

    out.mkdir(parents=True, exist_ok=True)
    db_path = db if db else str(out / "demo.duckdb")
    if db is None:
        for suffix in ("", ".wal"):
            Path(db_path + suffix).unlink(missing_ok=True)
    today = now_vn().date()
    with open_store(str(db_path)) as store, user_errors():
        console.rule("[bold]1. Sinh dữ liệu mẫu")
        summary = generate_province(store, province, months=months, seed=seed, end=today, scale=scale)
        console.print(summary)
        counts = store.counts()
        console.print(
            f"Kho dữ liệu {store.display_location}: {format_number_vi(counts['units'])} đơn vị, "
            f"{format_number_vi(counts['procedures'])} TTHC, {format_number_vi(counts['dossiers'])} hồ sơ, "
            f"{format_number_vi(counts['dossier_events'])} sự kiện, {format_number_vi(counts['payments'])} giao dịch "
            f"thanh toán, {format_number_vi(counts['petitions'])} PAKN."
        )
        root = store.con.execute("SELECT root_code FROM units WHERE level = 'province' LIMIT 1").fetchone()
        assert root is not None
        province_code = str(root[0])

        last_full = Period.containing(today).previous()
        console.rule(f"[bold]2. Kết quả {last_full.label_vi} (đánh giá {format_date_vi(today)})")
        scores = score_subtree(store, unit=province_code, period=last_full)
        prov, children = scores[0], scores[1:]
        console.print(
            Panel(
                f"[bold]{prov.name}[/]: {format_number_vi(prov.total)}/100 điểm — {prov.classification_name}\n"
                + "  ".join(f"{g} {format_number_vi(v)}" for g, v in prov.groups.items()),
                title="Tỉnh",
            )
        )
        communes = [s for s in children if s.level == "commune"]
        shown = communes[:5] + communes[-5:] if len(communes) > 10 else communes
        console.print(
            scores_table(
                shown,
                load_methodology(),
                title=f"Xếp hạng xã, phường ({len(communes)} đơn vị) — 5 đầu và 5 cuối",
            )
        )
        distribution: dict[str, int] = {}
        for s in communes:
            distribution[s.classification_name] = distribution.get(s.classification_name, 0) + 1
        console.print("Phân bố xếp loại: " + ", ".join(f"{k} {v}" for k, v in distribution.items()))

        weakest = communes[-1]
        console.rule(f"[bold]3. Đơn vị yếu nhất: {weakest.name} ({weakest.id})")
        _, explanations = explain_unit(store, unit=weakest.id, period=last_full, limit=3)
        for ex in explanations[:5]:
            r = ex.indicator
            console.print(
                f"- [bold]{r.code}[/] {ex.name}: {format_number_vi(r.points or 0)}/{format_number_vi(r.max_points)}"
                f" điểm, mất [red]{format_number_vi(r.lost_points or 0)}[/] (tỷ lệ {format_percent_vi(r.ratio)};"
                f" {format_number_vi(ex.missing_total)} bản ghi chưa đạt"
                + (
                    f", ví dụ {', '.join(str(m.get('code') or m.get('procedure_code')) for m in ex.missing)}"
                    if ex.missing
                    else ""
                )
                + ")"
            )
        live = Period.containing(today)
        console.rule(f"[bold]4. Theo thời gian thực: {live.label_vi}, lúc {now_vn():%H:%M} {format_date_vi(today)}")
        live_scores = score_subtree(store, unit=province_code, period=live)
        now_score = live_scores[0]
        console.print(f"{now_score.name}: {format_number_vi(now_score.total)}/100 — {now_score.classification_name}")
        from chiso.cli.cmd_plan import demo_step as plan_step
        from chiso.cli.cmd_reconcile import demo_step as reconcile_step

        # The portal's view is imported before the reports are written, so that their annex shows the records
        # behind the portal's differing figures, as a unit would send it.
        reconcile_step(store, province_code, last_full, out, db_path, seed=seed, step=5)
        console.rule(f"[bold]6. Báo cáo {last_full.label_vi}")
        formats = ["docx", "md"] + (["pdf"] if soffice_path() else [])
        written: list[Path] = []
        for code in (weakest.id, province_code):
            written += write_report(store, code, last_full, out=out, formats=formats)
        for path in written:
            console.print(f"- {path}")
        if "pdf" not in formats:
            console.print("[yellow]Chưa có LibreOffice nên chưa xuất PDF (cài gói libreoffice-writer).[/]")
        plan_step(store, communes, last_full, db_path)
        console.print(
            f"\nXem chi tiết: [bold]chiso explain --db {db_path} --unit {weakest.id} --period {last_full.key}[/]"
        )
        console.print(
            f"Xem trên trình duyệt: [bold]chiso serve --db {db_path}[/] rồi mở [bold]http://127.0.0.1:8766[/]"
        )
