"""The pages in a real browser (issue 5): Debian's Chromium driven by Playwright, against the app on 127.0.0.1.
Click through overview → unit → indicator → records, and watch the open page's score move when an event is
posted through the API."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from chiso.compute.engine import score_units_in_store
from chiso.timeutil import format_number_vi
from tests.web_support import COMMUNE_A, NOW, PERIOD, PROVINCE, WebWorld, live_server, world

OFFICE = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def served() -> Iterator[tuple[WebWorld, str]]:
    w = world()
    with live_server(w.app) as base:
        yield w, base


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport=OFFICE, locale="vi-VN")
    pg = context.new_page()
    yield pg
    context.close()


def test_click_through_overview_unit_indicator_records(served: tuple[WebWorld, str], page: Any) -> None:
    _, base = served
    page.goto(f"{base}/?period={PERIOD}")
    assert page.locator("h1").inner_text() == "Tỉnh Thử Nghiệm"
    assert page.locator("#rank-table tbody tr").count() == 3
    page.get_by_role("link", name="Xã An Bình").click()
    page.wait_for_url(f"**/units/{COMMUNE_A}?period={PERIOD}")
    assert page.locator("h1").inner_text() == "Xã An Bình"
    assert page.locator(".bars li").count() == 6
    page.locator('a.link-records[href*="PROGRESS_ON_TIME"]').click()
    page.wait_for_url("**/indicators/PROGRESS_ON_TIME**#records")
    assert "Tỷ lệ hồ sơ xử lý trước hạn, đúng hạn" in page.locator("h1").inner_text()
    rows = page.locator("#records-table tbody tr")
    assert rows.count() == 2
    assert "D-OPEN-LATE" in rows.first.inner_text()
    page.get_by_role("link", name="Đã đạt").click()
    page.wait_for_url("**kind=counted**")
    assert "D-ONTIME" in page.locator("#records-table").inner_text()


def test_ranking_sorts_and_filters_in_the_page(served: tuple[WebWorld, str], page: Any) -> None:
    _, base = served
    page.goto(f"{base}/overview/{PROVINCE}?period={PERIOD}")
    page.locator("#level-filter button[data-level=department]").click()
    visible = page.locator("#rank-table tbody tr:not([hidden])")
    assert visible.count() == 1 and "Sở Tư pháp" in visible.first.inner_text()
    page.locator("#level-filter button[data-level='']").click()
    page.locator("#rank-table th", has_text="Đơn vị").click()
    names = page.locator("#rank-table tbody tr td:nth-child(2) a").all_inner_texts()
    assert names == sorted(names, key=str.lower) or names == ["Phường Hòa Lạc", "Sở Tư pháp", "Xã An Bình"]
    page.fill("#name-filter", "hòa")
    assert page.locator("#rank-table tbody tr:not([hidden])").count() == 1


def test_posting_an_event_changes_the_open_unit_page_live(served: tuple[WebWorld, str], page: Any) -> None:
    w, base = served
    page.goto(f"{base}/units/{COMMUNE_A}?period={PERIOD}")
    page.wait_for_selector("body[data-live-connected='1']", timeout=10_000)
    before = page.locator("#total").inner_text()
    # The one-stop system reports, late, that D-OPEN-LATE was finished before its due date: it becomes on time.
    r = httpx.post(
        f"{base}/api/v1/dossiers/D-OPEN-LATE/events",
        json={"MaSuKien": "live-1", "LoaiSuKien": "finished", "ThoiGian": "2026-11-11 15:00"},
        headers=w.auth(COMMUNE_A),
        timeout=30,
    )
    assert r.status_code == 200, r.text
    page.wait_for_function(
        "before => document.getElementById('total').textContent.trim() !== before", arg=before, timeout=10_000
    )
    expected = score_units_in_store(w.store, PERIOD, as_of=NOW, units=[COMMUNE_A])[0].total
    assert page.locator("#total").inner_text() == format_number_vi(expected)
    assert page.locator("#live-state").is_visible()


def test_unit_page_fits_a_phone(served: tuple[WebWorld, str], browser: Any) -> None:
    _, base = served
    context = browser.new_context(viewport=PHONE, locale="vi-VN", is_mobile=True)
    try:
        pg = context.new_page()
        for url in (f"/units/{COMMUNE_A}", f"/overview/{PROVINCE}", f"/units/{COMMUNE_A}/indicators/PROGRESS_ON_TIME"):
            pg.goto(f"{base}{url}?period={PERIOD}")
            assert pg.evaluate("document.documentElement.scrollWidth") <= PHONE["width"] + 1, url
    finally:
        context.close()


def test_api_and_pages_answer_over_http_on_loopback(served: tuple[WebWorld, str]) -> None:
    _, base = served
    assert httpx.get(f"{base}/healthz", timeout=10).json()["ok"] is True
