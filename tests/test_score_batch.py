"""Column-wise scoring (chiso.score.batch) gives exactly the scalar reference's results (spec §1–§2 rounding).

The whole-country engine scores ~75,000 indicators column-wise; ``score_unit`` stays the reference. Any difference —
a point, a rounding tie, a None — is a bug, so the comparison is equality of the full result objects.
"""

from __future__ import annotations

import math
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chiso.methodology import KNOWN_LEVELS, Methodology, load_methodology
from chiso.score import Count, ScoreError, UnitInput, score_unit, score_units
from chiso.score.batch import UnitBatch, score_batch

METHODS = [load_methodology("dvcqg-2026"), load_methodology("dvcqg-2025")]
CODES = [i.code for i in METHODS[0].indicators]


@st.composite
def counts(draw: st.DrawFn) -> Count:
    """Whole counts (the engine's), ties around thresholds, missing parts, and now and then a fraction or a count
    too large for the integer path — the batch must fall back, not differ."""
    den = draw(st.one_of(st.none(), st.integers(0, 40), st.integers(0, 10**7), st.just(2**45)))
    if den is None:
        return Count(draw(st.one_of(st.none(), st.just(0))), None)
    num = draw(st.one_of(st.none(), st.integers(0, den), st.just(den), st.just(den * 4 // 5)))
    if draw(st.integers(0, 19)) == 0 and num is not None:
        return Count(num + 0.5 if num < den else num - 0.25 if num else 0.0, float(den))
    return Count(num, den)


@st.composite
def unit_lists(draw: st.DrawFn) -> list[UnitInput]:
    n = draw(st.integers(1, 12))
    return [
        UnitInput(
            id=f"u{i}",
            name=f"Đơn vị {i}",
            level=draw(st.sampled_from(KNOWN_LEVELS)),
            metrics=draw(st.dictionaries(st.sampled_from(CODES), counts(), max_size=len(CODES))),
            parent=draw(st.sampled_from([None, "01", "02"])),
        )
        for i in range(n)
    ]


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(METHODS), unit_lists())
def test_batch_equals_scalar_reference(m: Methodology, units: list[UnitInput]) -> None:
    """§1: points = round2(max × min(1, ratio / T)), groups = sums of rounded points, total = sum of groups —
    column-wise scoring reproduces ``score_unit`` exactly, unit by unit."""
    assert score_batch(m, UnitBatch.from_inputs(units)) == [score_unit(m, u) for u in units]


def test_threshold_ties_round_half_up_in_batch() -> None:
    """§1 rounding: 0.125 → 0.13 (half up), where binary floats would give 0.12; ratio at the threshold = max."""
    m = METHODS[0]
    on_time = m.indicator("PROGRESS_ON_TIME")
    units = [
        UnitInput(id=str(i), name="x", level="commune", metrics={on_time.code: Count(num, den)})
        for i, (num, den) in enumerate([(144625, 184513), (4, 5), (0, 7), (1, 8), (7, 7)] * 3)
    ]
    batch = score_batch(m, UnitBatch.from_inputs(units))
    assert batch == [score_unit(m, u) for u in units]
    assert batch[0].indicators[on_time.code].points == pytest.approx(15.68)  # the spec's worked figure (§2 TDGQ)


def test_score_units_uses_batch_and_keeps_order() -> None:
    """``score_units`` on many units returns them in the given order, equal to the reference."""
    m = METHODS[0]
    units = [
        UnitInput(id=f"{i:03d}", name="x", level="commune", metrics={c: Count(i % 7, 7) for c in CODES})
        for i in range(30)
    ]
    assert [s.id for s in score_units(m, units)] == [u.id for u in units]
    assert score_units(m, units) == [score_unit(m, u) for u in units]


def test_invalid_counts_fail_as_in_the_reference() -> None:
    """A negative or non-finite count is refused with the same error whichever path scores it."""
    m = METHODS[0]
    good = [UnitInput(id=str(i), name="x", level="commune", metrics={CODES[0]: Count(1, 2)}) for i in range(9)]
    for bad in (Count(-1, 3), Count(1, math.inf)):
        units = [*good, replace(good[0], id="bad", metrics={CODES[0]: bad})]
        with pytest.raises(ScoreError) as batch_error:
            score_units(m, units)
        with pytest.raises(ScoreError) as scalar_error:
            score_unit(m, units[-1])
        assert str(batch_error.value) == str(scalar_error.value)
