"""Dependencies shared by the routes: the gate, the views, the sender's token."""

from __future__ import annotations

import re
import uuid
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from chiso.auth import TokenInfo
from chiso.web.gate import StoreGate
from chiso.web.settings import Settings
from chiso.web.views import Views

bearer = HTTPBearer(
    auto_error=False,
    scheme_name="MaTruyCap",
    description="Mã truy cập của hệ thống gửi dữ liệu (tạo bằng `chiso token create --unit <mã>`), "
    "gửi trong tiêu đề `Authorization: Bearer <mã>`.",
)


def get_gate(request: Request) -> StoreGate:
    """The app's store gate."""
    gate: StoreGate = request.app.state.gate
    return gate


def get_views(request: Request) -> Views:
    """The app's read side."""
    views: Views = request.app.state.views
    return views


def get_settings(request: Request) -> Settings:
    """The app's settings."""
    settings: Settings = request.app.state.settings
    return settings


def require_token(
    gate: Annotated[StoreGate, Depends(get_gate)],
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> TokenInfo:
    """The sender's active token; 401 when it is missing, unknown, wrong or revoked."""
    challenge = {"WWW-Authenticate": "Bearer"}
    if credentials is None or not credentials.credentials:
        raise HTTPException(
            401,
            "Thiếu mã truy cập: gửi tiêu đề «Authorization: Bearer <mã>» (tạo mã bằng chiso token create).",
            headers=challenge,
        )
    info = gate.authenticate(credentials.credentials)
    if info is None:
        raise HTTPException(401, "Mã truy cập không hợp lệ hoặc đã bị thu hồi.", headers=challenge)
    return info


_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,64}")


def request_id(request: Request) -> str:
    """The request's id for the audit log: the client's ``X-Request-ID`` when it is a plain short token, else a
    fresh one (a hostile header never reaches the log as is)."""
    given = request.headers.get("x-request-id", "")
    return given if _REQUEST_ID.fullmatch(given) else uuid.uuid4().hex


def require_province_admin(
    gate: Annotated[StoreGate, Depends(get_gate)], token: Annotated[TokenInfo, Depends(require_token)]
) -> TokenInfo:
    """A token of a province (or ministry): a root of the unit tree, whose scope is the whole province. 403 for
    a token of a commune or department."""
    with gate.read() as store:
        row = store.con.execute("SELECT parent_code FROM units WHERE code = ?", [token.unit_code]).fetchone()
    if row is None or row[0] is not None:
        raise HTTPException(403, "Chỉ mã truy cập cấp tỉnh (quản trị của tỉnh) được xem nội dung này.")
    return token


GateDep = Annotated[StoreGate, Depends(get_gate)]
ViewsDep = Annotated[Views, Depends(get_views)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
TokenDep = Annotated[TokenInfo, Depends(require_token)]
ProvinceAdminDep = Annotated[TokenInfo, Depends(require_province_admin)]
