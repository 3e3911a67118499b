"""Scoring many units at once: the same exact arithmetic as :func:`chiso.score.scoring.score_unit`, column-wise.

Scoring every unit of the country means ~75,000 indicators. One Python call per indicator (with exact fractions)
costs about half a second; here each (indicator, level) is scored for all units in a few NumPy integer operations.
The results are identical, not close: counts are whole numbers, thresholds and maxima are exact fractions, and
points are computed in integer units of the catalogue's last decimal with the same half-up rule. Anything outside
that exact integer domain (fractional or huge counts, half-even rounding, invalid values) is scored by the scalar
reference instead, so both paths always agree; a property test holds them to it.
"""

from __future__ import annotations

import gc
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

import numpy as np
import numpy.typing as npt

from chiso.methodology import Indicator, Methodology, ResolvedRule
from chiso.score.model import Count, IndicatorResult, UnitInput, UnitScore
from chiso.score.scoring import ScoreError, exact, score_unit

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

# Beyond this, products of counts, fractions' terms and 10**decimals could leave int64: use the scalar path.
_EXACT_LIMIT = 2**40


@dataclass(frozen=True)
class UnitBatch:
    """Units to score, column-wise. ``metrics[code]`` holds numerators and denominators, one per unit, as floats
    with NaN for "no value" (what ``None`` means in :class:`~chiso.score.model.Count`)."""

    ids: Sequence[str]
    names: Sequence[str]
    levels: Sequence[str]
    parents: Sequence[str | None]
    metrics: Mapping[str, tuple[FloatArray, FloatArray]]

    def __len__(self) -> int:
        return len(self.ids)

    @classmethod
    def from_inputs(cls, units: Sequence[UnitInput]) -> UnitBatch:
        """The columns of a list of :class:`UnitInput` (missing metrics become NaN, i.e. "no value")."""
        codes = sorted({code for u in units for code in u.metrics})
        metrics: dict[str, tuple[FloatArray, FloatArray]] = {}
        for code in codes:
            counts = [u.metrics.get(code) or Count(None, None) for u in units]
            metrics[code] = (_column([c.numerator for c in counts]), _column([c.denominator for c in counts]))
        return cls(
            ids=[u.id for u in units],
            names=[u.name for u in units],
            levels=[u.level for u in units],
            parents=[u.parent for u in units],
            metrics=metrics,
        )

    def unit(self, i: int) -> UnitInput:
        """Unit ``i`` as a :class:`UnitInput` (for the scalar path)."""
        return UnitInput(
            id=self.ids[i],
            name=self.names[i],
            level=self.levels[i],
            parent=self.parents[i],
            metrics={
                code: Count(_value(num[i]), _value(den[i]))
                for code, (num, den) in self.metrics.items()
                if not (math.isnan(num[i]) and math.isnan(den[i]))
            },
        )


def _column(values: Sequence[float | None]) -> FloatArray:
    out: list[float] = []
    for v in values:
        if v is None:
            out.append(math.nan)
        elif isinstance(v, bool) or not isinstance(v, int | float):
            raise ScoreError(f"Giá trị không phải là số: {v!r}.")
        else:
            out.append(float(v))
    return np.asarray(out, dtype=np.float64)


def _value(x: float) -> float | None:
    return None if math.isnan(x) else float(x)


def _round_half_up(value: Fraction, scale: int) -> int:
    """``value`` in units of 1/scale, half away from zero (the catalogue's half-up)."""
    scaled = value * scale
    n = math.floor(abs(scaled) + Fraction(1, 2))
    return n if scaled >= 0 else -n


@dataclass
class _Column:
    """One indicator's results for every unit, before they become objects."""

    points: IntArray  # in units of 1/scale; meaningful where ``has_points``
    has_points: npt.NDArray[np.bool_]
    ratio: FloatArray  # NaN = no ratio
    lost: IntArray  # in units of 1/scale


def _score_column(
    indicator: Indicator, levels: npt.NDArray[np.str_], num: FloatArray, den: FloatArray, scale: int
) -> _Column:
    n_units = len(levels)
    full = _round_half_up(exact(indicator.max_points), scale)
    max_scaled = exact(indicator.max_points) * scale
    m = exact(indicator.max_points)
    points = np.zeros(n_units, dtype=np.int64)
    has = np.zeros(n_units, dtype=np.bool_)
    ratio = np.full(n_units, np.nan)
    applies_mask = np.zeros(n_units, dtype=np.bool_)
    rules: dict[str, ResolvedRule] = {str(level): indicator.rule_for(str(level)) for level in np.unique(levels)}
    for level, rule in rules.items():
        at = levels == level
        if not rule.applies:
            if rule.not_applicable == "full":
                points[at], has[at] = full, True
            continue
        applies_mask |= at
        empty = at & (np.isnan(den) | (den == 0))
        if rule.empty_rule == "full":
            points[empty], has[empty] = full, True
        elif rule.empty_rule == "zero":
            points[empty], has[empty] = 0, True
        scored = at & ~empty
        if not scored.any():
            continue
        n = np.where(np.isnan(num[scored]), 0.0, num[scored])
        d = den[scored]
        ratio[scored] = n / d
        t = exact(rule.threshold)
        # share = (n / d) / t = a / b; points = round(max × min(1, a / b)) computed as integers.
        a = n.astype(np.int64) * t.denominator
        b = d.astype(np.int64) * t.numerator
        if max(int(a.max()) * m.numerator * scale, int(b.max()) * m.denominator) >= 2**61:
            raise _NotExact
        top = m.numerator * a * scale
        bottom = m.denominator * b
        got = (2 * top + bottom) // (2 * bottom)
        points[scored] = np.where(a >= b, full, got)
        has[scored] = True
    # What the unit can still win: max − points for an indicator that applies, 0 otherwise.
    if max_scaled.denominator == 1:
        lost = np.where(applies_mask, int(max_scaled) - np.where(has, points, 0), 0).astype(np.int64)
    else:  # a maximum with more decimals than the catalogue rounds to: the scalar path is exact there
        raise _NotExact
    return _Column(points=points, has_points=has, ratio=ratio, lost=lost)


_new = object.__new__


def _result(
    code: str,
    group: str,
    max_points: float,
    ratio: float,
    points: float | None,
    numerator: float,
    denominator: float,
    applies: bool,
    lost: float,
) -> IndicatorResult:
    """An :class:`IndicatorResult` (NaN → None), filled without the frozen dataclass's per-field ``__setattr__``
    calls: the country's ~75,000 results are a fifth of the engine's time otherwise. Equal to the normal
    constructor's object in every field."""
    obj = _new(IndicatorResult)
    obj.__dict__.update(
        code=code,
        group=group,
        ratio=None if ratio != ratio else ratio,
        points=points,
        max_points=max_points,
        numerator=None if numerator != numerator else numerator,
        denominator=None if denominator != denominator else denominator,
        applies=applies,
        lost_points=lost,
    )
    return obj


class _NotExact(Exception):
    """The batch cannot guarantee the scalar path's exact result for these inputs."""


def batchable(methodology: Methodology, batch: UnitBatch) -> bool:
    """Whether :func:`score_batch` scores ``batch`` column-wise (whole, valid, not huge counts; known codes;
    half-up rounding) rather than unit by unit."""
    codes = {i.code for i in methodology.indicators}
    if set(batch.metrics) - codes or methodology.rounding != "half_up":
        return False
    for num, den in batch.metrics.values():
        for col in (num, den):
            finite = col[~np.isnan(col)]
            if finite.size and (
                not np.all(np.isfinite(finite))
                or np.any(finite < 0)
                or np.any(finite >= _EXACT_LIMIT)
                or np.any(finite != np.floor(finite))
            ):
                return False
    return True


def score_batch(methodology: Methodology, batch: UnitBatch) -> list[UnitScore]:
    """Score every unit of ``batch`` (in order), exactly as :func:`~chiso.score.scoring.score_unit` would."""
    if not batchable(methodology, batch):
        return [score_unit(methodology, batch.unit(i)) for i in range(len(batch))]
    scale = 10**methodology.decimals
    levels = np.asarray(batch.levels, dtype=np.str_)
    for level in set(batch.levels):
        methodology.indicators[0].rule_for(level)  # an unknown level fails as the scalar path fails
    nan = np.full(len(batch), np.nan)
    columns: dict[str, _Column] = {}
    try:
        for ind in methodology.indicators:
            num, den = batch.metrics.get(ind.code, (nan, nan))
            columns[ind.code] = _score_column(ind, levels, num, den, scale)
    except _NotExact:
        return [score_unit(methodology, batch.unit(i)) for i in range(len(batch))]

    group_codes = [g.code for g in methodology.groups]
    group_sums = {g: np.zeros(len(batch), dtype=np.int64) for g in group_codes}
    for ind in methodology.indicators:
        col = columns[ind.code]
        group_sums[ind.group] += np.where(col.has_points, col.points, 0)
    total = sum(group_sums.values(), np.zeros(len(batch), dtype=np.int64))

    # Building ~75,000 small acyclic objects would trigger the cyclic garbage collector many times over, each pass
    # walking every object of the process (half the cost of this step in a long-running server): pause it.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _build(methodology, batch, columns, group_sums, total, scale)
    finally:
        if was_enabled:
            gc.enable()


def _build(
    methodology: Methodology,
    batch: UnitBatch,
    columns: dict[str, _Column],
    group_sums: dict[str, IntArray],
    total: IntArray,
    scale: int,
) -> list[UnitScore]:
    nan = np.full(len(batch), np.nan)
    group_codes = [g.code for g in methodology.groups]
    # Result objects are built one indicator column at a time from plain Python lists (element access on them is
    # several times cheaper than on NumPy arrays), then dealt out to units.
    levels_list = list(batch.levels)
    per_indicator: list[list[IndicatorResult]] = []
    for ind in methodology.indicators:
        c = columns[ind.code]
        num, den = batch.metrics.get(ind.code, (nan, nan))
        applies = {lv: ind.rule_for(lv).applies for lv in set(levels_list)}
        per_indicator.append(
            [
                _result(
                    ind.code, ind.group, ind.max_points, r, p / scale if h else None, nu, de, applies[lv], lo / scale
                )
                for p, h, r, lo, nu, de, lv in zip(
                    c.points.tolist(),
                    c.has_points.tolist(),
                    c.ratio.tolist(),
                    c.lost.tolist(),
                    num.tolist(),
                    den.tolist(),
                    levels_list,
                    strict=True,
                )
            ]
        )
    codes = [ind.code for ind in methodology.indicators]
    sums = {g: s.tolist() for g, s in group_sums.items()}
    totals = total.tolist()
    bands: dict[int, tuple[str, str]] = {}
    out: list[UnitScore] = []
    for i, row in enumerate(zip(*per_indicator, strict=True)):
        results = dict(zip(codes, row, strict=True))
        t = totals[i]
        band = bands.get(t)
        if band is None:
            b = methodology.classify(t / scale)
            band = bands[t] = (b.code, b.name)
        out.append(
            UnitScore(
                id=batch.ids[i],
                name=batch.names[i],
                level=batch.levels[i],
                parent=batch.parents[i],
                indicators=results,
                groups={g: sums[g][i] / scale for g in group_codes},
                total=t / scale,
                classification=band[0],
                classification_name=band[1],
                methodology=methodology.id,
                tie_break=methodology.tie_break,
            )
        )
    return out
