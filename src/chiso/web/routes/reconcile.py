"""Reconciliation with Cổng DVCQG: the page ``/units/{code}/reconcile``, its XLSX download, and
``GET /api/v1/units/{code}/reconcile`` — thin over :func:`chiso.reconcile.reconcile`."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from chiso.reconcile import CAUSE_SHORT_VI, CAUSES, ReconcileError, reconcile, workbook_bytes
from chiso.reconcile.compare import Reconciliation
from chiso.web.deps import GateDep, ViewsDep
from chiso.web.routes.pages import _ancestors, _base, _query, templates
from chiso.web.routes.scores import NOT_FOUND, AsOfQ, PeriodQ, make_query
from chiso.web.views import NotFound, Views
from chiso.web.views import Query as ViewQuery

router = APIRouter(tags=["Đối chiếu với Cổng DVCQG"])

RECORDS_SHOWN = 200
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _reconcile(store: Any, views: Views, q: ViewQuery) -> Reconciliation:
    exists = store.con.execute("SELECT 1 FROM units WHERE code = ?", [q.unit]).fetchone()
    if exists is None:
        raise NotFound(f"Không có đơn vị mã '{q.unit}'.")
    return reconcile(store, unit=q.unit, period=q.period, as_of=q.instant(views.now()), methodology=views.methodology)


@router.get(
    "/api/v1/units/{code}/reconcile",
    responses=NOT_FOUND,
    summary="Đối chiếu với số liệu Cổng DVCQG",
    description="Điểm theo dữ liệu một cửa (chiso) bên cạnh số liệu Cổng DVCQG đã nhập (chiso portal import), "
    "theo nhóm và chỉ tiêu; kiểm tra tổng điểm công bố; và các hồ sơ gây chênh lệch, phân loại theo nguyên nhân "
    "(chưa đồng bộ, khác trạng thái, khác ngày, thiếu thanh toán trực tuyến, sai mã đơn vị/TTHC, tính vào kỳ khác, "
    "chỉ có trên Cổng). 404 khi chưa nhập số liệu Cổng của kỳ.",
)
def reconcile_api(
    code: str,
    gate: GateDep,
    views: ViewsDep,
    period: PeriodQ = None,
    as_of: AsOfQ = None,
    limit: Annotated[int, Query(ge=0, le=100_000, description="Số hồ sơ chênh lệch tối đa trả về.")] = 1000,
) -> Any:
    """A unit's reconciliation."""
    q = make_query(views, code, period, as_of)
    with gate.read() as store:
        try:
            rec = _reconcile(store, views, q)
        except ReconcileError as exc:
            raise NotFound(str(exc)) from exc
    body = rec.to_json()
    body["records_total"] = len(body["records"])
    body["records"] = body["records"][:limit]
    return body


@router.get("/units/{code}/reconcile.xlsx", include_in_schema=False)
def reconcile_xlsx(code: str, gate: GateDep, views: ViewsDep, period: PeriodQ = None, as_of: AsOfQ = None) -> Response:
    """The reconciliation as a workbook."""
    q = _query(views, code, period, as_of)
    with gate.read() as store:
        rec = _reconcile(store, views, q)
    name = f"doi-chieu-{rec.unit.replace('.', '-')}-{rec.period.key}.xlsx"
    return Response(
        workbook_bytes(rec), media_type=XLSX_TYPE, headers={"Content-Disposition": f'attachment; filename="{name}"'}
    )


@router.get("/units/{code}/reconcile", response_class=HTMLResponse, include_in_schema=False)
def reconcile_page(
    code: str, request: Request, gate: GateDep, views: ViewsDep, period: PeriodQ = None, as_of: AsOfQ = None
) -> Response:
    """Local figures against the portal's, and the dossiers that explain the difference."""
    q = _query(views, code, period, as_of)
    with gate.read() as store:
        score = views.subtree(store, q, gate.peers_version(q.unit))[0]
        ancestors = _ancestors(store, code)
        try:
            rec: Reconciliation | None = _reconcile(store, views, q)
            missing = None
        except ReconcileError as exc:
            rec, missing = None, str(exc)
    ctx = _base(
        request,
        views,
        q,
        gate,
        unit=score,
        ancestors=ancestors,
        rec=rec,
        missing=missing,
        causes=[] if rec is None else [(k, CAUSES[k][0], n, CAUSES[k][1]) for k, n in rec.cause_counts().items()],
        cause_short=CAUSE_SHORT_VI,
        records=[] if rec is None else rec.records[:RECORDS_SHOWN],
        records_shown=RECORDS_SHOWN,
        differing=[] if rec is None else [i for i in rec.indicators if i.difference],
    )
    return templates.TemplateResponse(request, "reconcile.html", ctx)
