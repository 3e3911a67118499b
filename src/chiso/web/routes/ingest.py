"""``POST /api/v1/…``: one-stop systems push dossiers, their events and payments, PAKN and TTHC catalogue
updates, in the columns of the import format (docs/import-format.md)."""

from __future__ import annotations

import asyncio
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from chiso.audit.log import WriteNote, token_actor
from chiso.web.deps import GateDep, SettingsDep, TokenDep, request_id
from chiso.web.gate import Push
from chiso.web.intake import IntakeRejected, parse_body
from chiso.web.schemas import ErrorOut, IngestOut, body_schema

router = APIRouter(prefix="/api/v1", tags=["Ghi dữ liệu thời gian thực"])

_ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorOut, "description": "JSON sai cú pháp."},
    401: {"model": ErrorOut, "description": "Thiếu mã truy cập, mã sai hoặc đã bị thu hồi."},
    403: {"model": ErrorOut, "description": "Bản ghi thuộc đơn vị ngoài phạm vi của mã truy cập."},
    413: {"model": ErrorOut, "description": "Nội dung quá lớn (quá số byte hoặc số bản ghi cho phép)."},
    415: {"model": ErrorOut, "description": "Nội dung không phải application/json."},
    422: {"model": ErrorOut, "description": "Dữ liệu không hợp lệ: vị trí từng lỗi và lý do bằng tiếng Việt."},
}

_COMMON = (
    ' Nhận một bản ghi, một mảng bản ghi, hoặc {"records": [...]}, với tên trường theo định dạng nhập '
    "(tên chuẩn hoặc tên khác, ví dụ MaHoSo, NgayTiepNhan). Tất cả hoặc không: nếu có lỗi, không bản ghi nào "
    "được ghi. Gửi lại cùng yêu cầu không thay đổi gì (khóa tự nhiên; sự kiện theo mã sự kiện)."
)


async def read_body(request: Request, limit: int) -> bytes:
    """The request body, refusing (413) more than ``limit`` bytes — by its declared length, or while reading."""
    declared = request.headers.get("content-length")
    too_big = IntakeRejected(
        413, f"Nội dung yêu cầu vượt quá {limit:,} byte; hãy chia thành nhiều yêu cầu nhỏ hơn.".replace(",", ".")
    )
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise too_big
    kind = request.headers.get("content-type", "application/json").split(";")[0].strip().lower()
    if kind not in ("application/json", "text/json", "") and not kind.endswith("+json"):
        raise IntakeRejected(415, f"Nội dung phải là JSON (Content-Type: application/json), không phải «{kind}».")
    parts: list[bytes] = []
    size = 0
    async for part in request.stream():
        size += len(part)
        if size > limit:
            raise too_big
        parts.append(part)
    return b"".join(parts)


async def _push(
    request: Request,
    gate: GateDep,
    settings: SettingsDep,
    token: TokenDep,
    entity: str,
    dossier_code: str | None = None,
) -> JSONResponse:
    body = await read_body(request, settings.max_body_bytes)
    records = parse_body(body)
    if len(records) > settings.max_records:
        raise IntakeRejected(
            413,
            f"Một yêu cầu chỉ được gửi tối đa {settings.max_records} bản ghi (đã gửi {len(records)}); hãy chia nhỏ.",
        )
    rid = request_id(request)
    note = WriteNote(token_actor(token.token_id), token.unit_code, rid)
    future = gate.submit(Push(entity, records, token.unit_code, dossier_code, audit=note))
    result = await asyncio.wrap_future(future)
    return JSONResponse(IngestOut(**result.to_json()).model_dump(), headers={"X-Request-ID": rid})


@router.post(
    "/dossiers",
    response_model=IngestOut,
    responses=_ERRORS,
    summary="Gửi hồ sơ (một hoặc nhiều)",
    description="Thêm hoặc cập nhật hồ sơ TTHC; các cột thời điểm trạng thái (NgayKetThucXuLy, NgayTraKetQua…) "
    "trở thành sự kiện xử lý. Bản có NgayCapNhat cũ hơn bản đã lưu bị bỏ qua." + _COMMON,
    openapi_extra={"requestBody": body_schema("dossiers")},
)
async def post_dossiers(request: Request, gate: GateDep, settings: SettingsDep, token: TokenDep) -> JSONResponse:
    """Dossiers, single or batch."""
    return await _push(request, gate, settings, token, "dossiers")


@router.post(
    "/dossiers/{code}/events",
    response_model=IngestOut,
    responses=_ERRORS,
    summary="Gửi sự kiện xử lý của một hồ sơ",
    description="Thêm sự kiện (chuyển xử lý, yêu cầu bổ sung, xử lý xong, trả kết quả…) cho hồ sơ «code». "
    "Sự kiện có thể đến không theo thứ tự thời gian: trạng thái của hồ sơ luôn được tính lại từ toàn bộ lịch sử. "
    "Không có mã sự kiện thì mã được tạo từ mã hồ sơ, loại và thời điểm." + _COMMON,
    openapi_extra={"requestBody": body_schema("dossier_events", pinned=True)},
)
async def post_events(
    code: str, request: Request, gate: GateDep, settings: SettingsDep, token: TokenDep
) -> JSONResponse:
    """Events of one dossier."""
    return await _push(request, gate, settings, token, "dossier_events", dossier_code=code)


@router.post(
    "/dossiers/{code}/payments",
    response_model=IngestOut,
    responses=_ERRORS,
    summary="Gửi giao dịch thanh toán của một hồ sơ",
    description="Thêm hoặc cập nhật giao dịch thanh toán phí, lệ phí của hồ sơ «code»." + _COMMON,
    openapi_extra={"requestBody": body_schema("payments", pinned=True)},
)
async def post_payments(
    code: str, request: Request, gate: GateDep, settings: SettingsDep, token: TokenDep
) -> JSONResponse:
    """Payments of one dossier."""
    return await _push(request, gate, settings, token, "payments", dossier_code=code)


@router.post(
    "/petitions",
    response_model=IngestOut,
    responses=_ERRORS,
    summary="Gửi phản ánh, kiến nghị (PAKN)",
    description="Thêm hoặc cập nhật PAKN (một hoặc nhiều)." + _COMMON,
    openapi_extra={"requestBody": body_schema("petitions")},
)
async def post_petitions(request: Request, gate: GateDep, settings: SettingsDep, token: TokenDep) -> JSONResponse:
    """Petitions, single or batch."""
    return await _push(request, gate, settings, token, "petitions")


@router.post(
    "/procedures",
    response_model=IngestOut,
    responses=_ERRORS,
    summary="Cập nhật danh mục TTHC",
    description="Thêm hoặc cập nhật TTHC trong danh mục của tỉnh/bộ (cần mã truy cập của tỉnh/bộ đó). Thời hạn "
    "giải quyết thay đổi thì hạn xử lý của các hồ sơ được tính lại." + _COMMON,
    openapi_extra={"requestBody": body_schema("procedures")},
)
async def post_procedures(request: Request, gate: GateDep, settings: SettingsDep, token: TokenDep) -> JSONResponse:
    """TTHC catalogue updates."""
    return await _push(request, gate, settings, token, "procedures")
