"""API tokens of the one-stop systems that push records to chiso.

A token is ``chiso_<id>_<secret>``: ``id`` is public (it names the token in listings and revocations), ``secret``
is 32 random bytes. Only the SHA-256 of the whole token is stored — with 256 bits of randomness a slow password
hash adds nothing, and checking stays cheap enough to run on every request. A token is scoped to one unit and
everything below it (the unit tree's closure), and can be revoked; a revoked token is refused at once.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from chiso.errors import ChisoError

if TYPE_CHECKING:
    from chiso.store.db import Store

PREFIX = "chiso"
_TOKEN_RE = re.compile(r"chiso_([0-9a-f]{12})_([A-Za-z0-9_-]{43})")


class TokenError(ChisoError):
    """A token operation that cannot be done (unknown unit, unknown token …); message in Vietnamese."""


@dataclass(frozen=True)
class TokenInfo:
    """A stored token, without its secret."""

    token_id: str
    unit_code: str
    label: str | None
    created_at: dt.datetime
    revoked_at: dt.datetime | None

    @property
    def active(self) -> bool:
        """True while the token has not been revoked."""
        return self.revoked_at is None

    def to_json(self) -> dict[str, object]:
        """Plain data for listings (never the secret)."""
        return {
            "token_id": self.token_id,
            "unit_code": self.unit_code,
            "label": self.label,
            "created_at": self.created_at.isoformat(),
            "revoked_at": None if self.revoked_at is None else self.revoked_at.isoformat(),
        }


def hash_token(token: str) -> str:
    """The stored form of a token: hex SHA-256 of its text."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _row(values: tuple[object, ...]) -> TokenInfo:
    token_id, unit_code, label, created_at, revoked_at = values
    return TokenInfo(str(token_id), str(unit_code), None if label is None else str(label), created_at, revoked_at)  # type: ignore[arg-type]


_SELECT = "SELECT token_id, unit_code, label, created_at, revoked_at FROM api_tokens"


def create_token(
    store: Store, unit_code: str, label: str | None = None, *, actor: str | None = None
) -> tuple[TokenInfo, str]:
    """Create a token for ``unit_code``'s subtree. Returns its record and the token text — shown once, never
    stored. The audit log names ``actor`` (default: the operating-system user) and the token's public id."""
    found = store.con.execute("SELECT name FROM units WHERE code = ?", [unit_code]).fetchone()
    if found is None:
        raise TokenError(f"Không có đơn vị mã '{unit_code}' trong cơ sở dữ liệu; không thể tạo mã truy cập.")
    token_id = secrets.token_hex(6)
    token = f"{PREFIX}_{token_id}_{secrets.token_urlsafe(32)}"
    now = dt.datetime.now(dt.UTC)
    with store.transaction():
        store.con.execute(
            "INSERT INTO api_tokens (token_id, unit_code, label, secret_hash, created_at) VALUES (?, ?, ?, ?, ?)",
            [token_id, unit_code, label, hash_token(token), now],
        )
        _audit(store, actor, "token.create", token_id, unit_code, f"Tạo mã truy cập {token_id} cho đơn vị {unit_code}")
    info = get_token(store, token_id)
    assert info is not None
    return info, token


def _audit(store: Store, actor: str | None, action: str, token_id: str, unit_code: str, summary: str) -> None:
    # Only the public id is recorded: the token text never leaves create_token's return value.
    from chiso.audit.log import AuditEntry, append, cli_actor

    entry = AuditEntry(actor or cli_actor(), action, summary, "api_tokens", [token_id], unit_code)
    append(store, [entry])


def get_token(store: Store, token_id: str) -> TokenInfo | None:
    """The token with ``token_id``, revoked or not."""
    row = store.con.execute(_SELECT + " WHERE token_id = ?", [token_id]).fetchone()
    return None if row is None else _row(row)


def list_tokens(store: Store, *, unit_code: str | None = None) -> list[TokenInfo]:
    """Every token (or those of one unit), oldest first."""
    sql = _SELECT + (" WHERE unit_code = ?" if unit_code else "") + " ORDER BY created_at, token_id"
    return [_row(r) for r in store.con.execute(sql, [unit_code] if unit_code else []).fetchall()]


def revoke_token(store: Store, token_id: str, *, actor: str | None = None) -> TokenInfo:
    """Revoke a token (idempotent: revoking twice keeps the first revocation time; only the first is audited)."""
    info = get_token(store, token_id)
    if info is None:
        raise TokenError(f"Không có mã truy cập '{token_id}'. Xem danh sách bằng: chiso token list")
    if info.revoked_at is None:
        with store.transaction():
            store.con.execute(
                "UPDATE api_tokens SET revoked_at = ? WHERE token_id = ?", [dt.datetime.now(dt.UTC), token_id]
            )
            _audit(store, actor, "token.revoke", token_id, info.unit_code, f"Thu hồi mã truy cập {token_id}")
    revoked = get_token(store, token_id)
    assert revoked is not None
    return revoked


def verify_token(store: Store, token: str) -> TokenInfo | None:
    """The active token ``token`` is, or ``None`` (malformed, unknown, wrong secret or revoked)."""
    match = _TOKEN_RE.fullmatch(token.strip())
    if match is None:
        return None
    row = store.con.execute(
        "SELECT token_id, unit_code, label, created_at, revoked_at, secret_hash FROM api_tokens WHERE token_id = ?",
        [match[1]],
    ).fetchone()
    if row is None:
        return None
    if not hmac.compare_digest(str(row[5]), hash_token(token.strip())):
        return None
    info = _row(row[:5])
    return info if info.active else None


def out_of_scope(store: Store, scope_unit: str, unit_codes: Iterable[str]) -> set[str]:
    """The codes among ``unit_codes`` that are not ``scope_unit`` or below it (set-based, via the closure)."""
    codes = sorted({c for c in unit_codes if c is not None})
    if not codes:
        return set()
    rows = store.con.execute(
        "SELECT c.code FROM (SELECT unnest(?) AS code) c "
        "LEFT JOIN unit_closure k ON k.unit_code = c.code AND k.ancestor_code = ? WHERE k.unit_code IS NULL",
        [codes, scope_unit],
    ).fetchall()
    return {str(r[0]) for r in rows}


def out_of_scope_pairs(store: Store, pairs: Iterable[tuple[str, str]]) -> set[tuple[str, str]]:
    """The (scope unit, unit) pairs where the unit is not the scope unit or below it — one query for many
    tokens (the web app's group commit)."""
    items = sorted(set(pairs))
    if not items:
        return set()
    rows = store.con.execute(
        "SELECT p.s, p.u FROM (SELECT unnest(?) AS s, unnest(?) AS u) p "
        "LEFT JOIN unit_closure k ON k.unit_code = p.u AND k.ancestor_code = p.s WHERE k.unit_code IS NULL",
        [[s for s, _ in items], [u for _, u in items]],
    ).fetchall()
    return {(str(s), str(u)) for s, u in rows}
