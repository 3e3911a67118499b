"""Scoring, classification and ranking: pure functions of counts and the methodology catalogue (no backend).

The engine (chiso.compute) turns raw records into :class:`Count` values; everything from there to points, groups,
total, class and rank happens here, and ``chiso score --aggregates`` runs the same functions on counts given as JSON.
"""

from chiso.score.aggregates import (
    AggregatesError,
    parse_aggregates,
    read_aggregates,
    score_aggregates,
    sum_inputs,
    to_aggregates,
)
from chiso.score.model import Count, IndicatorResult, UnitInput, UnitScore
from chiso.score.ranking import rank_peers
from chiso.score.scoring import ScoreError, indicator_points, round_points, score_indicator, score_unit, score_units

__all__ = [
    "AggregatesError",
    "Count",
    "IndicatorResult",
    "ScoreError",
    "UnitInput",
    "UnitScore",
    "indicator_points",
    "parse_aggregates",
    "rank_peers",
    "read_aggregates",
    "round_points",
    "score_aggregates",
    "score_indicator",
    "score_unit",
    "score_units",
    "sum_inputs",
    "to_aggregates",
]
