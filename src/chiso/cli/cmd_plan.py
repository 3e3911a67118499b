"""``chiso plan``: the fewest actions for a unit to reach a target class or score (what-if planner)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape
from rich.table import Table

from chiso.cli.cmd_engine import AsOfOption, MethodologyOption, parse_as_of
from chiso.cli.common import DbOption, console, open_store, user_errors
from chiso.timeutil import format_date_vi, format_number_vi, local_day

if TYPE_CHECKING:
    from chiso.compute.period import Period
    from chiso.score import UnitScore
    from chiso.store import Store

MAX_LISTED = 8  # record codes shown per action in the table (all of them in --json)


def register(app: typer.Typer) -> None:
    """Add ``plan``."""
    app.command("plan")(plan)


def plan(
    unit: Annotated[str, typer.Option("--unit", "-u", help="Mã đơn vị.")],
    period: Annotated[
        str | None, typer.Option("--period", "-p", help="Kỳ đánh giá (mặc định: kỳ tháng hiện tại), ví dụ 2026-10.")
    ] = None,
    target_class: Annotated[
        str | None,
        typer.Option(
            "--target-class", help="Xếp loại cần đạt: xuat_sac | tot | kha | trung_binh (mặc định: hạng kế tiếp)."
        ),
    ] = None,
    target_score: Annotated[float | None, typer.Option("--target-score", help="Tổng điểm cần đạt (0–100).")] = None,
    as_of: AsOfOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="In kết quả dạng JSON.")] = False,
    methodology: MethodologyOption = "dvcqg-2026",
    db: DbOption = None,
) -> None:
    """Kế hoạch nâng hạng: ít hồ sơ/PAKN/TTHC cần xử lý nhất để đạt xếp loại hoặc số điểm mục tiêu."""
    from chiso.plan import load_context, make_plan
    from chiso.plan.planner import PlanError

    if target_class is not None and target_score is not None:
        with user_errors():
            raise PlanError("Chỉ chọn một trong hai: --target-class hoặc --target-score.")
    with open_store(db) as store, user_errors():
        ctx = load_context(store, unit=unit, period=period, as_of=parse_as_of(as_of), methodology=methodology)
        result = make_plan(ctx, target_class=target_class, target_score=target_score)
    if as_json:
        typer.echo(json.dumps(result.to_json(), ensure_ascii=False, indent=2))
        return
    before, after = result.result.before, result.result.after
    console.print(
        f"[bold]Kế hoạch nâng hạng — {escape(ctx.info.name)}[/] ({ctx.info.code}), kỳ {ctx.period.label_vi}, "
        f"tính đến {format_date_vi(local_day(ctx.window.as_of))}"
    )
    console.print(
        f"Hiện tại: [bold]{format_number_vi(before.total)}[/] điểm, {before.classification_name}, "
        f"xếp hạng {before.rank}/{before.peers}. Mục tiêu: {result.target_label}."
    )
    if result.steps:
        table = Table(title="Các việc cần làm")
        for col in ("#", "Việc cần làm", "Số bản ghi", "Bản ghi", "Điểm tăng"):
            table.add_column(col, justify="right" if col in ("#", "Số bản ghi", "Điểm tăng") else "left")
        for n, step in enumerate(result.steps, start=1):
            shown = ", ".join(step.codes[:MAX_LISTED])
            if len(step.codes) > MAX_LISTED:
                shown += f", … (thêm {len(step.codes) - MAX_LISTED})"
            table.add_row(str(n), step.label, step.records_vi, shown, f"+{format_number_vi(step.points)}")
        console.print(table)
        console.print(
            f"Sau khi thực hiện: [bold]{format_number_vi(after.total)}[/] điểm, {after.classification_name}, "
            f"xếp hạng {after.rank}/{after.peers} (các đơn vị cùng cấp giữ nguyên điểm)."
        )
    style = "green" if result.reached else "yellow"
    console.print(f"[{style}]{escape(result.message)}[/]")


def demo_step(store: Store, communes: Sequence[UnitScore], period: Period, db_path: str) -> None:
    """``chiso demo``: the plan to lift the weakest commune out of "Yếu" (or to its next class when none is Yếu).

    When the weakest commune cannot leave "Yếu" with what can still be done (its lost points are in dossiers
    already overdue), the demo says so and shows the weakest commune that can."""
    from chiso.plan import load_context, make_plan

    if not communes:
        return
    ordered = sorted(communes, key=lambda s: (s.total, s.id))
    weakest = ordered[0]
    console.rule(f"[bold]7. Kế hoạch nâng hạng: {escape(weakest.name)} ({weakest.id}), {period.label_vi}")
    shown = weakest
    result = make_plan(load_context(store, unit=weakest.id, period=period))
    if not result.reached and weakest.classification == "yeu":
        console.print(f"[yellow]{escape(weakest.name)}: {escape(result.message)}[/]")
        # A few more of the weakest "Yếu" communes: bounded, each plan costs about a second.
        for other in [s for s in ordered[1:] if s.classification == "yeu"][:5]:
            attempt = make_plan(load_context(store, unit=other.id, period=period))
            if attempt.reached:
                console.print(f"Xã yếu nhất có thể ra khỏi loại Yếu ngay trong kỳ: [bold]{escape(other.name)}[/]")
                shown, result = other, attempt
                break
    console.print(
        f"{escape(shown.name)} hiện có {format_number_vi(result.result.before.total)} điểm "
        f"({result.result.before.classification_name}), xếp hạng {result.result.before.rank}/"
        f"{result.result.before.peers}. Mục tiêu: {result.target_label}."
    )
    for n, step in enumerate(result.steps, start=1):
        listed = ", ".join(step.codes[:3]) + (", …" if len(step.codes) > 3 else "")
        console.print(f"{n}. {step.label}: {step.records_vi} (+{format_number_vi(step.points)} điểm) — {listed}")
    style = "green" if result.reached else "yellow"
    console.print(f"[{style}]{escape(result.message)}[/]")
    console.print(
        f"Xem đầy đủ: [bold]chiso plan --db {db_path} --unit {shown.id} --period {period.key}[/]"
        f" hoặc trang /units/{shown.id}/plan"
    )
