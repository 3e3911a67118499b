"""Several web nodes on one PostgreSQL store (issue 7): a write through one node reaches the others' cached scores
and live pages (``NOTIFY chiso_changes``), and a token revoked anywhere stops working everywhere within
``SHARED_TOKEN_SECONDS``. A DuckDB file has one writing process, hence one node: these tests need PostgreSQL."""

from __future__ import annotations

import time

import pytest
from fastapi.testclient import TestClient

from chiso.auth import revoke_token
from chiso.store import Store
from chiso.web import Settings, create_app
from tests import backends
from tests.web_support import COMMUNE_A, NEW_DOSSIER, NOW, PERIOD, PROVINCE, client, world

pytestmark = pytest.mark.skipif(
    not backends.ON_POSTGRES, reason="nhiều nút web dùng chung một kho cần PostgreSQL (CHISO_TEST_PG)"
)


def _wait(condition, seconds: float = 10.0) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return False


def test_a_write_through_one_node_refreshes_the_other_nodes_cached_scores() -> None:
    w = world()
    second = Store.open(w.store.location)  # another node: its own sessions on the same database and schema
    other = create_app(Settings(clock=lambda: NOW), store=second)
    try:
        with client(w) as a, TestClient(other) as b:
            gate_b = other.state.gate
            before_b = b.get(f"/api/v1/units/{COMMUNE_A}/scores", params={"period": PERIOD}).json()
            versions = (gate_b.unit_version(COMMUNE_A), gate_b.unit_version(PROVINCE))
            posted = a.post("/api/v1/dossiers", json=[NEW_DOSSIER], headers=w.auth(COMMUNE_A))
            assert posted.status_code == 200, posted.text
            assert _wait(lambda: gate_b.remote_changes >= 1), "node B never heard of node A's write"
            assert gate_b.unit_version(COMMUNE_A) > versions[0] and gate_b.unit_version(PROVINCE) > versions[1]
            after_a = a.get(f"/api/v1/units/{COMMUNE_A}/scores", params={"period": PERIOD}).json()
            after_b = b.get(f"/api/v1/units/{COMMUNE_A}/scores", params={"period": PERIOD}).json()
            assert after_b == after_a  # B recomputed: the same answer as the node that took the write
            assert after_b != before_b  # and the new dossier is in it
            assert w.app.state.gate.remote_changes == 0  # a node ignores its own notices
    finally:
        second.close()


def test_a_token_revoked_through_one_node_stops_working_on_the_others(monkeypatch: pytest.MonkeyPatch) -> None:
    import chiso.web.gate

    monkeypatch.setattr(chiso.web.gate, "SHARED_TOKEN_SECONDS", 0.2)
    w = world()
    second = Store.open(w.store.location)
    other = create_app(Settings(clock=lambda: NOW), store=second)
    try:
        with client(w) as a, TestClient(other) as b:
            headers = w.auth(COMMUNE_A)
            first = b.post("/api/v1/dossiers", json=[NEW_DOSSIER], headers=headers)
            assert first.status_code == 200, first.text
            token_id = w.tokens[COMMUNE_A].split("_")[1]
            with a.app.state.gate.write() as store:  # type: ignore[attr-defined]
                revoke_token(store, token_id)
            time.sleep(0.3)  # past SHARED_TOKEN_SECONDS: B asks the store again
            again = b.post("/api/v1/dossiers", json=[{**NEW_DOSSIER, "MaHoSo": "API-2"}], headers=headers)
            assert again.status_code == 401
    finally:
        second.close()
