"""Backups (issue 8 §5): ``chiso backup`` / ``chiso restore`` of the DuckDB store — a round trip gives identical
tables and identical scores; restore checks the archive, never overwrites data unasked, and is atomic."""

from __future__ import annotations

import io
import json
import shutil
import tarfile
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from chiso.audit import query
from chiso.cli.main import app
from chiso.compute.engine import score_units_in_store
from chiso.store import Store
from chiso.store.backup import BackupError, backup_store, read_manifest, restore_store
from tests.builders import at

runner = CliRunner()
GENERATE = ["--months", "1", "--seed", "9", "--end", "2026-03-15", "--scale", "0.01"]
AS_OF = at(2026, 3, 20, 0, 0)


@pytest.fixture(scope="module")
def province(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small generated province (Lai Châu, one month) with a published period and a token, in a file store."""
    db = tmp_path_factory.mktemp("backup") / "source.duckdb"
    done = runner.invoke(app, ["generate", "-p", "12", *GENERATE, "--db", str(db)])
    assert done.exit_code == 0, done.output
    assert (
        runner.invoke(app, ["publish", "--period", "2026-03", "--as-of", "2026-03-20T00:00", "--db", str(db)]).exit_code
        == 0
    )
    assert runner.invoke(app, ["token", "create", "--unit", "12", "--db", str(db)]).exit_code == 0
    return db


def _tables(con: duckdb.DuckDBPyConnection, catalog: str) -> list[str]:
    rows = con.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_catalog = ? AND table_type = 'BASE TABLE'",
        [catalog],
    ).fetchall()
    return sorted(r[0] for r in rows)


def _differences(a: Path, b: Path) -> dict[str, int]:
    """Rows in one store and not the other, per table (the restore's own audit entry excluded)."""
    con = duckdb.connect()
    con.execute(f"ATTACH '{a}' AS a (READ_ONLY)")
    con.execute(f"ATTACH '{b}' AS b (READ_ONLY)")
    assert _tables(con, "a") == _tables(con, "b")
    out = {}
    for t in _tables(con, "a"):
        extra = " WHERE action <> 'restore'" if t == "audit_log" else ""
        n = con.execute(
            f"SELECT (SELECT count(*) FROM (SELECT * FROM a.{t}{extra} EXCEPT ALL SELECT * FROM b.{t}{extra})) + "
            f"(SELECT count(*) FROM (SELECT * FROM b.{t}{extra} EXCEPT ALL SELECT * FROM a.{t}{extra}))"
        ).fetchone()
        out[t] = int(n[0]) if n else -1
    con.close()
    return out


def _scores(db: Path) -> list[dict[str, object]]:
    with Store.open(db) as store:
        return [s.to_json() for s in score_units_in_store(store, "2026-03", as_of=AS_OF)]


def test_round_trip_gives_identical_tables_and_scores(province: Path, tmp_path: Path) -> None:
    """Rule: backup then restore into a new path reproduces every table row for row and every score."""
    archive = tmp_path / "p.chisobak"
    made = runner.invoke(app, ["backup", str(archive), "--db", str(province)])
    assert made.exit_code == 0, made.output
    target = tmp_path / "restored.duckdb"
    done = runner.invoke(app, ["restore", str(archive), "--db", str(target)])
    assert done.exit_code == 0, done.output
    diff = _differences(province, target)
    assert diff and all(n == 0 for n in diff.values()), diff
    assert _scores(province) == _scores(target)
    with Store.open(target) as store:
        assert store.count("dossiers") > 0
        restores = query(store, action="restore")
        assert len(restores) == 1 and "p.chisobak" in restores[0].summary
    verified = runner.invoke(app, ["verify", "--period", "2026-03", "--db", str(target)])
    assert verified.exit_code == 0, verified.output


def test_manifest_lists_row_counts_checksums_and_schema_version(province: Path, tmp_path: Path) -> None:
    archive = tmp_path / "p.chisobak"
    with Store.open(province) as store:
        manifest = backup_store(store, archive)
        assert manifest.tables["dossiers"] == store.count("dossiers")
        assert manifest.schema_version == store.schema_version()
    again = read_manifest(archive)
    assert again == manifest
    assert all(len(h) == 64 for h in manifest.files.values())


def test_restore_refuses_a_non_empty_store_unless_forced_and_keeps_its_audit_log(
    province: Path, tmp_path: Path
) -> None:
    """Rule: restore never overwrites data unasked; with --force it does, and the overwritten store's audit entries
    are carried over (the audit log survives a restore)."""
    archive = tmp_path / "p.chisobak"
    with Store.open(province) as store:
        backup_store(store, archive)
    target = tmp_path / "busy.duckdb"
    assert runner.invoke(app, ["generate", "-p", "12", *GENERATE, "--db", str(target)]).exit_code == 0
    made = runner.invoke(app, ["token", "create", "--unit", "12", "--label", "kho cũ", "--db", str(target)])
    assert made.exit_code == 0
    with Store.open(target) as store:
        old_entries = {r.entry_id for r in query(store, limit=None)}
        old_dossiers = store.count("dossiers")
    refused = runner.invoke(app, ["restore", str(archive), "--db", str(target)])
    assert refused.exit_code == 1 and "--force" in refused.output
    with Store.open(target) as store:
        assert store.count("publications") == 0 and store.count("dossiers") == old_dossiers
    forced = runner.invoke(app, ["restore", str(archive), "--force", "--db", str(target)])
    assert forced.exit_code == 0, forced.output
    with Store.open(target) as store:
        assert store.count("publications") == 1
        entries = {r.entry_id for r in query(store, limit=None)}
    assert old_entries <= entries


def test_a_corrupted_archive_is_refused_and_the_target_untouched(province: Path, tmp_path: Path) -> None:
    """Rule: restore verifies every file's SHA-256 before touching the target."""
    archive = tmp_path / "p.chisobak"
    with Store.open(province) as store:
        manifest = backup_store(store, archive)
    broken = tmp_path / "broken.chisobak"
    with tarfile.open(archive) as src, tarfile.open(broken, "w") as dst:
        for member in src.getmembers():
            data = src.extractfile(member)
            assert data is not None
            content = data.read()
            if member.name == "db/dossiers.parquet":
                content = content[:100] + bytes([content[100] ^ 0xFF]) + content[101:]
            member.size = len(content)

            dst.addfile(member, io.BytesIO(content))
    target = tmp_path / "t.duckdb"
    with pytest.raises(BackupError, match="SHA-256"):
        restore_store(broken, str(target))
    assert not target.exists()
    assert not list(tmp_path.glob(".t.duckdb.restore-*"))
    assert manifest.files["db/dossiers.parquet"]
    # Even with --force, a store with data is left exactly as it was.
    held = tmp_path / "held.duckdb"
    shutil.copy(province, held)
    with pytest.raises(BackupError, match="SHA-256"):
        restore_store(broken, str(held), force=True)
    assert all(n == 0 for n in _differences(province, held).values())


def test_a_backup_of_a_newer_schema_is_refused(province: Path, tmp_path: Path) -> None:
    archive = tmp_path / "p.chisobak"
    with Store.open(province) as store:
        backup_store(store, archive)
    newer = tmp_path / "newer.chisobak"
    with tarfile.open(archive) as src, tarfile.open(newer, "w") as dst:
        for member in src.getmembers():
            data = src.extractfile(member)
            assert data is not None
            content = data.read()
            if member.name == "manifest.json":
                doc = json.loads(content)
                doc["schema_version"] = 999
                content = json.dumps(doc).encode()
                member.size = len(content)

            dst.addfile(member, io.BytesIO(content))
    with pytest.raises(BackupError, match="phiên bản lược đồ 999"):
        restore_store(newer, str(tmp_path / "n.duckdb"))


def test_not_a_backup_is_refused_clearly(tmp_path: Path) -> None:
    junk = tmp_path / "junk.chisobak"
    junk.write_bytes(b"not a tar archive")
    result = runner.invoke(app, ["restore", str(junk), "--db", str(tmp_path / "x.duckdb")])
    assert result.exit_code == 1
    assert "không phải bản sao lưu chiso hợp lệ" in result.output


def test_postgresql_target_gets_a_clear_vietnamese_message(tmp_path: Path) -> None:
    """PostgreSQL stores are backed up with pg_dump (comes with the PostgreSQL store, issue 7)."""
    url = "postgresql://chiso@localhost/chiso"
    for args in (["backup", str(tmp_path / "x.chisobak")], ["restore", str(tmp_path / "x.chisobak")]):
        result = runner.invoke(app, [*args, "--db", url])
        assert result.exit_code == 1
        assert "pg_dump" in result.output and "PostgreSQL" in result.output


def test_backup_while_the_server_holds_the_store(province: Path, tmp_path: Path) -> None:
    """Rule: a backup needs no downtime — while ``chiso serve`` holds the DuckDB file, ``chiso backup`` asks the
    server, whose own connection takes the snapshot; ``chiso restore`` onto the held file is refused clearly."""
    import signal
    import subprocess
    import sys
    import time

    import httpx

    from tests.web_support import free_port

    db = tmp_path / "served.duckdb"
    shutil.copy(province, db)
    port = free_port()
    chiso = [sys.executable, "-m", "chiso.cli.main"]
    server = subprocess.Popen(
        [*chiso, "serve", "--db", str(db), "--port", str(port)], stdout=subprocess.PIPE, text=True
    )
    archive = tmp_path / "live.chisobak"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert time.monotonic() < deadline and server.poll() is None, "chiso serve did not start"
            time.sleep(0.2)
        made = subprocess.run([*chiso, "backup", str(archive), "--db", str(db)], capture_output=True, text=True)
        assert made.returncode == 0, made.stdout + made.stderr
        refused = subprocess.run(
            [*chiso, "restore", str(archive), "--force", "--db", str(db)], capture_output=True, text=True
        )
        assert refused.returncode == 1 and "hãy dừng máy chủ" in " ".join(refused.stderr.split())
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    restored = tmp_path / "from-live.duckdb"
    restore_store(archive, str(restored))
    assert all(n == 0 for n in _differences(province, restored).values())
