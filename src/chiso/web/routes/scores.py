"""``GET /api/v1/units…``: units, scores, the children table and early warnings."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from chiso.store.queries import unit_listing
from chiso.web.deps import GateDep, ViewsDep
from chiso.web.schemas import ChildrenOut, ErrorOut, ScoreOut, WarningsOut
from chiso.web.views import Query as ViewQuery
from chiso.web.views import parse_as_of, parse_period
from chiso.web.warnings import early_warnings

router = APIRouter(prefix="/api/v1", tags=["Điểm và xếp hạng"])

PeriodQ = Annotated[
    str | None,
    Query(description="Kỳ: 2026-10 (tháng), 2026-Q3 (quý), 2026-H1, 2026 (năm). Mặc định: tháng hiện tại."),
]
AsOfQ = Annotated[
    str | None, Query(description="Thời điểm đánh giá, ISO 8601 (ví dụ 2026-10-31T17:00). Mặc định: bây giờ.")
]
NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorOut, "description": "Không có đơn vị này."},
    400: {"model": ErrorOut, "description": "Tham số không hợp lệ."},
}


def make_query(views: Any, unit: str, period: str | None, as_of: str | None) -> ViewQuery:
    """The unit/period/as_of of a request."""
    return ViewQuery(unit, parse_period(period, views.now()), parse_as_of(as_of))


@router.get("/units", summary="Danh sách đơn vị", description="Các đơn vị theo thứ tự cây (cấp trên trước).")
def list_units(
    gate: GateDep,
    under: Annotated[str | None, Query(description="Chỉ các đơn vị thuộc đơn vị này.")] = None,
    level: Annotated[str | None, Query(description="Chỉ một cấp: province, department, commune…")] = None,
) -> list[dict[str, Any]]:
    """Units in tree order."""
    with gate.read() as store:
        return unit_listing(store, under=under, level=level)


@router.get(
    "/units/{code}/scores",
    response_model=ScoreOut,
    responses=NOT_FOUND,
    summary="Điểm của đơn vị",
    description="Sáu nhóm, các chỉ tiêu, tổng điểm, xếp loại và thứ hạng trong các đơn vị cùng cấp, cho một kỳ "
    "tại một thời điểm đánh giá (kỳ hiện tại được tính theo thời gian thực).",
)
def unit_scores(code: str, gate: GateDep, views: ViewsDep, period: PeriodQ = None, as_of: AsOfQ = None) -> Any:
    """A unit's score."""
    q = make_query(views, code, period, as_of)
    with gate.read() as store:
        scores = views.subtree(store, q, gate.peers_version(q.unit))
    return views.score_json(scores[0], q)


@router.get(
    "/units/{code}/children",
    response_model=ChildrenOut,
    responses=NOT_FOUND,
    summary="Bảng các đơn vị trực thuộc",
    description="Đơn vị và các đơn vị trực thuộc (sở, ban, ngành; xã, phường…), mỗi đơn vị xếp hạng trong nhóm "
    "cùng cấp.",
)
def unit_children(
    code: str,
    gate: GateDep,
    views: ViewsDep,
    period: PeriodQ = None,
    as_of: AsOfQ = None,
    level: Annotated[str | None, Query(description="Chỉ một cấp (commune, department…).")] = None,
    classification: Annotated[str | None, Query(description="Chỉ một xếp loại (xuat_sac, tot, kha…).")] = None,
) -> Any:
    """The children table."""
    q = make_query(views, code, period, as_of)
    with gate.read() as store:
        scores = views.subtree(store, q, gate.peers_version(q.unit))
    kids = [
        s
        for s in scores[1:]
        if (level is None or s.level == level) and (classification is None or s.classification == classification)
    ]
    return {"unit": views.score_json(scores[0], q), "children": [views.score_json(s, q) for s in kids]}


@router.get(
    "/units/{code}/warnings",
    response_model=WarningsOut,
    responses=NOT_FOUND,
    summary="Cảnh báo sớm: hồ sơ sắp quá hạn",
    description="Hồ sơ đang xử lý của đơn vị (và các đơn vị trực thuộc) sẽ quá hạn trong số ngày làm việc tới — "
    "những hồ sơ cán bộ còn kịp xử lý. Không gồm hồ sơ đang chờ người nộp bổ sung.",
)
def unit_warnings(
    code: str,
    gate: GateDep,
    views: ViewsDep,
    days: Annotated[int, Query(ge=1, le=30, description="Số ngày làm việc nhìn trước (1 hoặc 3…).")] = 3,
    as_of: AsOfQ = None,
    limit: Annotated[int, Query(ge=1, le=5000, description="Số hồ sơ tối đa trong danh sách.")] = 500,
) -> Any:
    """Dossiers about to become overdue."""
    q = make_query(views, code, None, as_of)
    instant = q.instant(views.now())
    with gate.read() as store:
        views.subtree(store, q, gate.peers_version(q.unit))  # 404 for an unknown unit
        found = early_warnings(store, unit=code, as_of=instant, days=days, limit=limit)
    for r in found.dossiers:
        r["received_at"] = r["received_at"].isoformat()
        r["due_at"] = r["due_at"].isoformat()
    return {"unit": code, "as_of": instant.isoformat(), "days": days, "total": found.total, "dossiers": found.dossiers}
