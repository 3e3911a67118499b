"""``chiso plan`` (issue 6 part 3): the plan as a Vietnamese table or JSON, user errors as red messages, and the
demo's step."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from chiso.cli.cmd_plan import demo_step
from chiso.cli.common import console
from chiso.cli.main import app
from chiso.compute.engine import score_subtree
from chiso.compute.period import Period
from chiso.store import Store
from tests.builders import COMMUNE_A, PROVINCE
from tests.plan_fixtures import PERIOD, plan_snapshot

__all__ = ["plan_snapshot"]  # fixtures

runner = CliRunner()
AS_OF = "2026-10-20T12:00"


def _run(snapshot: Path, *args: str) -> tuple[int, str]:
    result = runner.invoke(
        app, ["plan", "--db", str(snapshot), "--unit", COMMUNE_A, "--period", PERIOD, "--as-of", AS_OF, *args]
    )
    return result.exit_code, result.output


def test_plan_prints_the_actions_and_the_result(plan_snapshot: Path) -> None:
    """The table names each action, its records and points, then the total, class and rank after the plan."""
    code, out = _run(plan_snapshot)
    assert code == 0, out
    assert "Kế hoạch nâng hạng" in out and "Các việc cần làm" in out
    assert "Trung bình" in out and "41,11" in out
    assert "Để đạt xếp loại Trung bình" in out


def test_plan_json_is_the_plan(plan_snapshot: Path) -> None:
    """``--json`` gives the machine-readable plan: target, steps with their records, before and after."""
    code, out = _run(plan_snapshot, "--target-score", "55", "--json")
    assert code == 0, out
    body = json.loads(out)
    assert body["target"]["total"] == 55 and body["reached"] is True
    assert body["after"]["total"] >= 55 > body["before"]["total"]
    assert body["records"] == sum(len(s["records"]) for s in body["steps"])


def test_unreachable_target_is_reported_not_failed(plan_snapshot: Path) -> None:
    """A target out of reach is an answer (exit 0) with an honest message."""
    code, out = _run(plan_snapshot, "--target-class", "xuat_sac")
    assert code == 0, out
    assert "Không thể đạt xếp loại Xuất sắc" in out


def test_two_targets_at_once_is_a_user_error(plan_snapshot: Path) -> None:
    """Asking for a class and a score at once is refused in Vietnamese, exit status 1."""
    code, out = _run(plan_snapshot, "--target-class", "tot", "--target-score", "60")
    assert code == 1
    assert "Chỉ chọn một trong hai" in out


def test_unknown_unit_is_a_user_error(plan_snapshot: Path) -> None:
    """An unknown unit code is a red message and exit status 1."""
    result = runner.invoke(app, ["plan", "--db", str(plan_snapshot), "--unit", "00000", "--period", PERIOD])
    assert result.exit_code == 1
    assert "Không có đơn vị mã '00000'" in result.output


def test_demo_step_plans_the_weakest_commune(plan_snapshot: Path, tmp_path: Path) -> None:
    """``chiso demo`` (issue 6) prints the plan of the weakest commune of the province; when that commune cannot
    leave "Yếu" with what is left to do, it says so and plans for the weakest "Yếu" commune that can."""
    from chiso.plan import load_context, make_plan

    store = Store.open(plan_snapshot, read_only=True)
    try:
        communes = [s for s in score_subtree(store, unit=PROVINCE, period=PERIOD)[1:] if s.level == "commune"]
        with console.capture() as captured:
            demo_step(store, communes, Period.parse(PERIOD), tmp_path / "demo.duckdb")
        ordered = sorted(communes, key=lambda s: (s.total, s.id))
        weakest = ordered[0]
        first = make_plan(load_context(store, unit=weakest.id, period=PERIOD))
        shown = weakest
        if not first.reached and weakest.classification == "yeu":
            for other in [s for s in ordered[1:] if s.classification == "yeu"][:5]:
                if make_plan(load_context(store, unit=other.id, period=PERIOD)).reached:
                    shown = other
                    break
    finally:
        store.close()
    out = captured.get().replace("\n", "")
    assert "Kế hoạch nâng hạng" in out and weakest.id in out
    if shown is not weakest:
        assert "Không thể đạt" in out  # the honest "cannot reach" for the weakest
        assert "Xã yếu nhất có thể ra khỏi loại Yếu ngay trong kỳ" in out
    assert f"chiso plan --db {tmp_path / 'demo.duckdb'} --unit {shown.id}" in out
