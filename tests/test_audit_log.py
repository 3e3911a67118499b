"""The audit log (issue 8 §3): who changed what, written in the same transaction as the change, append-only,
queryable from the CLI and by province administrators over the API, and never holding a secret."""

from __future__ import annotations

import dataclasses
import inspect
import json
import logging
from pathlib import Path

import pytest
from typer.testing import CliRunner

import chiso.audit
import chiso.audit.log
from chiso.audit import AuditEntry, WriteNote, append, query
from chiso.auth import create_token, revoke_token
from chiso.cli.main import app
from chiso.ingest import import_file
from chiso.store import Store
from chiso.web.gate import Push, StoreGate
from tests.builders import StoreBuilder, at
from tests.web_support import COMMUNE_A, COMMUNE_B, NEW_DOSSIER, PROVINCE, client, world


def test_token_create_and_revoke_are_audited_without_the_secret(caplog: pytest.LogCaptureFixture) -> None:
    """Rule: token create/revoke leave an entry naming the token's public id; the token text appears nowhere in
    the audit log nor in the logs."""
    b = StoreBuilder.tiny()
    with caplog.at_level(logging.DEBUG):
        info, token = create_token(b.store, COMMUNE_A, "một cửa xã", actor="cli:tester")
        revoke_token(b.store, info.token_id, actor="cli:tester")
        revoke_token(b.store, info.token_id, actor="cli:tester")  # idempotent: audited once
    entries = query(b.store, action="token")
    assert [(e.action, e.actor, e.unit_code, e.keys) for e in entries] == [
        ("token.create", "cli:tester", COMMUNE_A, [info.token_id]),
        ("token.revoke", "cli:tester", COMMUNE_A, [info.token_id]),
    ]
    secret = token.removeprefix(f"chiso_{info.token_id}_")  # may itself contain "_"
    assert len(secret) == 43
    dump = json.dumps(b.store.con.execute("SELECT * FROM audit_log").fetchall(), default=str)
    assert token not in dump and secret not in dump
    assert secret not in caplog.text


def test_api_write_is_audited_with_token_request_id_and_keys() -> None:
    """Rule: an accepted ingest request adds one entry — actor token:<id>, the token's unit, the client's
    X-Request-ID, the keys written — and the token itself never reaches the log."""
    w = world()
    with client(w) as c:
        r = c.post("/api/v1/dossiers", json=[NEW_DOSSIER], headers={**w.auth(COMMUNE_A), "X-Request-ID": "req-42"})
    assert r.status_code == 200, r.text
    assert r.headers["X-Request-ID"] == "req-42"
    entries = query(w.store, action="ingest")
    assert len(entries) == 1
    e = entries[0]
    token_id = w.tokens[COMMUNE_A].split("_")[1]
    assert (e.actor, e.unit_code, e.entity, e.keys, e.request_id) == (
        f"token:{token_id}",
        COMMUNE_A,
        "dossiers",
        ["API-1"],
        "req-42",
    )
    assert w.tokens[COMMUNE_A] not in json.dumps([x.to_json() for x in query(w.store)])


def test_a_refused_request_leaves_no_entry() -> None:
    """Rule: the entry is written in the change's transaction — a refused (422/403) request writes neither."""
    w = world()
    with client(w) as c:
        bad = c.post("/api/v1/dossiers", json=[{**NEW_DOSSIER, "MaTTHC": "9.999999"}], headers=w.auth(COMMUNE_A))
        foreign = c.post("/api/v1/dossiers", json=[{**NEW_DOSSIER, "MaDonVi": COMMUNE_B}], headers=w.auth(COMMUNE_A))
    assert bad.status_code == 422 and foreign.status_code == 403
    assert query(w.store, action="ingest") == []


def test_grouped_requests_get_one_entry_each() -> None:
    """Rule: requests written together by the gate's group commit still get one entry each, with their own keys
    and request ids."""
    b = StoreBuilder.tiny()
    gate = StoreGate(b.store)
    pushes = []
    for i in range(3):
        record = {**NEW_DOSSIER, "MaHoSo": f"G-{i}"}
        note = WriteNote(f"token:t{i}", COMMUNE_A, f"r{i}")
        pushes.append(Push("dossiers", [record], COMMUNE_A, audit=note))
    for p in pushes:
        gate._queue.put(p)  # queued before the writer starts, so they form one group
    gate.start()
    try:
        for p in pushes:
            p.future.result(timeout=30)
    finally:
        gate.stop()
    assert gate.groups == 1
    got = sorted((e.actor, e.request_id, tuple(e.keys)) for e in query(b.store, action="ingest"))
    assert got == [("token:t0", "r0", ("G-0",)), ("token:t1", "r1", ("G-1",)), ("token:t2", "r2", ("G-2",))]


def test_import_is_audited(tmp_path: Path) -> None:
    """Rule: ``chiso import`` of a file adds an entry with the file and the rows written, in the file's
    transaction."""
    b = StoreBuilder.tiny()
    path = tmp_path / "hoso.json"
    path.write_text(json.dumps([NEW_DOSSIER], ensure_ascii=False), encoding="utf-8")
    assert import_file(b.store, path).imported
    (entry,) = query(b.store, action="import")
    assert entry.actor.startswith("cli:") and entry.entity == "dossiers"
    assert "hoso.json" in entry.summary and "ghi 1 bản ghi" in entry.summary


def test_the_library_offers_no_way_to_change_or_remove_entries() -> None:
    """Rule: append-only — the audit module's public functions only append and read; entries are immutable
    values."""
    public = {n for n, v in vars(chiso.audit.log).items() if inspect.isfunction(v) and not n.startswith("_")}
    public |= set(chiso.audit.__all__)
    forbidden = ("update", "delete", "remove", "clear", "purge", "truncate", "edit", "replace", "drop")
    assert not [n for n in public if any(word in n.lower() for word in forbidden)]
    assert dataclasses.fields(AuditEntry) and AuditEntry.__dataclass_params__.frozen  # type: ignore[attr-defined]
    source = inspect.getsource(chiso.audit.log)
    assert "UPDATE audit_log" not in source and "DELETE FROM audit_log" not in source


def test_entries_survive_later_changes() -> None:
    """Rule: later writes, re-sends, revocations and publications add entries and never drop earlier ones."""
    from chiso.publish import publish

    w = world()
    with client(w) as c:
        c.post("/api/v1/dossiers", json=[NEW_DOSSIER], headers=w.auth(COMMUNE_A))
    first = {e.entry_id: e for e in query(w.store, limit=None)}
    with client(w) as c:
        c.post("/api/v1/dossiers", json=[NEW_DOSSIER], headers=w.auth(COMMUNE_A))
        c.post("/api/v1/dossiers", json=[{**NEW_DOSSIER, "MaHoSo": "API-2"}], headers=w.auth(PROVINCE))
    revoke_token(w.store, w.tokens[COMMUNE_B].split("_")[1])
    publish(w.store, "2026-11", as_of=at(2026, 11, 18, 10))
    later = {e.entry_id: e for e in query(w.store, limit=None)}
    assert all(later[k] == v for k, v in first.items())
    assert len(later) == len(first) + 4


def test_api_audit_is_for_province_administrators_and_scoped_to_their_province() -> None:
    """Rule: GET /api/v1/audit needs a province token (401 anonymous, 403 commune token); it shows the province's
    own entries and global ones (publish), not another province's."""
    w = world()
    append(w.store, [AuditEntry("cli:x", "ingest", "Ghi 1 hồ sơ", "dossiers", ["X-1"], unit_code="88001")])
    with client(w) as c:
        c.post("/api/v1/dossiers", json=[NEW_DOSSIER], headers=w.auth(COMMUNE_A))
        anonymous = c.get("/api/v1/audit")
        commune = c.get("/api/v1/audit", headers=w.auth(COMMUNE_A))
        province = c.get("/api/v1/audit", headers=w.auth(PROVINCE))
        filtered = c.get("/api/v1/audit?action=token", headers=w.auth(PROVINCE))
    assert anonymous.status_code == 401
    assert commune.status_code == 403
    assert province.status_code == 200
    body = province.json()
    assert any(e["action"] == "ingest" and e["keys"] == ["API-1"] for e in body)
    assert not any(e["unit_code"] == "88001" for e in body)
    assert {e["action"] for e in filtered.json()} == {"token.create"}
    for token in w.tokens.values():
        assert token not in province.text


def test_cli_audit_filters_by_action_unit_and_time(tmp_path: Path) -> None:
    db = str(tmp_path / "a.duckdb")
    with Store.open(db) as store:
        from tests.test_publish_frozen import _tiny_into

        _tiny_into(StoreBuilder(store))
        create_token(store, COMMUNE_A, "xã A")
        create_token(store, COMMUNE_B, "xã B")
    runner = CliRunner()
    everything = runner.invoke(app, ["audit", "--json", "--db", db])
    assert everything.exit_code == 0, everything.output
    assert len(json.loads(everything.output)) == 2
    only_a = json.loads(runner.invoke(app, ["audit", "--json", "--unit", COMMUNE_A, "--db", db]).output)
    assert [e["unit_code"] for e in only_a] == [COMMUNE_A]
    future = json.loads(runner.invoke(app, ["audit", "--json", "--since", "2100-01-01", "--db", db]).output)
    assert future == []
    table = runner.invoke(app, ["audit", "--action", "token", "--db", db])
    assert table.exit_code == 0 and "tạo mã truy cập" in table.output
