"""Computation of every indicator's numerator and denominator from raw records, for any unit and period.

Import the engine entry points from :mod:`chiso.compute.engine`; this package root stays light so that the
counting expressions (:mod:`chiso.compute.metrics`) load without the scoring layer.
"""

from chiso.compute.period import Period, PeriodError

__all__ = ["Period", "PeriodError", "score_subtree"]


def __getattr__(name: str) -> object:
    if name in ("score_subtree", "compute_counts", "score_units_in_store"):
        from chiso.compute import engine

        return getattr(engine, name)
    raise AttributeError(name)
