"""The values scoring reads and produces: counts in, points, groups, total, class and rank out."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Count:
    """An indicator's numerator and denominator for one unit and period. ``None`` means "no value": a missing
    denominator is an empty denominator (the indicator's d = 0 rule applies); a missing numerator with a positive
    denominator counts as 0 (nothing in the denominator was counted)."""

    numerator: float | None
    denominator: float | None


@dataclass(frozen=True)
class UnitInput:
    """What scoring needs about a unit: its level (which picks the per-level rules) and its counts, keyed by
    indicator code (``PROGRESS_ON_TIME`` …). A missing indicator is scored as an empty denominator."""

    id: str
    name: str
    level: str
    metrics: Mapping[str, Count]
    parent: str | None = None


@dataclass(frozen=True)
class IndicatorResult:
    """One indicator of one unit, scored.

    ``ratio`` is ``None`` when there is no ratio (empty denominator, or the item does not apply to the level);
    ``points`` is ``None`` when the portal shows no value (rule "null"), which contributes 0 to the group.
    ``lost_points`` = max − points for an indicator that applies (what the unit can still win), 0 for one that
    does not apply to its level (nothing the unit can do about it)."""

    code: str
    group: str
    ratio: float | None
    points: float | None
    max_points: float
    numerator: float | None
    denominator: float | None
    applies: bool
    lost_points: float


def _json_number(value: float | None) -> float | int | None:
    """Counts read back as integers when they are whole (144625, not 144625.0)."""
    if value is None:
        return None
    if float(value).is_integer():
        return int(value)
    return float(value)


@dataclass(frozen=True)
class UnitScore:
    """A unit's result: every indicator, the six groups, the total, its class and (once ranked) its rank."""

    id: str
    name: str
    level: str
    parent: str | None
    indicators: dict[str, IndicatorResult]
    groups: dict[str, float]
    total: float
    classification: str
    classification_name: str
    rank: int | None = None
    peers: int | None = None
    methodology: str = ""
    # The catalogue's ranking tie-break travels with the score so that rank_peers() needs no catalogue.
    tie_break: tuple[str, ...] = field(default=(), repr=False, compare=False)

    def to_json(self) -> dict[str, Any]:
        """The unit in the output shape of ``chiso score`` (``--aggregates`` and ``--json``)."""
        return {
            "id": self.id,
            "name": self.name,
            "level": self.level,
            "parent": self.parent,
            "indicators": {
                code: {
                    "ratio": r.ratio,
                    "points": r.points,
                    "numerator": _json_number(r.numerator),
                    "denominator": _json_number(r.denominator),
                }
                for code, r in self.indicators.items()
            },
            "groups": dict(self.groups),
            "total": self.total,
            "classification": self.classification,
            "rank": self.rank,
            "peers": self.peers,
        }
