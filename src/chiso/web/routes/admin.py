"""Token administration while the server runs (not in the OpenAPI document).

DuckDB lets one process write a database file, so while ``chiso serve`` runs, ``chiso token create|list|revoke``
cannot open the store. The server then writes ``<db>.serve.json`` (readable by its owner only) with its URL and a
random admin key; the token commands send their request here with that key, and a revocation takes effect at once.
"""

from __future__ import annotations

import hmac
from typing import Annotated, Any

from fastapi import APIRouter, Header, HTTPException
from pydantic import BaseModel

from chiso.auth import create_token, list_tokens, revoke_token
from chiso.web.deps import GateDep
from chiso.web.gate import StoreGate
from chiso.web.views import NotFound

router = APIRouter(prefix="/api/v1/admin", include_in_schema=False)


class CreateIn(BaseModel):
    """A token to create."""

    unit: str
    label: str | None = None


def _check(gate: StoreGate, key: str | None) -> None:
    expected = gate.admin_key
    if not expected or key is None or not hmac.compare_digest(key, expected):
        raise HTTPException(403, "Khóa quản trị không đúng.")


AdminKey = Annotated[str | None, Header(alias="X-Chiso-Admin-Key")]


@router.post("/tokens")
def admin_create(body: CreateIn, gate: GateDep, key: AdminKey = None) -> dict[str, Any]:
    """Create a token; the answer holds the token text (shown once)."""
    _check(gate, key)
    with gate.write() as store:
        info, token = create_token(store, body.unit, body.label)
    return {**info.to_json(), "token": token}


@router.get("/tokens")
def admin_list(gate: GateDep, key: AdminKey = None, unit: str | None = None) -> list[dict[str, Any]]:
    """Every token (never a secret)."""
    _check(gate, key)
    with gate.write() as store:
        return [t.to_json() for t in list_tokens(store, unit_code=unit)]


class BackupIn(BaseModel):
    """Where to write a backup archive (a path on the server's machine)."""

    path: str


@router.post("/backup")
def admin_backup(gate: GateDep, key: AdminKey = None, body: BackupIn | None = None) -> dict[str, Any]:
    """Back the store up while the server holds it (``chiso backup`` sends this): the export runs on the
    server's own connection under the write lock, so it is a consistent snapshot between two writes. The key is
    checked before the body is looked at."""
    from chiso.store.backup import backup_store

    _check(gate, key)
    if body is None:
        raise HTTPException(422, "Thiếu đường dẫn tệp sao lưu (path).")
    with gate.write() as store:
        return backup_store(store, body.path).to_json()


@router.post("/tokens/{token_id}/revoke")
def admin_revoke(token_id: str, gate: GateDep, key: AdminKey = None) -> dict[str, Any]:
    """Revoke a token, effective for the next request."""
    _check(gate, key)
    with gate.write() as store:
        try:
            info = revoke_token(store, token_id)
        except Exception as exc:
            raise NotFound(str(exc)) from exc
    gate.forget_tokens()
    return info.to_json()
