"""The API documentation page works offline: Swagger UI's files are served by chiso, never fetched from a CDN
(brief: nothing may reach the internet at run time; issue 5: every asset ships with the package)."""

from __future__ import annotations

from tests.web_support import client, world


def test_api_docs_page_uses_only_packaged_assets() -> None:
    """/api/docs references Swagger UI on this server only, and its security policy allows no other origin."""
    w = world()
    with client(w) as c:
        page = c.get("/api/docs")
        assert page.status_code == 200
        assert "/api/docs-assets/swagger-ui-bundle.js" in page.text
        assert "/openapi.json" in page.text
        assert "https://" not in page.text and "http://" not in page.text
        policy = page.headers["content-security-policy"]
        assert "https:" not in policy and "http:" not in policy
        for asset in ("swagger-ui-bundle.js", "swagger-ui.css"):
            r = c.get(f"/api/docs-assets/{asset}")
            assert r.status_code == 200 and len(r.content) > 10_000
