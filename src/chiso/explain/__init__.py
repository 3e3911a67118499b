"""Explain: the exact records behind each indicator, and the points each gap costs."""

from chiso.explain.records import Explanation, explain_indicator, explain_unit, point_losses

__all__ = ["Explanation", "explain_indicator", "explain_unit", "point_losses"]
