"""The reconciliation page, its XLSX download and its JSON API (issue 6): the same figures as the library, in
Vietnamese, linked from the unit page."""

from __future__ import annotations

import io

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from chiso.reconcile import reconcile
from chiso.web import Settings, create_app
from tests.builders import COMMUNE_A, COMMUNE_B, PROVINCE, StoreBuilder
from tests.reconcile_support import AS_OF, PERIOD, full_world

PARAMS = {"period": PERIOD, "as_of": AS_OF.isoformat()}


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> StoreBuilder:
    return full_world(tmp_path_factory.mktemp("portal"))


@pytest.fixture(scope="module")
def c(world: StoreBuilder):  # type: ignore[no-untyped-def]
    app = create_app(Settings(clock=lambda: AS_OF), store=world.store)
    with TestClient(app) as client:
        yield client


def test_api_returns_the_librarys_reconciliation(world: StoreBuilder, c: TestClient) -> None:
    r = c.get(f"/api/v1/units/{COMMUNE_A}/reconcile", params=PARAMS)
    assert r.status_code == 200
    body = r.json()
    expected = reconcile(world.store, unit=COMMUNE_A, period=PERIOD, as_of=AS_OF).to_json()
    assert body["local"] == expected["local"] and body["portal"]["total"] == 47.17
    assert body["totals_check"]["ok"] is False
    assert body["records_total"] == len(expected["records"]) == 9
    assert {x["cause"] for x in body["causes"]} == {x["cause"] for x in expected["causes"]}


def test_api_limits_the_records(c: TestClient) -> None:
    body = c.get(f"/api/v1/units/{COMMUNE_A}/reconcile", params={**PARAMS, "limit": 2}).json()
    assert len(body["records"]) == 2 and body["records_total"] == 9


def test_api_without_portal_data_is_404_with_the_reason(c: TestClient) -> None:
    r = c.get(f"/api/v1/units/{COMMUNE_A}/reconcile", params={**PARAMS, "period": "2026-08"})
    assert r.status_code == 404
    assert "chiso portal import" in r.json()["detail"]


def test_api_unknown_unit_is_404(c: TestClient) -> None:
    assert c.get("/api/v1/units/NOPE/reconcile", params=PARAMS).status_code == 404


def test_page_shows_groups_totals_check_causes_and_records(c: TestClient) -> None:
    r = c.get(f"/units/{COMMUNE_A}/reconcile", params=PARAMS)
    assert r.status_code == 200
    html = r.text
    assert "Đối chiếu với Cổng DVCQG" in html
    assert "47,17" in html and "Tổng các nhóm chỉ số công bố là 37,5 điểm" in html
    assert "Chưa đồng bộ lên Cổng DVCQG" in html
    for code in ("D-NOSYNC", "D-STATUS", "D-DATE", "D-PAY", "D-UNIT", "D-TTHC", "D-SEPT", "D-NOV", "D-GHOST"):
        assert code in html
    assert "http://" not in html.replace("http://www.w3.org", "")  # no CDN


def test_page_without_portal_data_says_how_to_import(c: TestClient) -> None:
    r = c.get(f"/units/{PROVINCE}/reconcile", params={**PARAMS, "period": "2026-08"})
    assert r.status_code == 200
    assert "Chưa có số liệu Cổng DVCQG của kỳ này" in r.text


def test_xlsx_download_opens(c: TestClient) -> None:
    r = c.get(f"/units/{COMMUNE_B}/reconcile.xlsx", params=PARAMS)
    assert r.status_code == 200
    assert "attachment" in r.headers["content-disposition"]
    wb = load_workbook(io.BytesIO(r.content))
    assert [row[0] for row in wb["Hồ sơ chênh lệch"].iter_rows(min_row=2, values_only=True)] == ["D-UNIT"]


def test_unit_page_links_to_the_reconciliation(c: TestClient) -> None:
    html = c.get(f"/units/{COMMUNE_A}", params=PARAMS).text
    assert f"/units/{COMMUNE_A}/reconcile?" in html
