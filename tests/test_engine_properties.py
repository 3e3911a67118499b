"""Property tests of the engine's counts (spec §1: a parent is scored on summed counts of its subtree)."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chiso.compute.metrics import DOSSIER_KEYS, PETITION_KEYS
from tests.builders import COMMUNE_A, COMMUNE_B, DEPARTMENT, PROVINCE, StoreBuilder, at

UNITS = (COMMUNE_A, COMMUNE_B, DEPARTMENT)
START = at(2026, 10, 1, 7)

dossier_strategy = st.fixed_dictionaries(
    {
        "unit": st.sampled_from(UNITS),
        "received_h": st.integers(0, 29 * 24),
        "due_h": st.one_of(st.none(), st.integers(1, 20 * 24)),
        "end_h": st.one_of(st.none(), st.integers(1, 40 * 24)),
        "end_kind": st.sampled_from(["finished", "result_returned", "refused", "withdrawn"]),
        "channel": st.sampled_from(["online", "in_person", "postal"]),
        "synced": st.booleans(),
        "fee": st.booleans(),
        "complaint": st.booleans(),
    }
)


def _add(b: StoreBuilder, i: int, spec: dict[str, object]) -> None:
    received = START + dt.timedelta(hours=int(spec["received_h"]))  # type: ignore[call-overload]
    due = None if spec["due_h"] is None else received + dt.timedelta(hours=int(spec["due_h"]))  # type: ignore[call-overload]
    events = []
    if spec["end_h"] is not None:
        events.append((str(spec["end_kind"]), received + dt.timedelta(hours=int(spec["end_h"]))))  # type: ignore[call-overload]
    procedure = "2.000001" if spec["unit"] == DEPARTMENT else "1.000001"
    b.dossier(
        received,
        unit=str(spec["unit"]),
        procedure=procedure,
        due=due,
        events=events,
        code=f"P{i:04d}",
        channel=spec["channel"],
        synced=spec["synced"],
        fee_required=spec["fee"],
        complaint=spec["complaint"],
    )


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(dossier_strategy, min_size=0, max_size=12), st.integers(0, 60 * 24))
def test_parent_counts_equal_the_sum_of_children_counts(specs: list[dict[str, object]], as_of_h: int) -> None:
    """§1 [firm]: every summed count of the province equals the sum over its units; numerator ≤ denominator."""
    b = StoreBuilder.tiny()
    for i, spec in enumerate(specs):
        _add(b, i, spec)
    counts = b.counts("2026-10", START + dt.timedelta(hours=as_of_h))
    for key in DOSSIER_KEYS + PETITION_KEYS:
        parent = counts[PROVINCE][key]
        children = [counts[u][key] for u in UNITS]
        assert parent == (sum(c[0] for c in children), sum(c[1] for c in children)), key
        assert 0 <= parent[0] <= parent[1]


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(dossier_strategy, min_size=1, max_size=8))
def test_on_time_count_never_increases_as_the_clock_moves_on_in_process_dossiers(
    specs: list[dict[str, object]],
) -> None:
    """§3: for dossiers with no history yet, moving the evaluation instant later can only add overdue ones."""
    b = StoreBuilder.tiny()
    for i, spec in enumerate(specs):
        _add(b, i, {**spec, "end_h": None})
    # Every dossier was received by 30 Oct 07:00, so both instants see the same denominator.
    first = b.counts("2026-10", at(2026, 10, 31, 12))[PROVINCE]["dossiers_on_time"]
    later = b.counts("2026-10", at(2026, 11, 20, 12))[PROVINCE]["dossiers_on_time"]
    assert later[1] == first[1] == len(specs)
    assert later[0] <= first[0]
