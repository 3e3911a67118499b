"""Counts → points → groups → total → class: pure functions of numbers and the catalogue (spec §1–§2).

Nothing here names an indicator: thresholds, empty-denominator rules, per-level scope, rounding and bands all come
from the :class:`~chiso.methodology.Methodology`.

Arithmetic is exact. The ratio, the threshold and the maximum are taken as fractions (0.8 is 4/5, as written in the
catalogue), the points are rounded once to the catalogue's decimals with its rounding mode (half-up by default:
0.125 → 0.13, where binary floats would give 0.12), and groups and totals are sums of those rounded decimals, so no
float noise can move a figure across a rounding or classification boundary.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterable
from decimal import Decimal
from fractions import Fraction

from chiso.errors import ChisoError
from chiso.methodology import Indicator, Methodology
from chiso.score.model import Count, IndicatorResult, UnitInput, UnitScore

HALF = Fraction(1, 2)


@functools.lru_cache(maxsize=1024)
def _decimal(value: float) -> Decimal:
    return Decimal(repr(float(value)))


class ScoreError(ChisoError):
    """Counts that cannot be scored (negative, not a number, unknown indicator code)."""


def exact(value: float) -> Fraction:
    """A number as the fraction its decimal text denotes (0.8 → 4/5; 144625.0 → 144625)."""
    if isinstance(value, int):
        return Fraction(value)
    f = float(value)
    if f.is_integer():
        return Fraction(int(f))
    return _exact_text(f)


@functools.lru_cache(maxsize=4096)
def _exact_text(value: float) -> Fraction:
    # Parsing the decimal text is slow; maxima and thresholds repeat, so cache them.
    return Fraction(repr(value))


def round_points(value: Fraction, decimals: int = 2, rounding: str = "half_up") -> Decimal:
    """Round an exact value to ``decimals`` places: ``half_up`` (ties away from zero, as the portal's reports show)
    or ``half_even``."""
    scaled = value * 10**decimals
    if rounding == "half_up":
        n = math.floor(abs(scaled) + HALF) * (1 if scaled >= 0 else -1)
    elif rounding == "half_even":
        n = round(scaled)
    else:
        raise ScoreError(f"Cách làm tròn '{rounding}' không được hỗ trợ (half_up hoặc half_even).")
    return Decimal(n).scaleb(-decimals)


def indicator_points(
    max_points: float,
    numerator: float,
    denominator: float,
    threshold: float = 1.0,
    *,
    decimals: int = 2,
    rounding: str = "half_up",
) -> Decimal:
    """``round(max × min(1, (numerator / denominator) / T))`` computed exactly; ``denominator`` must be > 0."""
    t, m = _constant(threshold), _constant(max_points)
    if rounding == "half_up" and float(numerator).is_integer() and float(denominator).is_integer():
        # Counts are whole numbers: the same exact result with integer arithmetic only (scoring every unit of the
        # country means ~75,000 indicators; Fraction objects would dominate the engine's time).
        a, b = int(numerator) * t.denominator, int(denominator) * t.numerator  # share = a / b before capping at 1
        if a >= b:
            return round_points(m, decimals, rounding)
        top = m.numerator * a * 10**decimals
        bottom = m.denominator * b
        return Decimal((2 * top + bottom) // (2 * bottom)).scaleb(-decimals)
    ratio = exact(numerator) / exact(denominator)
    share = min(Fraction(1), ratio / t)
    return round_points(m * share, decimals, rounding)


@functools.lru_cache(maxsize=1024)
def _constant(value: float) -> Fraction:
    # Maxima and thresholds repeat across every unit: convert each once.
    return exact(value)


def _check(value: float | None, unit: UnitInput, code: str, what: str) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ScoreError(f"Đơn vị {unit.id}, chỉ tiêu {code}: {what} không phải là số hữu hạn ({value!r}).")
    if value < 0:
        raise ScoreError(f"Đơn vị {unit.id}, chỉ tiêu {code}: {what} âm ({value!r}).")


def score_indicator(
    methodology: Methodology, indicator: Indicator, unit: UnitInput
) -> tuple[IndicatorResult, Decimal | None]:
    """Score one indicator of ``unit``; also returns the exact points (``None`` = no value)."""
    rule = indicator.rule_for(unit.level)
    count = unit.metrics.get(indicator.code) or Count(None, None)
    num, den = count.numerator, count.denominator
    _check(num, unit, indicator.code, "tử số")
    _check(den, unit, indicator.code, "mẫu số")
    full = exact(indicator.max_points)
    ratio: float | None = None
    points: Decimal | None
    if not rule.applies:
        points = (
            round_points(full, methodology.decimals, methodology.rounding) if rule.not_applicable == "full" else None
        )
    elif not den:
        if rule.empty_rule == "full":
            points = round_points(full, methodology.decimals, methodology.rounding)
        elif rule.empty_rule == "zero":
            points = Decimal(0).scaleb(-methodology.decimals)
        else:
            points = None
    else:
        n = num or 0.0
        ratio = n / den
        points = indicator_points(
            indicator.max_points,
            n,
            den,
            rule.threshold,
            decimals=methodology.decimals,
            rounding=methodology.rounding,
        )
    got = points if points is not None else Decimal(0)
    lost = float(_decimal(indicator.max_points) - got) if rule.applies else 0.0
    result = IndicatorResult(
        code=indicator.code,
        group=indicator.group,
        ratio=ratio,
        points=None if points is None else float(points),
        max_points=indicator.max_points,
        numerator=None if num is None else float(num),
        denominator=None if den is None else float(den),
        applies=rule.applies,
        lost_points=lost,
    )
    return result, points


def score_unit(methodology: Methodology, unit: UnitInput) -> UnitScore:
    """Score one unit: per-indicator points (rounded each), group = sum of rounded points, total = sum of groups,
    classification from the catalogue's bands. Rank and peers are left empty (see :func:`rank_peers`)."""
    codes = {i.code for i in methodology.indicators}
    unknown = sorted(set(unit.metrics) - codes)
    if unknown:
        raise ScoreError(
            f"Đơn vị {unit.id}: chỉ tiêu không có trong phương pháp {methodology.id}: {', '.join(unknown)}."
        )
    indicators: dict[str, IndicatorResult] = {}
    sums: dict[str, Decimal] = {g.code: Decimal(0) for g in methodology.groups}
    for ind in methodology.indicators:
        result, points = score_indicator(methodology, ind, unit)
        indicators[ind.code] = result
        if points is not None:
            sums[ind.group] += points
    total = sum(sums.values(), Decimal(0))
    band = methodology.classify(float(total))
    return UnitScore(
        id=unit.id,
        name=unit.name,
        level=unit.level,
        parent=unit.parent,
        indicators=indicators,
        groups={code: float(value) for code, value in sums.items()},
        total=float(total),
        classification=band.code,
        classification_name=band.name,
        methodology=methodology.id,
        tie_break=methodology.tie_break,
    )


def score_units(methodology: Methodology, units: Iterable[UnitInput]) -> list[UnitScore]:
    """Score every unit (in the given order); rank them with :func:`chiso.score.rank_peers`.

    Many units are scored column-wise (:mod:`chiso.score.batch`), with results identical to :func:`score_unit`."""
    from chiso.score.batch import UnitBatch, batchable, score_batch

    listed = list(units)
    if len(listed) >= 8:
        try:
            batch = UnitBatch.from_inputs(listed)
        except ScoreError:
            batch = None  # a value that is not a number: the reference names the unit and indicator
        if batch is not None and batchable(methodology, batch):
            return score_batch(methodology, batch)
    return [score_unit(methodology, u) for u in listed]
