"""The pages (issue 5): Vietnamese, server-rendered, numbers written 47,17 and dates «ngày 18 tháng 11 năm 2026»,
links from overview to unit to indicator to records; assets served from the package."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from chiso.compute.engine import score_subtree
from chiso.timeutil import format_number_vi
from tests.web_support import COMMUNE_A, NOW, PERIOD, PROVINCE, WebWorld, world


@pytest.fixture(scope="module")
def w() -> WebWorld:
    return world()


@pytest.fixture(scope="module")
def c(w: WebWorld):  # type: ignore[no-untyped-def]
    with TestClient(w.app) as client:
        yield client


def test_home_redirects_to_the_only_provinces_overview(c: TestClient) -> None:
    r = c.get("/", follow_redirects=False)
    assert r.status_code == 307
    assert r.headers["location"] == f"/overview/{PROVINCE}"


def test_overview_shows_the_provinces_score_ranking_distribution_and_group_averages(w: WebWorld, c: TestClient) -> None:
    html = c.get(f"/overview/{PROVINCE}", params={"period": PERIOD}).text
    scores = score_subtree(w.store, unit=PROVINCE, period=PERIOD, as_of=NOW)
    assert f'id="total" class="big">{format_number_vi(scores[0].total)}<' in html
    for child in scores[1:]:
        assert f'href="/units/{child.id}?period={PERIOD}"' in html
    assert "Phân bố tổng điểm" in html and "<svg" in html
    assert "Điểm bình quân theo nhóm chỉ số" in html
    assert 'id="class-filter"' in html and "sortable" in html
    assert "ngày 18 tháng 11 năm 2026" in html  # the evaluation date, as officials write it


def test_numbers_use_the_decimal_comma(c: TestClient) -> None:
    html = c.get(f"/units/{COMMUNE_A}", params={"period": PERIOD}).text
    figures = re.findall(r'id="total" class="big">([^<]+)<', html)
    assert figures and "." not in figures[0]


def test_unit_page_has_groups_rank_trend_losses_and_early_warnings(c: TestClient) -> None:
    html = c.get(f"/units/{COMMUNE_A}", params={"period": PERIOD}).text
    for name in (
        "Công khai, minh bạch",
        "Tiến độ giải quyết",
        "Dịch vụ công trực tuyến",
        "Thanh toán trực tuyến",
        "Mức độ hài lòng",
        "Số hóa hồ sơ",
    ):
        assert name in html
    assert "Hạng <b>" in html and "/2 xã, phường" in html
    assert "Diễn biến tổng điểm" in html
    assert f'href="/units/{COMMUNE_A}/indicators/PROGRESS_ON_TIME?period={PERIOD}#records"' in html
    assert "W-TODAY" in html and "W-FRI" in html and "W-MON" not in html
    assert 'data-unit="99001"' in html and 'data-live="on"' in html


def test_indicator_page_shows_the_methodology_definition_and_the_records(c: TestClient) -> None:
    html = c.get(f"/units/{COMMUNE_A}/indicators/PROGRESS_ON_TIME", params={"period": PERIOD}).text
    assert "Tỷ lệ hồ sơ xử lý trước hạn, đúng hạn" in html
    assert "Hồ sơ tiếp nhận trong kỳ" in html  # the denominator text of the methodology file
    assert "D-OPEN-LATE" in html and "Đang xử lý" in html
    counted = c.get(
        f"/units/{COMMUNE_A}/indicators/PROGRESS_ON_TIME", params={"period": PERIOD, "kind": "counted"}
    ).text
    assert "D-ONTIME" in counted


def test_a_page_with_an_explicit_instant_is_not_live(c: TestClient) -> None:
    html = c.get(f"/units/{COMMUNE_A}", params={"period": PERIOD, "as_of": "2026-11-10T08:00"}).text
    assert 'data-live="off"' in html


def test_unknown_unit_page_is_a_vietnamese_404(c: TestClient) -> None:
    r = c.get("/units/00000")
    assert r.status_code == 404
    assert "Không tìm thấy" in r.text and "text/html" in r.headers["content-type"]


@pytest.mark.parametrize("asset", ["/static/chiso.css", "/static/chiso.js", "/static/favicon.svg"])
def test_assets_ship_with_the_package(c: TestClient, asset: str) -> None:
    r = c.get(asset)
    assert r.status_code == 200 and r.content


def test_pages_load_nothing_from_the_internet(c: TestClient) -> None:
    for url in (f"/overview/{PROVINCE}", f"/units/{COMMUNE_A}", f"/units/{COMMUNE_A}/indicators/PROGRESS_ON_TIME"):
        html = c.get(url).text
        assert not re.search(r'(src|href)="(https?:)?//', html), url
