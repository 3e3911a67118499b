"""What-if (issue 6 part 3): hypothetical actions, computed as an overlay on the engine's inputs, give exactly the
score the engine gives once the same actions are recorded for real (spec §2–§3)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from chiso.compute.engine import score_subtree
from chiso.plan import Actions, Context, apply_actions, what_if
from chiso.plan.actions import ActionError
from chiso.score import UnitScore
from chiso.store import Store
from tests.builders import COMMUNE_A
from tests.plan_fixtures import CLOSED, MID, PERIOD, contexts, plan_snapshot, store_copy

__all__ = ["contexts", "plan_snapshot", "store_copy"]  # fixtures

StoreCopy = Callable[[], Store]


def _real(copy: Store, actions: Actions, as_of: dt.datetime) -> UnitScore:
    """The engine's score of commune A after recording ``actions`` in a copy of the fixture."""
    apply_actions(copy, actions, at=actions.at or as_of, authority="99", as_of=as_of)
    return score_subtree(copy, unit=COMMUNE_A, period=PERIOD, as_of=as_of)[0]


def same_score(a: UnitScore, b: UnitScore) -> None:
    """Equal totals, groups, class, rank and every indicator's counts and points."""
    assert a.total == b.total
    assert a.groups == b.groups
    assert a.classification == b.classification
    assert a.rank == b.rank
    for code, ind in a.indicators.items():
        other = b.indicators[code]
        assert (ind.numerator, ind.denominator, ind.points) == (other.numerator, other.denominator, other.points), code


def _open_overdue(store: Store, as_of: dt.datetime) -> list[str]:
    rows = store.con.execute(
        "SELECT code FROM dossiers WHERE unit_code = ? AND (terminal_at IS NULL OR terminal_at > ?) AND due_at < ?",
        [COMMUNE_A, as_of, as_of],
    ).fetchall()
    return sorted(r[0] for r in rows)


AS_OF = {"live": MID, "closed": CLOSED}


def test_no_actions_scores_as_the_engine(contexts: dict[str, Context]) -> None:
    """An empty overlay is the engine's own score of the unit (one definition of every rule)."""
    ctx = contexts["live"]
    result = what_if(ctx, Actions())
    same_score(result.after, score_subtree(ctx.store, unit=COMMUNE_A, period=PERIOD, as_of=MID)[0])
    assert result.gain == 0


@pytest.mark.parametrize("when", ["live", "closed"])
def test_finish_all_overdue_now_equals_recording_the_completions(
    when: str, contexts: dict[str, Context], store_copy: StoreCopy
) -> None:
    """Spec §3: finishing overdue dossiers now records a late finish — the what-if equals the engine's score after
    the ``finished`` events are written (on-time, satisfaction and every other dossier indicator)."""
    ctx, as_of = contexts[when], AS_OF[when]
    overdue = _open_overdue(ctx.store, as_of)
    assert "A-OVERDUE-1" in overdue and "A-WAITING" in overdue
    actions = Actions.of(finish=overdue)
    same_score(what_if(ctx, actions).after, _real(store_copy(), actions, as_of))


def test_finishing_a_dossier_waiting_for_the_applicant_late_costs_points(contexts: dict[str, Context]) -> None:
    """Spec §3: a dossier waiting for more documents is judged at the request; finished after its due date it is
    late — the what-if shows the loss rather than hiding it."""
    ctx = contexts["live"]
    result = what_if(ctx, Actions.of(MID - dt.timedelta(days=1), finish=["A-WAITING"]))
    assert result.counts_after["dossiers_on_time__num"] == result.counts_before["dossiers_on_time__num"] - 1
    assert result.gain < 0


def test_a_finish_recorded_at_the_evaluation_instant_counts_at_that_instant(store_copy: StoreCopy) -> None:
    """Spec §3: a dossier finished at the evaluation instant is terminal at that instant (recorded for real)."""
    base, copy = store_copy(), store_copy()
    apply_actions(copy, Actions.of(finish=["A-WAITING"]), at=MID, authority="99", as_of=MID)
    before = score_subtree(base, unit=COMMUNE_A, period=PERIOD, as_of=MID)[0].indicators["PROGRESS_ON_TIME"]
    after = score_subtree(copy, unit=COMMUNE_A, period=PERIOD, as_of=MID)[0].indicators["PROGRESS_ON_TIME"]
    assert after.numerator == (before.numerator or 0) - 1


@pytest.mark.parametrize(
    "kinds",
    [
        {"sync": ["A-OVERDUE-1", "A-LATE", "A-FEE-0"]},
        {"pay_online": ["A-FEE-0", "A-FEE-1"]},
        {"e_result": ["A-LATE", "A-FEE-2"]},
        {"digitise": ["A-LATE", "A-OVERDUE-2", "A-DONE"]},
        {"e_result": ["A-LATE"], "digitise": ["A-LATE", "A-FEE-1"]},
        {"answer_petition": ["P-OPEN", "P-OVERDUE", "P-LATE"]},
        {"integrate_payment": ["1.000002"]},
        {"finish": ["A-OPEN-IN-TIME"], "sync": ["A-FEE-1"], "answer_petition": ["P-OPEN"]},
    ],
    ids=["sync", "pay", "e-result", "digitise", "e-result+digitise", "answer", "integrate", "mixed"],
)
@pytest.mark.parametrize("when", ["live", "closed"])
def test_each_action_equals_recording_it(
    kinds: dict[str, list[str]], when: str, contexts: dict[str, Context], store_copy: StoreCopy
) -> None:
    """Every action kind, alone and combined on the same record, moves exactly the records the engine moves once
    the action is recorded (spec §2 CKMB sync, TTTT payment, MDSH e-result and digitisation, MDHL PAKN)."""
    ctx, as_of = contexts[when], AS_OF[when]
    actions = Actions.of(**kinds)
    result = what_if(ctx, actions)
    same_score(result.after, _real(store_copy(), actions, as_of))


def test_paying_online_lifts_the_formality_indicator_once_per_procedure(contexts: dict[str, Context]) -> None:
    """Spec §2 TTTT: a fee-bearing TTHC counts once in ONLINE_PAYMENT_FORMALITY however many dossiers are paid."""
    ctx = contexts["live"]
    one = what_if(ctx, Actions.of(pay_online=["A-FEE-0"]))
    two = what_if(ctx, Actions.of(pay_online=["A-FEE-0", "A-FEE-1"]))
    key = "fee_procedures_with_online_payment__num"
    assert one.counts_after[key] == two.counts_after[key] == ctx.counts[key] + 1
    assert two.counts_after["fee_dossiers_paid_online__num"] == ctx.counts["fee_dossiers_paid_online__num"] + 2
    assert two.gain > one.gain > 0


def test_rank_is_among_unchanged_peers(contexts: dict[str, Context]) -> None:
    """Spec §4: the what-if ranks the unit among its peers (same parent and level) as they stand."""
    ctx = contexts["live"]
    assert ctx.score.peers == 2
    peer = ctx.peers[0]
    assert ctx.score.total < peer.total and ctx.score.rank == 2
    result = what_if(
        ctx,
        Actions.of(
            sync=["A-OVERDUE-1", "A-LATE", "A-WAITING", "A-FEE-0", "A-FEE-1", "A-FEE-2"],
            pay_online=["A-FEE-0", "A-FEE-1", "A-FEE-2"],
            digitise=["A-LATE", "A-FEE-0", "A-FEE-1", "A-FEE-2", "A-DONE", "A-OVERDUE-1", "A-OPEN-IN-TIME"],
        ),
    )
    assert result.after.total > peer.total
    assert result.after.rank == 1


def test_unknown_action_kind_is_a_user_error() -> None:
    """An unknown action kind names the known ones, in Vietnamese."""
    with pytest.raises(ActionError, match="Không có loại hành động"):
        Actions.of(repaint=["A-LATE"])
