"""``GET /api/v1/live``: Server-Sent Events for open pages."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import StreamingResponse

from chiso.web.deps import GateDep, SettingsDep
from chiso.web.live import event_stream

router = APIRouter(prefix="/api/v1", tags=["Cập nhật trực tiếp"])


@router.get(
    "/live",
    summary="Luồng cập nhật trực tiếp (Server-Sent Events)",
    description="Mở một luồng text/event-stream cho một đơn vị: mỗi khi dữ liệu của đơn vị hoặc một đơn vị "
    "trực thuộc thay đổi, máy chủ gửi sự kiện «changed» (kèm số phiên bản dữ liệu) để trang tải lại số liệu.",
    response_class=StreamingResponse,
)
async def live(
    request: Request,
    gate: GateDep,
    settings: SettingsDep,
    unit: Annotated[str, Query(description="Mã đơn vị theo dõi.")],
) -> StreamingResponse:
    """The event stream of one unit."""
    sub = gate.broker.subscribe(unit)
    return StreamingResponse(
        event_stream(
            gate.broker,
            sub,
            heartbeat=settings.heartbeat_seconds,
            is_disconnected=request.is_disconnected,
            version=gate.version,
        ),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )
