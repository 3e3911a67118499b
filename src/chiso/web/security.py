"""Security middleware of the web app: response headers on everything, and a per-token rate limit on ingest.

Both are plain ASGI middleware (no per-request task or body buffering), so Server-Sent Events stream through
untouched and the ingest path pays a dictionary lookup.

- Headers: a Content-Security-Policy that allows scripts and styles only from the app's own files — no inline
  script, handler or style (the pages' JavaScript is web/static/chiso.js; bar widths are CSS classes ``w0``–``w100``
  in chiso.css); ``frame-ancestors 'none'`` and ``X-Frame-Options: DENY``; ``nosniff``; a
  same-origin referrer; ``Cache-Control: no-store`` on API answers, which may carry live figures.
- Rate limit: a token bucket per sender on ``POST /api/v1/…`` (the ingest API), keyed by a hash of the bearer
  token (never the token itself), or by the client address when there is none. Over the limit the answer is 429
  with ``Retry-After`` and a Vietnamese message, before the request body is read.
- CSRF: no state-changing route reads a cookie — writes are authorised only by the ``Authorization`` header
  (ingest) or the admin key header (token administration), which a browser never adds to a cross-site request;
  the only HTML form (the period picker) is a GET. docs/reliability.md records this.
"""

from __future__ import annotations

import hashlib
import json
import math
import threading
import time
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)
# FastAPI's Swagger page (/api/docs) is one inline script plus the Swagger UI bundle (served by chiso itself from
# the swagger-ui-bundle package, never a CDN); it gets its own policy.
DOCS_CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
)
COMMON_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
)
DOCS_PATHS = ("/api/docs",)


def _is_api(path: str) -> bool:
    return path.startswith("/api/") or path == "/openapi.json"


class SecurityHeaders:
    """Adds the security headers to every HTTP response (see module docstring)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope.get("path", "")
        csp = (DOCS_CSP if path in DOCS_PATHS else CSP).encode()
        api = _is_api(path) and path not in DOCS_PATHS

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {k.lower() for k, _ in headers}
                extra = [*COMMON_HEADERS, (b"content-security-policy", csp)]
                if api and b"cache-control" not in present:
                    extra.append((b"cache-control", b"no-store"))
                headers += [(k, v) for k, v in extra if k not in present]
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


class TokenBuckets:
    """In-memory token buckets: ``rate`` requests a second per key, bursts of up to ``burst``."""

    MAX_KEYS = 50_000  # beyond this, full buckets (idle senders) are forgotten

    def __init__(self, rate: float, burst: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.rate = rate
        self.burst = max(1, burst)
        self.clock = clock
        self._buckets: dict[str, tuple[float, float]] = {}  # key → (tokens, last refill)
        self._lock = threading.Lock()

    def take(self, key: str) -> float:
        """Take one request from ``key``'s bucket: 0 when allowed, else the seconds until one is available."""
        now = self.clock()
        with self._lock:
            tokens, last = self._buckets.get(key, (float(self.burst), now))
            tokens = min(float(self.burst), tokens + (now - last) * self.rate)
            if tokens >= 1.0:
                self._buckets[key] = (tokens - 1.0, now)
                if len(self._buckets) > self.MAX_KEYS:
                    self._prune(now)
                return 0.0
            self._buckets[key] = (tokens, now)
            return (1.0 - tokens) / self.rate

    def _prune(self, now: float) -> None:
        full = [k for k, (t, last) in self._buckets.items() if t + (now - last) * self.rate >= self.burst]
        for k in full:
            del self._buckets[k]


def _header(scope: Scope, name: bytes) -> bytes | None:
    for k, v in scope.get("headers", []):
        if k.lower() == name:
            return bytes(v)
    return None


def sender_key(scope: Scope) -> str:
    """Whose bucket a request draws on: a hash of its bearer token, or its client address."""
    auth = _header(scope, b"authorization")
    if auth:
        return "t:" + hashlib.sha256(auth.strip()).hexdigest()[:32]
    client = scope.get("client")
    return "a:" + (str(client[0]) if client else "?")


class RateLimit:
    """429 for a sender over its ingest rate (see module docstring)."""

    def __init__(self, app: ASGIApp, rate: float, burst: int) -> None:
        self.app = app
        self.buckets = TokenBuckets(rate, burst) if rate > 0 else None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            self.buckets is None
            or scope["type"] != "http"
            or scope.get("method") != "POST"
            or not str(scope.get("path", "")).startswith("/api/v1/")
            or str(scope.get("path", "")).startswith("/api/v1/admin/")
        ):
            await self.app(scope, receive, send)
            return
        wait = self.buckets.take(sender_key(scope))
        if wait <= 0:
            await self.app(scope, receive, send)
            return
        seconds = max(1, math.ceil(wait))
        body = json.dumps(
            {
                "detail": f"Quá nhiều yêu cầu từ mã truy cập này (giới hạn {self.buckets.rate:g} yêu cầu/giây, "
                f"tối đa {self.buckets.burst} yêu cầu liền nhau). Hãy gửi lại sau {seconds} giây; nên gộp nhiều "
                "bản ghi vào một yêu cầu.",
                "errors": [],
            },
            ensure_ascii=False,
        ).encode()
        await send(
            {
                "type": "http.response.start",
                "status": 429,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode()),
                    (b"retry-after", str(seconds).encode()),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})


class NoNul:
    """400 for a URL holding a NUL character: no code or name has one, and PostgreSQL cannot compare with it."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or (
            "\x00" not in str(scope.get("path", "")) and b"%00" not in bytes(scope.get("query_string", b""))
        ):
            await self.app(scope, receive, send)
            return
        body = json.dumps(
            {"detail": "Địa chỉ yêu cầu có ký tự NUL (%00), không hợp lệ.", "errors": []}, ensure_ascii=False
        ).encode()
        headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
        await send({"type": "http.response.start", "status": 400, "headers": headers})
        await send({"type": "http.response.body", "body": body})


def install_security(app: Any, rate: float, burst: int) -> None:
    """Add the NUL check and rate limit (inner) and the security headers (outer, so their answers carry them)."""
    app.add_middleware(NoNul)
    app.add_middleware(RateLimit, rate=rate, burst=burst)
    app.add_middleware(SecurityHeaders)
