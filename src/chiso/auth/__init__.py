"""API tokens: created per sending system, stored hashed, scoped to a unit subtree, revocable."""

from chiso.auth.tokens import (
    TokenError,
    TokenInfo,
    create_token,
    get_token,
    hash_token,
    list_tokens,
    out_of_scope,
    revoke_token,
    verify_token,
)

__all__ = [
    "TokenError",
    "TokenInfo",
    "create_token",
    "get_token",
    "hash_token",
    "list_tokens",
    "out_of_scope",
    "revoke_token",
    "verify_token",
]
