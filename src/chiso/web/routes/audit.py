"""``GET /api/v1/audit`` (who changed what; province administrators only) and ``GET /api/v1/published/{period}``
(the frozen results of a published period)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Query

from chiso.audit import query
from chiso.publish import PublishError, published_scores
from chiso.timeutil import VN_TZ
from chiso.web.deps import GateDep, ProvinceAdminDep
from chiso.web.schemas import ErrorOut
from chiso.web.views import BadRequest, NotFound

router = APIRouter(prefix="/api/v1", tags=["Kiểm toán và kỳ đã công bố"])


def _instant(text: str | None, name: str) -> dt.datetime | None:
    if text is None:
        return None
    try:
        value = dt.datetime.fromisoformat(text)
    except ValueError:
        raise BadRequest(
            f"Tham số {name} không hợp lệ: '{text}' (dùng dạng 2026-11-01 hoặc 2026-11-01T08:00)."
        ) from None
    return value if value.tzinfo else value.replace(tzinfo=VN_TZ)


@router.get(
    "/audit",
    summary="Nhật ký kiểm toán",
    description="Ai đã thay đổi gì, lúc nào, qua yêu cầu nào: ghi dữ liệu qua API, nhập tệp, tạo/thu hồi mã truy "
    "cập, công bố kỳ, khôi phục. Chỉ mã truy cập cấp tỉnh; chỉ thấy các thay đổi trong tỉnh mình và các việc "
    "chung (công bố, khôi phục). Nhật ký chỉ thêm, không sửa, không xóa; không bao giờ chứa mã bí mật.",
    responses={
        401: {"model": ErrorOut, "description": "Thiếu mã truy cập, mã sai hoặc đã bị thu hồi."},
        403: {"model": ErrorOut, "description": "Mã truy cập không phải cấp tỉnh."},
    },
)
def audit_entries(
    gate: GateDep,
    token: ProvinceAdminDep,
    since: Annotated[str | None, Query(description="Từ thời điểm (ISO 8601).")] = None,
    until: Annotated[str | None, Query(description="Trước thời điểm (ISO 8601).")] = None,
    unit: Annotated[str | None, Query(description="Chỉ thay đổi của đơn vị này và cấp dưới.")] = None,
    action: Annotated[str | None, Query(description="ingest | import | token | publish | restore …")] = None,
    limit: Annotated[int, Query(ge=1, le=10_000, description="Số mục gần nhất tối đa.")] = 1000,
) -> list[dict[str, Any]]:
    """Audit entries visible to the token's province, oldest first."""
    with gate.read() as store:
        rows = query(
            store,
            since=_instant(since, "since"),
            until=_instant(until, "until"),
            unit=unit,
            scope=token.unit_code,
            action=action,
            limit=limit,
        )
    return [r.to_json() for r in rows]


@router.get(
    "/published/{period}",
    summary="Kết quả kỳ đã công bố",
    description="Kết quả đã chốt của một kỳ (chiso publish), đúng như lúc công bố, kèm mã băm dữ liệu đầu vào và "
    "phiên bản phương pháp tính: dữ liệu thay đổi sau đó không làm thay đổi kết quả này.",
    responses={404: {"model": ErrorOut, "description": "Kỳ chưa được công bố."}},
)
def published(
    period: str,
    gate: GateDep,
    unit: Annotated[str | None, Query(description="Chỉ đơn vị này và các đơn vị trực thuộc.")] = None,
) -> dict[str, Any]:
    """A published period's frozen figures."""
    with gate.read() as store:
        codes = None
        if unit is not None:
            codes = [unit] + [
                r[0] for r in store.con.execute("SELECT code FROM units WHERE parent_code = ?", [unit]).fetchall()
            ]
        try:
            pub, scores = published_scores(store, period, units=codes)
        except PublishError as exc:
            raise NotFound(str(exc)) from exc
    if unit is not None:
        scores.sort(key=lambda s: (s.id != unit, s.level, s.rank or 0))
    return {"publication": pub.to_json(), "units": [s.to_json() for s in scores]}
