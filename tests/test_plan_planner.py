"""The planner (issue 6 part 3): the fewest records to act on to reach a target, and a promise that holds when the
plan is carried out for real."""

from __future__ import annotations

import itertools
from collections.abc import Callable

import pytest

from chiso.compute.engine import score_subtree
from chiso.plan import Context, PlanError, apply_actions, make_plan
from chiso.plan.planner import _Model, _unpaid_procedures, candidates
from chiso.store import Store
from tests.builders import COMMUNE_A
from tests.plan_fixtures import MID, PERIOD, contexts, plan_snapshot, store_copy
from tests.test_plan_whatif import same_score

__all__ = ["contexts", "plan_snapshot", "store_copy"]  # fixtures


@pytest.mark.parametrize(
    "target",
    [{"target_class": None}, {"target_class": "trung_binh"}, {"target_score": 45.5}, {"target_score": 60}],
    ids=["next-class", "trung-binh", "score-45.5", "score-60"],
)
def test_plan_reaches_its_promise_when_carried_out(
    target: dict[str, object], contexts: dict[str, Context], store_copy: Callable[[], Store]
) -> None:
    """Issue 6: the plan's promised total, class and rank are what the engine gives after its actions are recorded
    in a copy of the store (and the search's own arithmetic agrees with the engine)."""
    ctx = contexts["live"]
    plan = make_plan(ctx, **target)  # type: ignore[arg-type]
    assert plan.reached and plan.steps
    assert plan.result.after.total >= plan.target
    assert plan.predicted == plan.result.after.total
    copy = store_copy()
    apply_actions(copy, plan.actions, at=MID, authority=ctx.authority, as_of=MID)
    same_score(score_subtree(copy, unit=COMMUNE_A, period=PERIOD, as_of=MID)[0], plan.result.after)
    assert sum(s.points for s in plan.steps) == pytest.approx(plan.result.after.total - plan.result.before.total)


@pytest.mark.parametrize("target", [50, 60])
def test_plan_takes_the_fewest_records(target: float, contexts: dict[str, Context]) -> None:
    """No combination of the same ordered candidates with fewer records reaches the target (exhaustive search on
    the small fixture)."""
    ctx = contexts["live"]
    plan = make_plan(ctx, target_score=target)
    cands = candidates(ctx)
    model = _Model(ctx, cands, _unpaid_procedures(ctx))
    kinds = list(model.order)
    # No combination with fewer records reaches the target (only the small ones need checking).
    smaller = [
        sizes
        for sizes in itertools.product(*(range(min(len(model.order[k]), plan.size - 1) + 1) for k in kinds))
        if sum(sizes) < plan.size
    ]
    assert smaller
    assert all(model.score(dict(zip(kinds, sizes, strict=True))).total < target for sizes in smaller)
    assert plan.result.after.total >= target


def test_unreachable_target_says_so(contexts: dict[str, Context]) -> None:
    """A target beyond every available action is reported honestly: the best reachable total, not a false promise."""
    ctx = contexts["live"]
    plan = make_plan(ctx, target_class="xuat_sac")
    assert not plan.reached
    assert plan.message.startswith("Không thể đạt xếp loại Xuất sắc")
    assert plan.result.after.total < 90
    assert "tối đa" in plan.message


def test_target_already_reached_needs_no_action(contexts: dict[str, Context]) -> None:
    """A unit already at its target gets an empty plan and says so."""
    plan = make_plan(contexts["live"], target_score=10)
    assert plan.reached and not plan.steps
    assert "không cần hành động nào" in plan.message


def test_never_proposes_an_action_that_costs_points(contexts: dict[str, Context]) -> None:
    """Spec §3: finishing a dossier waiting for the applicant after its due date would make it late — it is not a
    candidate; neither is finishing one that is already overdue (nothing to gain)."""
    cands = candidates(contexts["live"], ["finish"])
    assert "A-WAITING" not in {c.code for c in cands["finish"]}
    assert "A-OVERDUE-1" not in {c.code for c in cands["finish"]}


@pytest.mark.parametrize("name", ["tot", "Tốt", "kha", "trung_binh", "trungbinh"])
def test_target_class_by_code_or_name(name: str, contexts: dict[str, Context]) -> None:
    """A class can be named by its code or its Vietnamese name."""
    assert make_plan(contexts["live"], target_class=name).target in (50.0, 70.0, 80.0)


def test_unknown_target_class_is_a_user_error(contexts: dict[str, Context]) -> None:
    """An unknown class lists the known ones, in Vietnamese."""
    with pytest.raises(PlanError, match="Không có xếp loại 'gioi'"):
        make_plan(contexts["live"], target_class="gioi")
