"""The real-time ingest API (issue 5): the import format over HTTP, all or nothing, idempotent, order-free,
scoped tokens. Each test names the rule it checks."""

from __future__ import annotations

import concurrent.futures
import datetime as dt
import json
import random

import pytest

from chiso.auth import revoke_token
from chiso.compute.engine import score_units_in_store
from chiso.web.gate import Push
from tests.web_support import COMMUNE_A, COMMUNE_B, NEW_DOSSIER, NOW, PERIOD, PROVINCE, client, table_rows, world


def state(store) -> dict[str, list[tuple[object, ...]]]:  # type: ignore[no-untyped-def]
    """Everything a write could change."""
    return {
        "dossiers": table_rows(store, "dossiers", "code"),
        "dossier_events": table_rows(store, "dossier_events", "event_id"),
        "payments": table_rows(store, "payments", "payment_id"),
        "petitions": table_rows(store, "petitions", "code"),
        "procedures": table_rows(store, "procedures", "authority_code, code"),
        "dossier_facts": table_rows(store, "dossier_facts", "dossier_code"),
    }


def test_dossier_with_import_aliases_is_stored_and_its_status_times_become_events() -> None:
    w = world()
    with client(w) as c:
        body = {**NEW_DOSSIER, "NgayKetThucXuLy": "18/11/2026 09:00"}
        r = c.post("/api/v1/dossiers", json=body, headers=w.auth(COMMUNE_A))
    assert r.status_code == 200, r.text
    assert r.json()["written"] == {"dossiers": 1, "dossier_events": 1}
    row = w.store.con.execute(
        "SELECT d.unit_code, d.channel, f.terminal_state FROM dossiers d JOIN dossier_facts f "
        "ON f.dossier_code = d.code WHERE d.code = 'API-1'"
    ).fetchone()
    assert row == (COMMUNE_A, "online", "finished")


def test_batch_is_all_or_nothing_and_422_names_record_field_and_reason_in_vietnamese() -> None:
    w = world()
    before = state(w.store)
    bad = {**NEW_DOSSIER, "MaHoSo": "API-2", "NgayTiepNhan": "hôm qua"}
    with client(w) as c:
        r = c.post("/api/v1/dossiers", json=[NEW_DOSSIER, bad], headers=w.auth(COMMUNE_A))
    assert r.status_code == 422
    body = r.json()
    assert "Không bản ghi nào được ghi" in body["detail"]
    [err] = body["errors"]
    assert err["loc"] == ["body", 1, "NgayTiepNhan"]
    assert err["field"] == "received_at"
    assert err["code"] == "INVALID_VALUE"
    assert "ngày giờ" in err["msg"]
    assert state(w.store) == before


def test_validation_reuses_the_importer_rules_for_references_and_vocabulary() -> None:
    w = world()
    with client(w) as c:
        r = c.post(
            "/api/v1/dossiers",
            json={**NEW_DOSSIER, "MaTTHC": "9.999999", "KenhNop": "fax"},
            headers=w.auth(PROVINCE),
        )
    codes = {e["code"] for e in r.json()["errors"]}
    assert r.status_code == 422
    assert codes == {"NOT_IN_VOCABULARY", "UNKNOWN_PROCEDURE"}


def test_retried_event_request_changes_nothing() -> None:
    w = world()
    event = [{"LoaiSuKien": "finished", "ThoiGian": "2026-11-11T15:00:00+07:00", "MaSuKien": "EV-1"}]
    with client(w) as c:
        first = c.post("/api/v1/dossiers/D-OPEN-LATE/events", json=event, headers=w.auth(COMMUNE_A))
        after_first = state(w.store)
        second = c.post("/api/v1/dossiers/D-OPEN-LATE/events", json=event, headers=w.auth(COMMUNE_A))
    assert first.status_code == second.status_code == 200
    assert state(w.store) == after_first


def test_retried_dossier_with_source_version_changes_nothing() -> None:
    w = world()
    body = {**NEW_DOSSIER, "NgayCapNhat": "2026-11-16T09:00:00+07:00"}
    with client(w) as c:
        c.post("/api/v1/dossiers", json=body, headers=w.auth(COMMUNE_A))
        once = state(w.store)
        c.post("/api/v1/dossiers", json=body, headers=w.auth(COMMUNE_A))
    assert state(w.store) == once


def test_event_without_id_gets_a_deterministic_one_so_retries_stay_idempotent() -> None:
    w = world()
    event = {"LoaiSuKien": "forwarded", "ThoiGian": "2026-11-10 08:00"}
    with client(w) as c:
        c.post("/api/v1/dossiers/D-OPEN-LATE/events", json=event, headers=w.auth(COMMUNE_A))
        c.post("/api/v1/dossiers/D-OPEN-LATE/events", json=event, headers=w.auth(COMMUNE_A))
    n = w.store.con.execute("SELECT count(*) FROM dossier_events WHERE event_type = 'forwarded'").fetchone()
    assert n == (1,)


def test_events_in_any_arrival_order_give_the_same_facts_and_score() -> None:
    """Spec §3: the terminal state and supplement times come from the whole history, whatever order it arrives in."""
    history = [
        {"MaSuKien": "E1", "LoaiSuKien": "forwarded", "ThoiGian": "2026-11-09 10:00"},
        {"MaSuKien": "E2", "LoaiSuKien": "supplement_requested", "ThoiGian": "2026-11-10 09:00"},
        {"MaSuKien": "E3", "LoaiSuKien": "supplement_completed", "ThoiGian": "2026-11-11 09:00"},
        {"MaSuKien": "E4", "LoaiSuKien": "result_returned", "ThoiGian": "2026-11-13 16:00"},
        {"MaSuKien": "E5", "LoaiSuKien": "finished", "ThoiGian": "2026-11-12 16:00"},
    ]
    outcomes = []
    for order in (list(range(5)), [4, 3, 2, 1, 0], random.Random(766).sample(range(5), 5)):
        w = world()
        with client(w) as c:
            for i in order:  # one request per event, in this arrival order
                r = c.post("/api/v1/dossiers/D-OPEN-LATE/events", json=history[i], headers=w.auth(COMMUNE_A))
                assert r.status_code == 200, r.text
        facts = table_rows(w.store, "dossier_facts", "dossier_code")
        score = score_units_in_store(w.store, PERIOD, as_of=NOW, units=[COMMUNE_A])[0]
        outcomes.append((facts, score.total, score.indicators["PROGRESS_ON_TIME"]))
    assert outcomes[0] == outcomes[1] == outcomes[2]
    state_row = outcomes[0][0]
    assert any(r[0] == "D-OPEN-LATE" and "finished" in r for r in state_row)


def test_older_version_of_a_dossier_arriving_late_does_not_overwrite_the_newer() -> None:
    w = world()
    newer = {**NEW_DOSSIER, "DanhGia": "hài lòng", "NgayCapNhat": "2026-11-17T09:00:00+07:00"}
    older = {**NEW_DOSSIER, "DanhGia": "không hài lòng", "NgayCapNhat": "2026-11-16T09:00:00+07:00"}
    with client(w) as c:
        c.post("/api/v1/dossiers", json=newer, headers=w.auth(COMMUNE_A))
        c.post("/api/v1/dossiers", json=older, headers=w.auth(COMMUNE_A))
    assert w.store.con.execute("SELECT rating FROM dossiers WHERE code = 'API-1'").fetchone() == ("satisfied",)


def test_event_for_an_unknown_dossier_is_refused_with_the_importer_message() -> None:
    w = world()
    with client(w) as c:
        r = c.post(
            "/api/v1/dossiers/NOPE/events",
            json={"LoaiSuKien": "finished", "ThoiGian": "2026-11-11 15:00"},
            headers=w.auth(COMMUNE_A),
        )
    assert r.status_code == 422
    assert r.json()["errors"][0]["code"] == "UNKNOWN_DOSSIER"
    assert "Không có hồ sơ mã «NOPE»" in r.json()["errors"][0]["msg"]


def test_event_naming_another_dossier_than_the_path_is_refused() -> None:
    w = world()
    with client(w) as c:
        r = c.post(
            "/api/v1/dossiers/D-LATE/events",
            json={"MaHoSo": "D-ONTIME", "LoaiSuKien": "finished", "ThoiGian": "2026-11-11 15:00"},
            headers=w.auth(COMMUNE_A),
        )
    assert r.status_code == 422
    assert r.json()["errors"][0]["loc"] == ["body", 0, "MaHoSo"]


@pytest.mark.parametrize(
    ("body", "status"),
    [(b'{"MaHoSo": "X",', 400), (b"\xff\xfe", 400), (b"42", 422), (b"[1, 2]", 422), (b"[]", 422)],
)
def test_malformed_json_is_refused_and_nothing_is_stored(body: bytes, status: int) -> None:
    w = world()
    before = state(w.store)
    with client(w) as c:
        r = c.post(
            "/api/v1/dossiers",
            content=body,
            headers={**w.auth(COMMUNE_A), "Content-Type": "application/json"},
        )
    assert r.status_code == status
    assert r.json()["detail"]
    assert state(w.store) == before


def test_oversized_body_is_413_whether_declared_or_streamed() -> None:
    w = world(max_body_bytes=2_000)
    big = json.dumps([NEW_DOSSIER] * 40).encode()
    before = state(w.store)
    with client(w) as c:
        declared = c.post(
            "/api/v1/dossiers", content=big, headers={**w.auth(COMMUNE_A), "Content-Type": "application/json"}
        )
        streamed = c.post(
            "/api/v1/dossiers",
            content=iter([big[:1500], big[1500:]]),
            headers={**w.auth(COMMUNE_A), "Content-Type": "application/json"},
        )
    assert declared.status_code == streamed.status_code == 413
    assert "vượt quá" in declared.json()["detail"]
    assert state(w.store) == before


def test_too_many_records_in_one_request_is_413() -> None:
    w = world(max_records=3)
    records = [{**NEW_DOSSIER, "MaHoSo": f"API-{i}"} for i in range(4)]
    with client(w) as c:
        r = c.post("/api/v1/dossiers", json=records, headers=w.auth(COMMUNE_A))
    assert r.status_code == 413
    assert w.store.con.execute("SELECT count(*) FROM dossiers WHERE code LIKE 'API-%'").fetchone() == (0,)


def test_non_json_content_type_is_415() -> None:
    w = world()
    with client(w) as c:
        r = c.post("/api/v1/dossiers", content=b"a,b", headers={**w.auth(COMMUNE_A), "Content-Type": "text/csv"})
    assert r.status_code == 415


@pytest.mark.parametrize("header", [None, "Bearer ", "Bearer chiso_000000000000_" + "x" * 43, "Basic abc"])
def test_missing_or_wrong_token_is_401_and_nothing_stored(header: str | None) -> None:
    w = world()
    before = state(w.store)
    headers = {} if header is None else {"Authorization": header}
    with client(w) as c:
        r = c.post("/api/v1/dossiers", json=NEW_DOSSIER, headers=headers)
    assert r.status_code == 401
    assert r.headers["WWW-Authenticate"] == "Bearer"
    assert state(w.store) == before


def test_token_with_a_wrong_secret_is_401() -> None:
    w = world()
    token = w.tokens[COMMUNE_A]
    forged = token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB")
    with client(w) as c:
        r = c.post("/api/v1/dossiers", json=NEW_DOSSIER, headers={"Authorization": f"Bearer {forged}"})
    assert r.status_code == 401


def test_revoked_token_is_refused_at_once() -> None:
    w = world()
    with client(w) as c:
        ok = c.post("/api/v1/dossiers", json=NEW_DOSSIER, headers=w.auth(COMMUNE_A))
        token_id = w.tokens[COMMUNE_A].split("_")[1]
        w.app.state.gate.admin_key = "k"
        revoked = c.post(f"/api/v1/admin/tokens/{token_id}/revoke", headers={"X-Chiso-Admin-Key": "k"})
        after = c.post("/api/v1/dossiers", json={**NEW_DOSSIER, "MaHoSo": "API-9"}, headers=w.auth(COMMUNE_A))
    assert ok.status_code == 200
    assert revoked.status_code == 200 and revoked.json()["revoked_at"]
    assert after.status_code == 401
    assert w.store.con.execute("SELECT count(*) FROM dossiers WHERE code = 'API-9'").fetchone() == (0,)


def test_admin_endpoints_need_the_servers_admin_key() -> None:
    w = world()
    with client(w) as c:
        r = c.post("/api/v1/admin/tokens", json={"unit": COMMUNE_A})
    assert r.status_code == 403


def test_commune_token_cannot_write_another_communes_records_403() -> None:
    w = world()
    before = state(w.store)
    with client(w) as c:
        other = c.post("/api/v1/dossiers", json={**NEW_DOSSIER, "MaDonVi": COMMUNE_B}, headers=w.auth(COMMUNE_A))
        event = c.post(
            "/api/v1/dossiers/W-B/events",
            json={"LoaiSuKien": "finished", "ThoiGian": "2026-11-17 09:00"},
            headers=w.auth(COMMUNE_A),
        )
        # Re-sending commune B's stored dossier under commune A's code would move it: refused too.
        moved = c.post(
            "/api/v1/dossiers",
            json={**NEW_DOSSIER, "MaHoSo": "W-B", "NgayTiepNhan": "16/11/2026 09:00"},
            headers=w.auth(COMMUNE_A),
        )
    for r in (other, event, moved):
        assert r.status_code == 403, r.text
        assert r.json()["errors"][0]["code"] == "OUT_OF_SCOPE"
    assert state(w.store) == before


def test_province_token_covers_every_unit_below_it() -> None:
    w = world()
    with client(w) as c:
        r = c.post(
            "/api/v1/dossiers",
            json=[NEW_DOSSIER, {**NEW_DOSSIER, "MaHoSo": "API-B", "MaDonVi": COMMUNE_B}],
            headers=w.auth(PROVINCE),
        )
    assert r.status_code == 200


def test_petitions_and_payments_are_accepted_in_the_import_format() -> None:
    w = world()
    with client(w) as c:
        p = c.post(
            "/api/v1/petitions",
            json={"MaPAKN": "PA-1", "MaDonVi": COMMUNE_A, "NgayTiepNhan": "10/11/2026 08:00", "SoLuotThich": 3},
            headers=w.auth(COMMUNE_A),
        )
        pay = c.post(
            "/api/v1/dossiers/D-ONTIME/payments",
            json={
                "MaGiaoDich": "TT-1",
                "SoTien": 50000,
                "HinhThucThanhToan": "trực tuyến",
                "NgayThanhToan": "2026-11-03",
            },
            headers=w.auth(COMMUNE_A),
        )
    assert p.status_code == 200, p.text
    assert pay.status_code == 200, pay.text
    assert w.store.con.execute("SELECT likes FROM petitions WHERE code = 'PA-1'").fetchone() == (3,)
    assert w.store.con.execute("SELECT paid_online FROM dossier_facts WHERE dossier_code = 'D-ONTIME'").fetchone() == (
        True,
    )


def test_catalogue_updates_need_the_provinces_token() -> None:
    w = world()
    update = {
        "MaTinh": PROVINCE,
        "MaTTHC": "1.000009",
        "TenTTHC": "Thủ tục mới",
        "CapThucHien": "xã",
        "MucDoDVC": "toàn trình",
    }
    with client(w) as c:
        denied = c.post("/api/v1/procedures", json=update, headers=w.auth(COMMUNE_A))
        allowed = c.post("/api/v1/procedures", json=update, headers=w.auth(PROVINCE))
    assert denied.status_code == 403
    assert allowed.status_code == 200, allowed.text
    assert w.store.con.execute("SELECT online_level FROM procedures WHERE code = '1.000009'").fetchone() == ("full",)


def test_requests_queued_together_are_written_as_one_group_with_the_same_result() -> None:
    """Group commit: queued pushes share one transaction; a bad one among them is refused alone."""
    w = world()
    gate = w.app.state.gate
    good = [
        Push("dossier_events", [{"LoaiSuKien": "forwarded", "ThoiGian": f"2026-11-1{i} 08:00"}], COMMUNE_A, "D-LATE")
        for i in range(5)
    ]
    bad = Push("dossier_events", [{"LoaiSuKien": "??", "ThoiGian": "2026-11-12 08:00"}], COMMUNE_A, "D-LATE")
    with client(w):
        with gate.write():  # hold the writer so that the pushes queue up behind the first
            futures = [gate.submit(p) for p in [*good[:3], bad, *good[3:]]]
        results = []
        for f in futures:
            try:
                results.append(f.result(timeout=30).written)
            except Exception as exc:  # the refused one
                results.append(getattr(exc, "status", exc))
    assert results == [{"dossier_events": 1}] * 3 + [422] + [{"dossier_events": 1}] * 2
    n = w.store.con.execute("SELECT count(*) FROM dossier_events WHERE event_type = 'forwarded'").fetchone()
    assert n == (5,)


def test_concurrent_pushes_from_many_senders_all_land_in_a_group() -> None:
    w = world()
    gate = w.app.state.gate
    pushes = [
        Push(
            "dossiers",
            [{**NEW_DOSSIER, "MaHoSo": f"C-{i}", "MaDonVi": COMMUNE_A if i % 2 else COMMUNE_B}],
            COMMUNE_A if i % 2 else COMMUNE_B,
        )
        for i in range(20)
    ]
    with client(w):
        with gate.write():
            futures = [gate.submit(p) for p in pushes]
        done = [f.result(timeout=30) for f in concurrent.futures.as_completed(futures)]
    assert len(done) == 20
    assert gate.groups >= 1
    assert w.store.con.execute("SELECT count(*) FROM dossiers WHERE code LIKE 'C-%'").fetchone() == (20,)


def test_revoking_directly_in_the_store_is_seen_after_forgetting_cached_tokens() -> None:
    w = world()
    with client(w) as c:
        assert c.post("/api/v1/dossiers", json=NEW_DOSSIER, headers=w.auth(COMMUNE_A)).status_code == 200
        revoke_token(w.store, w.tokens[COMMUNE_A].split("_")[1])
        w.app.state.gate.forget_tokens()
        assert c.post("/api/v1/dossiers", json=NEW_DOSSIER, headers=w.auth(COMMUNE_A)).status_code == 401


def test_a_closed_periods_trend_point_follows_a_write_that_counts_in_it_and_only_that() -> None:
    """Cached results of a closed period are reused until a write touches a record counted in that period."""
    w = world()
    gate = w.app.state.gate
    url = f"/api/v1/units/{COMMUNE_A}/trend"
    with client(w) as c:
        before = c.get(url, params={"period": PERIOD, "n": 2}).json()["points"][0]
        october = gate.period_version(COMMUNE_A, dt.date(2026, 10, 1), dt.date(2026, 10, 31))
        c.post("/api/v1/dossiers", json=NEW_DOSSIER, headers=w.auth(COMMUNE_A))  # received in November
        assert gate.period_version(COMMUNE_A, dt.date(2026, 10, 1), dt.date(2026, 10, 31)) == october
        late_october = {**NEW_DOSSIER, "MaHoSo": "API-OCT", "NgayTiepNhan": "15/10/2026 08:00", "NgayHenTra": ""}
        c.post("/api/v1/dossiers", json=late_october, headers=w.auth(COMMUNE_A))
        assert gate.period_version(COMMUNE_A, dt.date(2026, 10, 1), dt.date(2026, 10, 31)) > october
        after = c.get(url, params={"period": PERIOD, "n": 2}).json()["points"][0]
    assert before["period"] == after["period"] == "2026-10"
    assert after["total"] != before["total"]


def test_nul_characters_are_refused_in_bodies_and_urls_on_every_store() -> None:
    """Issue 8 (bad input): NUL never reaches the store — PostgreSQL cannot hold it, so both stores refuse it alike,
    with a Vietnamese message and nothing written."""
    w = world()
    before = state(w.store)
    body = json.dumps([{**NEW_DOSSIER, "MaTTHC": "1.00\u00001"}]).encode()
    with client(w) as c:
        posted = c.post(
            "/api/v1/dossiers", content=body, headers={**w.auth(COMMUNE_A), "Content-Type": "application/json"}
        )
        listed = c.get("/api/v1/units?under=%00", headers=w.auth(COMMUNE_A))
    assert posted.status_code == 422 and "NUL" in posted.json()["detail"]
    assert listed.status_code == 400 and "NUL" in listed.json()["detail"]
    assert state(w.store) == before
