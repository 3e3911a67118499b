"""Security of the web app (issue 8, part 3): every route × every role answers as expected, every response carries
the security headers, ingest is rate-limited per token, no write accepts cookie authentication, and no token
value reaches the logs.

The matrix is built from ``app.routes``: a route added later without an entry in EXPECTED fails
``test_every_route_is_in_the_matrix``, so no endpoint can be forgotten.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from starlette.routing import Mount

from chiso.auth import create_token, revoke_token
from chiso.web.security import TokenBuckets
from tests.web_support import COMMUNE_A, COMMUNE_B, PERIOD, PROVINCE, WebWorld, client, live_server, world

ROLES = ("anonymous", "unit", "out_of_scope", "province_admin", "revoked")
PUBLIC = dict.fromkeys(ROLES, 200)
WRITE = {"anonymous": 401, "unit": 200, "out_of_scope": 403, "province_admin": 200, "revoked": 401}
PROVINCE_WRITE = {"anonymous": 401, "unit": 403, "out_of_scope": 403, "province_admin": 200, "revoked": 401}
PROVINCE_READ = {"anonymous": 401, "unit": 403, "out_of_scope": 403, "province_admin": 200, "revoked": 401}
ADMIN_KEY_ONLY = dict.fromkeys(ROLES, 403)  # tokens never manage tokens; only the server's admin key does
SAME_FOR_ALL = "same"  # a public read whose answer depends on data (e.g. 404: nothing published), never on role

A_DOSSIER = {
    "code": "SEC-0001",
    "unit_code": COMMUNE_A,
    "procedure_code": "1.000001",
    "channel": "online",
    "received_at": "2026-11-17T09:00:00+07:00",
    "source_updated_at": "2026-11-17T09:00:00+07:00",
}
BODIES: dict[str, Any] = {
    "/api/v1/dossiers": A_DOSSIER,
    "/api/v1/dossiers/{code}/events": {
        "event_id": "SEC-EV-1",
        "event_type": "forwarded",
        "occurred_at": "2026-11-03T10:00:00+07:00",
    },
    "/api/v1/dossiers/{code}/payments": {
        "payment_id": "SEC-PAY-1",
        "amount": 10000,
        "method": "online",
        "paid_at": "2026-11-03T10:00:00+07:00",
    },
    "/api/v1/petitions": {"code": "SEC-PAKN-1", "unit_code": COMMUNE_A, "received_at": "2026-11-05T08:00:00+07:00"},
    "/api/v1/procedures": {
        "authority_code": PROVINCE,
        "code": "1.000009",
        "name": "Thủ tục thử an ninh",
        "level": "commune",
        "online_level": "full",
    },
    "/api/v1/admin/tokens": {"unit": COMMUNE_A},
    "/api/v1/admin/backup": {"path": "/nonexistent/chiso-security-matrix.zip"},  # refused before it is used
}
# Path parameters: commune A's dossier, indicator and unit; a report as Markdown (no LibreOffice needed).
PARAMS = {"{code}": COMMUNE_A, "{indicator}": "PROGRESS_ON_TIME", "{token_id}": "000000000000", "{period}": PERIOD}
QUERIES = {
    "/api/v1/units/{code}/report": "?format=md&period=" + PERIOD,
    "/api/v1/live": "?unit=" + COMMUNE_A,
}

EXPECTED: dict[tuple[str, str], dict[str, int] | str] = {
    ("POST", "/api/v1/dossiers"): WRITE,
    ("POST", "/api/v1/dossiers/{code}/events"): WRITE,
    ("POST", "/api/v1/dossiers/{code}/payments"): WRITE,
    ("POST", "/api/v1/petitions"): WRITE,
    ("POST", "/api/v1/procedures"): PROVINCE_WRITE,
    ("GET", "/api/v1/units"): PUBLIC,
    ("GET", "/api/v1/units/{code}/scores"): PUBLIC,
    ("GET", "/api/v1/units/{code}/children"): PUBLIC,
    ("GET", "/api/v1/units/{code}/warnings"): PUBLIC,
    ("GET", "/api/v1/units/{code}/indicators/{indicator}/records"): PUBLIC,
    ("GET", "/api/v1/units/{code}/trend"): PUBLIC,
    ("GET", "/api/v1/units/{code}/report"): PUBLIC,
    ("GET", "/api/v1/live"): PUBLIC,
    ("GET", "/api/v1/audit"): PROVINCE_READ,
    ("GET", "/api/v1/published/{period}"): SAME_FOR_ALL,
    ("GET", "/api/v1/units/{code}/reconcile"): SAME_FOR_ALL,
    ("GET", "/units/{code}/reconcile.xlsx"): SAME_FOR_ALL,
    ("GET", "/units/{code}/reconcile"): SAME_FOR_ALL,
    ("POST", "/api/v1/admin/tokens"): ADMIN_KEY_ONLY,
    ("GET", "/api/v1/admin/tokens"): ADMIN_KEY_ONLY,
    ("POST", "/api/v1/admin/tokens/{token_id}/revoke"): ADMIN_KEY_ONLY,
    ("POST", "/api/v1/admin/backup"): ADMIN_KEY_ONLY,
    ("GET", "/api/v1/units/{code}/plan"): SAME_FOR_ALL,
    ("GET", "/units/{code}/plan"): SAME_FOR_ALL,
    ("GET", "/"): PUBLIC,
    ("GET", "/overview/{code}"): PUBLIC,
    ("GET", "/units/{code}"): PUBLIC,
    ("GET", "/units/{code}/indicators/{indicator}"): PUBLIC,
    ("GET", "/healthz"): PUBLIC,
    ("GET", "/openapi.json"): PUBLIC,
    ("GET", "/api/docs"): PUBLIC,
    ("GET", "/api/docs-assets/{path}"): PUBLIC,
    ("GET", "/static/{path}"): PUBLIC,
}


def app_routes(app: FastAPI) -> list[tuple[str, str]]:
    """(method, path) of every route the app serves, HEAD and OPTIONS aside; included routers flattened."""
    out: set[tuple[str, str]] = set()

    def add(methods: Any, path: str) -> None:
        for m in methods or ():
            if m not in ("HEAD", "OPTIONS"):
                out.add((m, path))

    for route in app.routes:
        if isinstance(route, Mount):
            out.add(("GET", route.path + "/{path}"))
        elif hasattr(route, "effective_route_contexts"):  # FastAPI ≥ 0.16x keeps included routers as objects
            for ctx in route.effective_route_contexts():
                add(ctx.original_route.methods, ctx.path)
        else:
            add(getattr(route, "methods", None), route.path)
    return sorted(out)


@pytest.fixture(scope="module")
def sec() -> Iterator[tuple[WebWorld, dict[str, str]]]:
    w = world(rate_limit=0)
    _, revoked = create_token(w.store, COMMUNE_A, "thu hồi")
    revoke_token(w.store, revoked.split("_")[1])
    headers = {
        "anonymous": {},
        "unit": w.auth(COMMUNE_A),
        "out_of_scope": w.auth(COMMUNE_B),
        "province_admin": w.auth(PROVINCE),
        "revoked": {"Authorization": f"Bearer {revoked}"},
    }
    yield w, headers


def _url(path: str) -> str:
    url = path
    for k, v in PARAMS.items():
        url = url.replace(k, v)
    if path == "/static/{path}":
        url = "/static/chiso.css"
    elif path == "/api/docs-assets/{path}":
        url = "/api/docs-assets/swagger-ui.css"
    if "/dossiers/" in path:
        url = url.replace(COMMUNE_A, "D-ONTIME")  # a dossier of commune A
    return url + QUERIES.get(path, "")


def test_every_route_is_in_the_matrix(sec: tuple[WebWorld, dict[str, str]]) -> None:
    """Rule: every endpoint of the app has an expected status per role (a new route must be added here)."""
    w, _ = sec
    missing = [r for r in app_routes(w.app) if r not in EXPECTED]
    assert missing == [], f"routes without an entry in the security matrix: {missing}"
    stale = [r for r in EXPECTED if r not in app_routes(w.app)]
    assert stale == []


def _live_statuses(w: WebWorld, headers: dict[str, dict[str, str]]) -> dict[str, int]:
    """The live stream's status per role, through a real server (the stream never ends)."""
    out = {}
    with live_server(w.app) as base, httpx.Client(timeout=10) as c:
        for role, h in headers.items():
            with c.stream("GET", f"{base}/api/v1/live?unit={COMMUNE_A}", headers=h) as response:
                out[role] = response.status_code
                assert response.headers["x-content-type-options"] == "nosniff"
    return out


def test_route_role_matrix(sec: tuple[WebWorld, dict[str, str]]) -> None:
    """Rule: token scopes are enforced on every write and on non-public reads (issue 8 §3): anonymous and revoked
    tokens get 401, a token outside the records' unit subtree 403, a unit or province-admin token writes within
    its subtree; public reads answer every role alike; no route answers 5xx."""
    w, headers = sec
    got: dict[tuple[str, str], dict[str, int]] = {}
    with client(w) as c:
        for method, path in app_routes(w.app):
            if path == "/api/v1/live":
                continue
            row = {}
            for role in ROLES:
                body = BODIES.get(path)
                response = c.request(method, _url(path), headers=headers[role], json=body if method == "POST" else None)
                row[role] = response.status_code
            got[(method, path)] = row
    got[("GET", "/api/v1/live")] = _live_statuses(w, headers)
    wrong = {}
    for key, row in got.items():
        expected = EXPECTED[key]
        if expected == SAME_FOR_ALL:
            ok = len(set(row.values())) == 1 and all(s < 500 and s not in (401, 403) for s in row.values())
        else:
            ok = row == expected
        if not ok:
            wrong[key] = (row, expected)
    assert wrong == {}


def test_security_headers_on_every_response(sec: tuple[WebWorld, dict[str, str]]) -> None:
    """Rule: pages, API answers, errors and static files carry CSP (no inline script), nosniff, a referrer
    policy and anti-framing headers; API answers are never cached."""
    w, headers = sec
    with client(w) as c:
        for url in ("/", f"/units/{COMMUNE_A}", "/api/v1/units", "/static/chiso.js", "/nope", "/api/v1/nope"):
            r = c.get(url)
            assert r.headers["x-content-type-options"] == "nosniff", url
            assert r.headers["referrer-policy"] == "same-origin", url
            assert r.headers["x-frame-options"] == "DENY", url
            csp = r.headers["content-security-policy"]
            assert "frame-ancestors 'none'" in csp
            assert "script-src 'self';" in csp and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
        r = c.post("/api/v1/dossiers", json=A_DOSSIER, headers=headers["unit"])
        assert r.status_code == 200 and r.headers["cache-control"] == "no-store"
        assert c.get("/api/v1/units").headers["cache-control"] == "no-store"
        # The pages have no inline script or inline event handler left for the CSP to block.
        page = c.get(f"/units/{COMMUNE_A}").text
        assert "<script>" not in page and " onchange=" not in page and " onclick=" not in page
        assert " style=" not in page and "<style" not in page
        assert "unsafe-inline" not in c.get("/").headers["content-security-policy"]


def test_writes_never_accept_cookie_auth(sec: tuple[WebWorld, dict[str, str]]) -> None:
    """Rule (CSRF): there is no state-changing HTML form; every state-changing route is authorised only by a
    header a browser never sends cross-site — a session-like cookie, even holding a valid token, is refused."""
    w, _ = sec
    token = w.tokens[COMMUNE_A]
    with client(w) as c:
        for method, path in app_routes(w.app):
            if method == "GET":
                continue
            c.cookies.set("session", token)
            c.cookies.set("Authorization", f"Bearer {token}")
            r = c.request(method, _url(path), json=BODIES.get(path))
            assert r.status_code in (401, 403), (path, r.status_code)
    forms = [p for p in ("/", f"/overview/{PROVINCE}", f"/units/{COMMUNE_A}")]
    with client(w) as c:
        for p in forms:
            html = c.get(p).text.lower()
            assert 'method="post"' not in html, p


def test_rate_limit_per_token_429_with_retry_after() -> None:
    """Rule: ingest requests are limited per token (token bucket); beyond the burst the answer is 429 with
    Retry-After and a Vietnamese message, and another token keeps its own allowance."""
    w = world(rate_limit=1.0, rate_burst=3)
    with client(w) as c:
        codes = [c.post("/api/v1/dossiers", json=A_DOSSIER, headers=w.auth(COMMUNE_A)).status_code for _ in range(4)]
        assert codes == [200, 200, 200, 429]
        r = c.post("/api/v1/dossiers", json=A_DOSSIER, headers=w.auth(COMMUNE_A))
        assert r.status_code == 429
        assert int(r.headers["retry-after"]) >= 1
        assert "Quá nhiều yêu cầu" in r.json()["detail"]
        assert r.headers["x-content-type-options"] == "nosniff"
        assert c.post("/api/v1/dossiers", json=A_DOSSIER, headers=w.auth(PROVINCE)).status_code == 200
        assert c.get("/api/v1/units").status_code == 200  # reads are not limited


def test_token_bucket_refills_at_its_rate() -> None:
    """Rule: a bucket refills at ``rate`` a second up to ``burst`` (pinned clock, no sleeping)."""
    now = [0.0]
    buckets = TokenBuckets(rate=2.0, burst=2, clock=lambda: now[0])
    assert [buckets.take("k") for _ in range(2)] == [0.0, 0.0]
    assert buckets.take("k") == pytest.approx(0.5)
    now[0] = 0.5
    assert buckets.take("k") == 0.0
    now[0] = 100.0
    assert [buckets.take("k") for _ in range(2)] == [0.0, 0.0]
    assert buckets.take("other") == 0.0


def test_no_token_value_in_logs(caplog: pytest.LogCaptureFixture) -> None:
    """Rule: no secret in logs — a token's text never appears in any log record, whatever the request does."""
    caplog.set_level(logging.DEBUG)
    w = world()
    secrets = list(w.tokens.values())
    with client(w) as c:
        for token in secrets:
            auth = {"Authorization": f"Bearer {token}"}
            c.post("/api/v1/dossiers", json=A_DOSSIER, headers=auth)
            c.post("/api/v1/dossiers", content=b"{not json", headers=auth)
            c.post("/api/v1/procedures", json=BODIES["/api/v1/procedures"], headers=auth)
            c.get("/api/v1/units", headers=auth)
        c.post("/api/v1/dossiers", json=A_DOSSIER, headers={"Authorization": f"Bearer {secrets[0]}x"})
    text = "\n".join(f"{r.getMessage()} {r.args!r} {r.exc_text or ''}" for r in caplog.records)
    for token in secrets:
        assert token not in text
        assert token.split("_", 2)[2] not in text  # nor its secret part alone


def test_test_client_is_the_real_app(sec: tuple[WebWorld, dict[str, str]]) -> None:
    """Guard for the matrix: the app under test is the one create_app builds (security middleware installed)."""
    w, _ = sec
    names = [m.cls.__name__ for m in w.app.user_middleware]  # type: ignore[attr-defined]
    assert "SecurityHeaders" in names and "RateLimit" in names
    assert isinstance(TestClient(w.app), TestClient)
