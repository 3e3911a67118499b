"""Dependencies shared by the routes: the gate, the views, the sender's token."""

from __future__ import annotations

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


GateDep = Annotated[StoreGate, Depends(get_gate)]
ViewsDep = Annotated[Views, Depends(get_views)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
TokenDep = Annotated[TokenInfo, Depends(require_token)]
