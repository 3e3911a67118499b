"""Property tests of scoring (Hypothesis): spec §1 invariants hold for any counts, level and method."""

from __future__ import annotations

import json
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from chiso.methodology import KNOWN_LEVELS, Methodology, load_methodology
from chiso.score import (
    Count,
    UnitInput,
    rank_peers,
    score_aggregates,
    score_unit,
    score_units,
    to_aggregates,
)

METHODS = [load_methodology("dvcqg-2026"), load_methodology("dvcqg-2025")]
CODES = [i.code for i in METHODS[0].indicators]

methods = st.sampled_from(METHODS)
levels = st.sampled_from(KNOWN_LEVELS)


@st.composite
def counts(draw: st.DrawFn) -> Count:
    """A numerator ≤ denominator, or missing parts (None), as the engine or the portal may give."""
    den = draw(st.one_of(st.none(), st.integers(0, 10**7)))
    if den is None:
        return Count(draw(st.one_of(st.none(), st.just(0))), None)
    num = draw(st.one_of(st.none(), st.integers(0, den)))
    return Count(num, den)


@st.composite
def units(draw: st.DrawFn, uid: str | None = None) -> UnitInput:
    metrics = draw(st.dictionaries(st.sampled_from(CODES), counts(), max_size=len(CODES)))
    return UnitInput(
        id=uid or draw(st.text("0123456789", min_size=2, max_size=5)),
        name=draw(st.text(min_size=1, max_size=12)),
        level=draw(levels),
        metrics=metrics,
        parent=draw(st.sampled_from([None, "01", "02"])),
    )


@settings(max_examples=200, deadline=None)
@given(methods, units())
def test_points_within_zero_and_max_and_total_is_sum_of_groups(m: Methodology, unit: UnitInput) -> None:
    """§1: 0 ≤ points ≤ max; group = sum of its indicators' rounded points; total = sum of groups ≤ 100."""
    s = score_unit(m, unit)
    for r in s.indicators.values():
        assert r.points is None or 0 <= r.points <= r.max_points
        assert 0 <= r.lost_points <= r.max_points
    for g, value in s.groups.items():
        parts = [Decimal(str(r.points)) for r in s.indicators.values() if r.group == g and r.points is not None]
        assert Decimal(str(value)) == sum(parts, Decimal(0))
    assert Decimal(str(s.total)) == sum((Decimal(str(v)) for v in s.groups.values()), Decimal(0))
    assert 0 <= s.total <= 100
    assert s.classification in {b.code for b in m.bands}


@settings(max_examples=200, deadline=None)
@given(methods, levels, st.sampled_from(CODES), st.integers(1, 10**6), st.data())
def test_points_never_decrease_as_the_numerator_grows(
    m: Methodology, level: str, code: str, den: int, data: st.DataObject
) -> None:
    """§1: for a fixed denominator, more counted records never cost points."""
    a = data.draw(st.integers(0, den))
    b = data.draw(st.integers(a, den))
    low = score_unit(m, UnitInput("u", "u", level, {code: Count(a, den)})).indicators[code]
    high = score_unit(m, UnitInput("u", "u", level, {code: Count(b, den)})).indicators[code]
    assert (low.points or 0) <= (high.points or 0)


@settings(max_examples=50, deadline=None)
@given(methods, st.lists(units(), min_size=0, max_size=6, unique_by=lambda u: u.id))
def test_score_aggregates_round_trips_the_engine_scores(m: Methodology, items: list[UnitInput]) -> None:
    """Issue 3: `score --aggregates` on the engine's own aggregates gives the engine's own scores."""
    engine = [s.to_json() for s in rank_peers(score_units(m, items))]
    doc = json.loads(json.dumps(to_aggregates(m, items)))
    out = score_aggregates(doc)
    assert out["methodology"] == m.id
    assert out["units"] == engine
