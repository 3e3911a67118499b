"""``GET /api/v1/units/{code}/trend``: the score over the last periods."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from chiso.web.deps import GateDep, ViewsDep
from chiso.web.routes.scores import NOT_FOUND, AsOfQ, PeriodQ, make_query
from chiso.web.schemas import TrendOut

router = APIRouter(prefix="/api/v1", tags=["Điểm và xếp hạng"])


@router.get(
    "/units/{code}/trend",
    response_model=TrendOut,
    responses=NOT_FOUND,
    summary="Diễn biến điểm qua các kỳ",
    description="Tổng điểm, xếp loại và sáu nhóm của đơn vị trong n kỳ gần nhất (cùng loại kỳ, cũ trước).",
)
def unit_trend(
    code: str,
    gate: GateDep,
    views: ViewsDep,
    period: PeriodQ = None,
    as_of: AsOfQ = None,
    n: Annotated[int, Query(ge=1, le=36, description="Số kỳ.")] = 6,
) -> Any:
    """The trend."""
    q = make_query(views, code, period, as_of)
    with gate.read() as store:
        current = views.subtree(store, q, gate.peers_version(q.unit))[0]  # 404 for an unknown unit
        points = views.trend(store, q, n, lambda p: gate.period_version(q.unit, p.start, p.end), current=current)
    return {
        "unit": code,
        "points": [
            {
                "period": p.key,
                "label": p.label_vi,
                "total": s.total,
                "classification_name": s.classification_name,
                "groups": dict(s.groups),
            }
            for p, s in points
        ],
    }
