"""The read API (issue 5): scores, children, records behind an indicator, trends, early warnings, report,
OpenAPI. The figures are the engine's own: the API is a shell over the library."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from chiso.compute.engine import score_subtree
from tests.web_support import COMMUNE_A, NOW, PERIOD, PROVINCE, WebWorld, world


@pytest.fixture(scope="module")
def w() -> WebWorld:
    return world()


@pytest.fixture(scope="module")
def c(w: WebWorld):  # type: ignore[no-untyped-def]
    with TestClient(w.app) as client:
        yield client


def test_scores_are_the_engines_with_six_named_groups_class_and_rank(w: WebWorld, c: TestClient) -> None:
    r = c.get(f"/api/v1/units/{COMMUNE_A}/scores", params={"period": PERIOD})
    assert r.status_code == 200
    body = r.json()
    expected = score_subtree(w.store, unit=COMMUNE_A, period=PERIOD, as_of=NOW)[0]
    assert body["total"] == expected.total
    assert body["classification_name"] == expected.classification_name
    assert (body["rank"], body["peers"]) == (expected.rank, expected.peers) == (body["rank"], 2)
    assert [g["code"] for g in body["groups"]] == ["CKMB", "TDGQ", "CLGQ", "TTTT", "MDHL", "MDSH"]
    assert sum(g["max_points"] for g in body["groups"]) == 100
    assert body["groups"][1]["name"] == "Tiến độ giải quyết"
    assert body["as_of"].startswith("2026-11-18T10:00")
    progress = next(i for i in body["indicators"] if i["code"] == "PROGRESS_ON_TIME")
    assert progress["denominator"] == expected.indicators["PROGRESS_ON_TIME"].denominator


def test_default_period_is_the_current_month(c: TestClient) -> None:
    assert c.get(f"/api/v1/units/{COMMUNE_A}/scores").json()["period"] == PERIOD


def test_as_of_moves_the_live_score(c: TestClient) -> None:
    """Spec §3: dossiers in process are judged at the evaluation instant."""
    early = c.get(f"/api/v1/units/{COMMUNE_A}/scores", params={"period": PERIOD, "as_of": "2026-11-10T08:00"})
    now = c.get(f"/api/v1/units/{COMMUNE_A}/scores", params={"period": PERIOD})
    assert early.json()["as_of"].startswith("2026-11-10T08:00")
    assert early.json()["total"] != now.json()["total"]


def test_children_table_ranks_each_peer_group(c: TestClient) -> None:
    body = c.get(f"/api/v1/units/{PROVINCE}/children", params={"period": PERIOD}).json()
    assert body["unit"]["id"] == PROVINCE
    communes = [s for s in body["children"] if s["level"] == "commune"]
    assert sorted(s["rank"] for s in communes) == [1, 2]
    only = c.get(f"/api/v1/units/{PROVINCE}/children", params={"period": PERIOD, "level": "department"}).json()
    assert [s["level"] for s in only["children"]] == ["department"]


def test_records_behind_an_indicator_are_paginated(c: TestClient) -> None:
    url = f"/api/v1/units/{COMMUNE_A}/indicators/PROGRESS_ON_TIME/records"
    full = c.get(url, params={"period": PERIOD, "kind": "missing"}).json()
    assert full["total"] == 2  # D-LATE and D-OPEN-LATE
    assert [r["code"] for r in full["records"]] == ["D-OPEN-LATE", "D-LATE"]  # the latest first
    assert full["columns"]["effective_due_at"] == "Hạn xử lý"
    page = c.get(url, params={"period": PERIOD, "kind": "missing", "limit": 1, "offset": 1}).json()
    assert page["total"] == 2 and len(page["records"]) == 1
    assert page["records"][0]["code"] == full["records"][1]["code"]
    counted = c.get(url, params={"period": PERIOD, "kind": "counted"}).json()
    assert counted["total"] == full["indicator"]["numerator"]


def test_trend_lists_the_last_n_periods_oldest_first(c: TestClient) -> None:
    body = c.get(f"/api/v1/units/{COMMUNE_A}/trend", params={"period": PERIOD, "n": 3}).json()
    assert [p["period"] for p in body["points"]] == ["2026-09", "2026-10", "2026-11"]
    assert body["points"][0]["label"] == "tháng 9 năm 2026"


def test_early_warning_lists_open_dossiers_due_within_the_working_days(c: TestClient) -> None:
    """Due today = 1 working day left; Thursday 2, Friday 3, Monday 4 (out of a 3-day window). Finished, overdue
    and waiting-for-applicant dossiers are not listed (spec §3: a waiting dossier is judged at the request)."""
    three = c.get(f"/api/v1/units/{COMMUNE_A}/warnings", params={"days": 3}).json()
    assert [(d["code"], d["working_days_left"]) for d in three["dossiers"]] == [
        ("W-TODAY", 1),
        ("W-THU", 2),
        ("W-FRI", 3),
    ]
    assert three["total"] == 3
    cut = c.get(f"/api/v1/units/{COMMUNE_A}/warnings", params={"days": 3, "limit": 1}).json()
    assert (cut["total"], len(cut["dossiers"])) == (3, 1)  # the count stays exact when the list is cut
    one = c.get(f"/api/v1/units/{COMMUNE_A}/warnings", params={"days": 1}).json()
    assert [d["code"] for d in one["dossiers"]] == ["W-TODAY"]
    province = c.get(f"/api/v1/units/{PROVINCE}/warnings", params={"days": 3}).json()
    assert "W-B" in {d["code"] for d in province["dossiers"]}


def test_early_warning_counts_working_days_across_a_weekend(c: TestClient) -> None:
    """On Saturday 21/11 a dossier due Monday 23/11 has 1 working day left."""
    body = c.get(f"/api/v1/units/{COMMUNE_A}/warnings", params={"days": 1, "as_of": "2026-11-21T10:00"}).json()
    assert [(d["code"], d["working_days_left"]) for d in body["dossiers"]] == [("W-MON", 1)]


def test_report_downloads_as_the_report_command_writes_it(c: TestClient) -> None:
    r = c.get(f"/api/v1/units/{COMMUNE_A}/report", params={"period": PERIOD, "format": "docx"})
    assert r.status_code == 200, r.text
    assert r.content[:2] == b"PK"  # a .docx is a zip
    assert "bao-cao-766-2026-11-99001" in r.headers["content-disposition"]
    md = c.get(f"/api/v1/units/{COMMUNE_A}/report", params={"period": PERIOD, "format": "md"})
    assert md.status_code == 200 and "Xã An Bình".upper() in md.text.upper()


def test_pdf_report_is_404_with_a_clear_message_without_libreoffice(c: TestClient) -> None:
    from chiso.web.routes.reports import report_formats

    r = c.get(f"/api/v1/units/{COMMUNE_A}/report", params={"period": PERIOD, "format": "pdf"})
    if "pdf" in report_formats():
        assert r.status_code == 200 and r.content[:4] == b"%PDF"
    else:
        assert r.status_code == 404
        assert "LibreOffice" in r.json()["detail"]


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/api/v1/units/00000/scores", 404),
        (f"/api/v1/units/{COMMUNE_A}/scores?period=tháng-mười", 400),
        (f"/api/v1/units/{COMMUNE_A}/scores?as_of=hôm-qua", 400),
        (f"/api/v1/units/{COMMUNE_A}/indicators/NOPE/records", 404),
        (f"/api/v1/units/{COMMUNE_A}/indicators/PROGRESS_ON_TIME/records?limit=0", 422),
        ("/api/v1/nothing-here", 404),
    ],
)
def test_errors_are_json_with_a_vietnamese_detail(c: TestClient, url: str, status: int) -> None:
    r = c.get(url)
    assert r.status_code == status
    assert r.headers["content-type"].startswith("application/json")
    assert r.json()["detail"]


def test_units_are_listed_in_tree_order(c: TestClient) -> None:
    units = c.get("/api/v1/units").json()
    assert units[0]["code"] == PROVINCE
    assert {u["code"] for u in c.get("/api/v1/units", params={"level": "commune"}).json()} == {"99001", "99002"}


def test_openapi_documents_every_endpoint_in_vietnamese(c: TestClient) -> None:
    doc = c.get("/openapi.json").json()
    paths = doc["paths"]
    for path in (
        "/api/v1/dossiers",
        "/api/v1/dossiers/{code}/events",
        "/api/v1/dossiers/{code}/payments",
        "/api/v1/petitions",
        "/api/v1/procedures",
        "/api/v1/units/{code}/scores",
        "/api/v1/units/{code}/children",
        "/api/v1/units/{code}/indicators/{indicator}/records",
        "/api/v1/units/{code}/trend",
        "/api/v1/units/{code}/warnings",
        "/api/v1/units/{code}/report",
        "/api/v1/live",
    ):
        assert path in paths, path
    assert not any(p.startswith("/api/v1/admin") for p in paths)
    post = paths["/api/v1/dossiers"]["post"]
    assert "hồ sơ" in post["summary"].lower()
    body = post["requestBody"]["content"]["application/json"]["schema"]["oneOf"][0]
    assert "MaHoSo" in body["properties"]["code"]["description"]
    assert {"401", "403", "413", "422"} <= set(post["responses"])
    assert "MaTruyCap" in doc["components"]["securitySchemes"]
