"""The upgrade plan (kế hoạch nâng hạng): the page ``/units/{code}/plan`` and ``GET /api/v1/units/{code}/plan`` —
thin over :func:`chiso.plan.make_plan`."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from chiso.plan import KINDS, Plan, load_context, make_plan
from chiso.web.deps import GateDep, ViewsDep
from chiso.web.routes.pages import _ancestors, _base, _query, templates
from chiso.web.routes.scores import NOT_FOUND, AsOfQ, PeriodQ, make_query
from chiso.web.views import NotFound, Views
from chiso.web.views import Query as ViewQuery

router = APIRouter(tags=["Kế hoạch nâng hạng"])

CODES_SHOWN = 50  # record codes listed per action on the page (the API returns all)

TargetClassQ = Annotated[
    str | None,
    Query(description="Xếp loại cần đạt: xuat_sac | tot | kha | trung_binh. Mặc định: xếp loại kế tiếp."),
]
TargetScoreQ = Annotated[float | None, Query(ge=0, le=100, description="Tổng điểm cần đạt (thay cho xếp loại).")]


def _plan(store: Any, views: Views, q: ViewQuery, target_class: str | None, target_score: float | None) -> Plan:
    if store.con.execute("SELECT 1 FROM units WHERE code = ?", [q.unit]).fetchone() is None:
        raise NotFound(f"Không có đơn vị mã '{q.unit}'.")
    ctx = load_context(store, unit=q.unit, period=q.period, as_of=q.instant(views.now()), methodology=views.methodology)
    return make_plan(ctx, target_class=target_class, target_score=target_score)


@router.get(
    "/api/v1/units/{code}/plan",
    responses=NOT_FOUND,
    summary="Kế hoạch nâng hạng",
    description="Ít bản ghi nhất cần xử lý (đồng bộ hồ sơ, ghi nhận thanh toán trực tuyến, cấp kết quả điện tử, số "
    "hóa, trả lời PAKN, tích hợp thanh toán cho TTHC…) để đơn vị đạt xếp loại hoặc tổng điểm mục tiêu, với điểm, "
    "xếp loại và thứ hạng sau khi thực hiện (các đơn vị cùng cấp giữ nguyên điểm). `reached` = false khi không thể "
    "đạt mục tiêu bằng các hành động này; `message` giải thích.",
)
def plan_api(
    code: str,
    gate: GateDep,
    views: ViewsDep,
    period: PeriodQ = None,
    as_of: AsOfQ = None,
    target_class: TargetClassQ = None,
    target_score: TargetScoreQ = None,
) -> Any:
    """A unit's plan to reach a target."""
    q = make_query(views, code, period, as_of)
    with gate.read() as store:
        return _plan(store, views, q, target_class, target_score).to_json()


@router.get("/units/{code}/plan", response_class=HTMLResponse, include_in_schema=False)
def plan_page(
    code: str,
    request: Request,
    gate: GateDep,
    views: ViewsDep,
    period: PeriodQ = None,
    as_of: AsOfQ = None,
    target_class: TargetClassQ = None,
    target_score: TargetScoreQ = None,
) -> Response:
    """The plan to the next class (or a chosen target), its actions and the records to act on."""
    q = _query(views, code, period, as_of)
    with gate.read() as store:
        score = views.subtree(store, q, gate.peers_version(q.unit))[0]
        ancestors = _ancestors(store, code)
        plan = _plan(store, views, q, target_class, target_score)
    ctx = _base(
        request,
        views,
        q,
        gate,
        unit=score,
        ancestors=ancestors,
        plan=plan,
        bands=sorted(views.methodology.bands, key=lambda b: b.min),
        target_class=target_class,
        codes_shown=CODES_SHOWN,
        kinds=KINDS,
        group_names={g.code: g.name for g in views.methodology.groups},
    )
    return templates.TemplateResponse(request, "plan.html", ctx)
