"""API tokens (issue 5): shown once, stored hashed, scoped to a unit subtree, revocable; the CLI commands."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pytest
from typer.testing import CliRunner

from chiso.auth import TokenError, create_token, hash_token, list_tokens, out_of_scope, revoke_token, verify_token
from chiso.auth.tokens import out_of_scope_pairs
from chiso.cli.main import app
from chiso.store import Store, write_units
from tests.backends import save_store, served
from tests.builders import COMMUNE_A, COMMUNE_B, DEPARTMENT, PROVINCE, StoreBuilder


def test_token_is_stored_only_as_its_hash() -> None:
    store = StoreBuilder.tiny().store
    info, token = create_token(store, COMMUNE_A, "một cửa xã")
    stored = store.con.execute("SELECT * FROM api_tokens").fetchall()
    assert token not in repr(stored)
    assert store.con.execute("SELECT secret_hash FROM api_tokens").fetchone() == (hash_token(token),)
    assert verify_token(store, token) == info


def test_unknown_unit_cannot_get_a_token() -> None:
    with pytest.raises(TokenError, match="Không có đơn vị"):
        create_token(StoreBuilder.tiny().store, "00000")


def test_revoked_or_altered_token_does_not_verify() -> None:
    store = StoreBuilder.tiny().store
    info, token = create_token(store, COMMUNE_A)
    assert verify_token(store, token[:-1] + ("a" if token[-1] != "a" else "b")) is None
    assert verify_token(store, "not-a-token") is None
    first = revoke_token(store, info.token_id)
    assert verify_token(store, token) is None
    assert revoke_token(store, info.token_id).revoked_at == first.revoked_at  # idempotent
    assert [t.active for t in list_tokens(store)] == [False]


def test_scope_is_the_units_subtree_at_any_depth() -> None:
    store = StoreBuilder.tiny().store
    write_units(
        store, pa.table({"code": ["99001.T1"], "name": ["Thôn 1"], "level": ["commune"], "parent_code": [COMMUNE_A]})
    )
    assert out_of_scope(store, PROVINCE, [COMMUNE_A, COMMUNE_B, DEPARTMENT, "99001.T1"]) == set()
    assert out_of_scope(store, COMMUNE_A, [COMMUNE_A, "99001.T1", COMMUNE_B]) == {COMMUNE_B}
    assert out_of_scope_pairs(store, [(COMMUNE_A, COMMUNE_B), (PROVINCE, COMMUNE_B)]) == {(COMMUNE_A, COMMUNE_B)}


def test_cli_creates_lists_and_revokes_tokens(tmp_path) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "t.duckdb"
    builder = StoreBuilder.tiny()
    save_store(builder.store, db)
    runner = CliRunner()
    created = runner.invoke(app, ["token", "create", "--unit", COMMUNE_A, "--label", "một cửa", "--db", str(db)])
    assert created.exit_code == 0, created.output
    token = created.output.strip().splitlines()[-1]
    assert token.startswith("chiso_")
    listed = runner.invoke(app, ["token", "list", "--db", str(db)])
    assert COMMUNE_A in listed.output and token not in listed.output
    token_id = token.split("_")[1]
    revoked = runner.invoke(app, ["token", "revoke", token_id, "--db", str(db)])
    assert revoked.exit_code == 0, revoked.output
    with Store.open(str(db)) as store:
        assert verify_token(store, token) is None
    unknown = runner.invoke(app, ["token", "revoke", "ffffffffffff", "--db", str(db)])
    assert unknown.exit_code == 1
    assert "Không có mã truy cập" in unknown.output


def _store_file(tmp_path) -> str:  # type: ignore[no-untyped-def]
    db = tmp_path / "served.duckdb"
    builder = StoreBuilder.tiny()
    save_store(builder.store, db)
    return str(db)


def test_token_commands_go_through_a_running_server_and_revocation_is_immediate(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """While ``chiso serve`` holds the store (DuckDB: one writing process), ``chiso token`` talks to it."""
    import os
    import signal
    import subprocess
    import sys
    import time

    import httpx

    from chiso.cli.cmd_serve import serve_file
    from tests.web_support import free_port

    db = served(Path(_store_file(tmp_path)))
    port = free_port()
    chiso = [sys.executable, "-m", "chiso.cli.main"]
    server = subprocess.Popen([*chiso, "serve", "--db", db, "--port", str(port)], stdout=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{base}/healthz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert time.monotonic() < deadline and server.poll() is None, "chiso serve did not start"
            time.sleep(0.2)
        assert os.stat(serve_file(db)).st_mode & 0o077 == 0  # the admin key is readable by its owner only
        created = subprocess.run(
            [*chiso, "token", "create", "--unit", COMMUNE_A, "--db", db], capture_output=True, text=True, check=True
        )
        token = created.stdout.strip().splitlines()[-1]
        body = {
            "MaHoSo": "S-1",
            "MaDonVi": COMMUNE_A,
            "MaTTHC": "1.000001",
            "KenhNop": "trực tiếp",
            "NgayTiepNhan": "02/11/2026 08:00",
        }
        auth = {"Authorization": f"Bearer {token}"}
        assert httpx.post(f"{base}/api/v1/dossiers", json=body, headers=auth, timeout=30).status_code == 200
        subprocess.run([*chiso, "token", "revoke", token.split("_")[1], "--db", db], check=True, capture_output=True)
        assert httpx.post(f"{base}/api/v1/dossiers", json=body, headers=auth, timeout=30).status_code == 401
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    assert not serve_file(db).exists()
    with Store.open(db) as store:
        assert store.con.execute("SELECT count(*) FROM dossiers WHERE code = 'S-1'").fetchone() == (1,)
