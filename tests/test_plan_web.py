"""The upgrade plan on the web (issue 6 part 3): the page ``/units/{code}/plan``, linked from the unit page, and
``GET /api/v1/units/{code}/plan`` — the same plan as the library's."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from chiso.plan import load_context, make_plan
from chiso.timeutil import format_number_vi
from tests.web_support import COMMUNE_A, NOW, PERIOD, WebWorld, world


@pytest.fixture(scope="module")
def w() -> WebWorld:
    return world()


@pytest.fixture(scope="module")
def c(w: WebWorld) -> Iterator[TestClient]:
    with TestClient(w.app) as client:
        yield client


def test_api_returns_the_libraries_plan(w: WebWorld, c: TestClient) -> None:
    """The API's plan is make_plan's for the same unit, period and instant (the app's clock)."""
    r = c.get(f"/api/v1/units/{COMMUNE_A}/plan", params={"period": PERIOD, "target_class": "tot"})
    assert r.status_code == 200
    body = r.json()
    expected = make_plan(load_context(w.store, unit=COMMUNE_A, period=PERIOD, as_of=NOW), target_class="tot")
    assert body["after"]["total"] == expected.result.after.total
    assert body["records"] == expected.size
    assert [s["kind"] for s in body["steps"]] == [s.kind for s in expected.steps]
    assert body["target"]["total"] == 80
    assert body["message"] == expected.message


def test_page_shows_the_plan_to_the_next_class(c: TestClient) -> None:
    """The page names the target, lists the actions with their records and points, and the score after."""
    r = c.get(f"/units/{COMMUNE_A}/plan", params={"period": PERIOD})
    assert r.status_code == 200
    html = r.text
    assert "Kế hoạch nâng hạng" in html and 'id="plan-message"' in html
    body = c.get(f"/api/v1/units/{COMMUNE_A}/plan", params={"period": PERIOD}).json()
    assert format_number_vi(body["after"]["total"]) in html
    for step in body["steps"]:
        assert step["label"] in html


def test_unit_page_links_to_the_plan(c: TestClient) -> None:
    """The unit page offers the plan."""
    html = c.get(f"/units/{COMMUNE_A}", params={"period": PERIOD}).text
    assert f"/units/{COMMUNE_A}/plan?" in html


def test_unknown_target_class_is_a_vietnamese_400(c: TestClient) -> None:
    """A bad target is the user's to fix: 400 with the known classes."""
    r = c.get(f"/api/v1/units/{COMMUNE_A}/plan", params={"period": PERIOD, "target_class": "gioi"})
    assert r.status_code == 400
    assert "Không có xếp loại" in r.text


def test_unknown_unit_is_a_404(c: TestClient) -> None:
    """An unknown unit is not found, on the API and the page."""
    assert c.get("/api/v1/units/00000/plan", params={"period": PERIOD}).status_code == 404
    assert c.get("/units/00000/plan", params={"period": PERIOD}).status_code == 404
