"""The app on a generated province (chiso.generate, small scale, generated once for the module): every unit of a
real province tree renders, and a push from a commune's one-stop system lands and moves only its own subtree."""

from __future__ import annotations

import datetime as dt

import pytest
from fastapi.testclient import TestClient

from chiso.auth import create_token
from chiso.store import Store
from chiso.timeutil import VN_TZ
from chiso.web import Settings, create_app

END = dt.date(2026, 11, 18)
NOW = dt.datetime.combine(END, dt.time(10, 0), tzinfo=VN_TZ)


@pytest.fixture(scope="module")
def province() -> Store:
    from chiso.generate import generate_province

    store = Store.open(":memory:")
    generate_province(store, "19", months=2, seed=766, end=END, target_dossiers=3000)
    return store


@pytest.fixture(scope="module")
def c(province: Store):  # type: ignore[no-untyped-def]
    app = create_app(Settings(clock=lambda: NOW), store=province)
    with TestClient(app) as client:
        yield client


def test_overview_ranks_every_commune_and_department_of_the_province(province: Store, c: TestClient) -> None:
    children = province.con.execute("SELECT count(*) FROM units WHERE parent_code = '19'").fetchone()
    body = c.get("/api/v1/units/19/children").json()
    assert len(body["children"]) == children[0] > 100
    html = c.get("/overview/19").text
    assert html.count('href="/units/') >= children[0]


def test_every_kind_of_unit_page_renders(province: Store, c: TestClient) -> None:
    for level in ("province", "department", "commune"):
        code = province.con.execute("SELECT min(code) FROM units WHERE level = ?", [level]).fetchone()[0]
        r = c.get(f"/units/{code}")
        assert r.status_code == 200, (level, r.text[:300])
        assert "Tổng điểm" in r.text


def test_a_commune_push_moves_its_subtree_only(province: Store, c: TestClient) -> None:
    code, unit = province.con.execute(
        "SELECT d.code, d.unit_code FROM dossiers d JOIN dossier_facts f ON f.dossier_code = d.code "
        "JOIN units u ON u.code = d.unit_code WHERE u.level = 'commune' AND f.terminal_state IS NULL "
        "ORDER BY d.code LIMIT 1"
    ).fetchone()
    _, token = create_token(province, unit)
    gate = c.app.state.gate  # type: ignore[attr-defined]
    other = province.con.execute(
        "SELECT min(code) FROM units WHERE level = 'commune' AND code <> ?", [unit]
    ).fetchone()[0]
    before = (gate.unit_version(unit), gate.unit_version("19"), gate.unit_version(other))
    r = c.post(
        f"/api/v1/dossiers/{code}/events",
        json={"LoaiSuKien": "finished", "ThoiGian": NOW.isoformat()},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert r.status_code == 200, r.text
    after = (gate.unit_version(unit), gate.unit_version("19"), gate.unit_version(other))
    assert after[0] > before[0] and after[1] > before[1] and after[2] == before[2]
    assert province.con.execute(
        "SELECT terminal_state FROM dossier_facts WHERE dossier_code = ?", [code]
    ).fetchone() == ("finished",)
