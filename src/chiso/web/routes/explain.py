"""``GET /api/v1/units/{code}/indicators/{indicator}/records``: the records behind an indicator."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query

from chiso.explain.records import COLUMN_LABELS_VI
from chiso.web.deps import GateDep, ViewsDep
from chiso.web.routes.scores import NOT_FOUND, AsOfQ, PeriodQ, make_query
from chiso.web.schemas import RecordsOut

router = APIRouter(prefix="/api/v1", tags=["Giải thích"])


def jsonable(row: dict[str, Any]) -> dict[str, Any]:
    """A record with its instants and dates as ISO text."""
    return {k: v.isoformat() if hasattr(v, "isoformat") else v for k, v in row.items()}


@router.get(
    "/units/{code}/indicators/{indicator}/records",
    response_model=RecordsOut,
    responses=NOT_FOUND,
    summary="Bản ghi đứng sau một chỉ tiêu",
    description="Các hồ sơ (hoặc PAKN, TTHC…) trong mẫu số của chỉ tiêu: kind=missing là những bản ghi chưa đạt "
    "(làm mất điểm, hồ sơ trễ nhất trước), kind=counted là những bản ghi đã đạt. Có phân trang.",
)
def indicator_records(
    code: str,
    indicator: str,
    gate: GateDep,
    views: ViewsDep,
    period: PeriodQ = None,
    as_of: AsOfQ = None,
    kind: Annotated[Literal["missing", "counted"], Query(description="missing hoặc counted.")] = "missing",
    limit: Annotated[int, Query(ge=1, le=1000, description="Số bản ghi mỗi trang.")] = 50,
    offset: Annotated[int, Query(ge=0, description="Bỏ qua bao nhiêu bản ghi đầu.")] = 0,
) -> Any:
    """Records behind one indicator."""
    q = make_query(views, code, period, as_of)
    with gate.read() as store:
        score = views.subtree(store, q, gate.peers_version(q.unit))[0]
        ex = views.explain(
            store, q, indicator, limit=limit, offset=offset, score=score, version=gate.unit_version(code)
        )
    rows = ex.missing if kind == "missing" else ex.counted
    columns = list(rows[0]) if rows else []
    return {
        "unit": code,
        "period": q.period.key,
        "as_of": ex.as_of.isoformat(),
        "indicator": views.indicator_json(ex.indicator),
        "source": ex.source,
        "kind": kind,
        "total": ex.missing_total if kind == "missing" else ex.counted_total,
        "offset": offset,
        "limit": limit,
        "columns": {c: COLUMN_LABELS_VI.get(c, c) for c in columns},
        "records": [jsonable(r) for r in rows],
    }
