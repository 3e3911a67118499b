"""Backups (issue 8 §5): ``chiso backup`` / ``chiso restore`` on both backends — a round trip gives identical tables
and identical scores, a backup of either backend restores into the other; restore checks the archive, never
overwrites data unasked, and is atomic (a refused or failed restore leaves the target as it was)."""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import tarfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import duckdb
import psycopg
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from chiso.audit import query
from chiso.cli.main import app
from chiso.compute.engine import score_units_in_store
from chiso.publish import verify
from chiso.publish.inputs import INPUTS
from chiso.store import Store
from chiso.store.backup import BackupError, backup_store, read_manifest, restore_store
from chiso.store.pg import split_url
from chiso.store.tableio import read_batches, table_schema, tables
from tests import backends
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


def _duckdb_store(path: Path) -> Store:
    """A DuckDB store at ``path`` whatever backend the suite runs on (``Store.open`` maps paths on PostgreSQL)."""
    con = duckdb.connect(str(path))
    con.execute("SET TimeZone = 'Asia/Ho_Chi_Minh'")
    return Store(con, str(path))


def _contents(store: Store) -> dict[str, pa.Table]:
    """Every table of the store as Arrow, typed the same on both backends (the restore's audit entries and the
    migrations' timestamps left out)."""
    out = {}
    for table in tables(store):
        rows = pa.Table.from_batches(list(read_batches(store, table)), schema=table_schema(store, table))
        if table == "audit_log":
            rows = rows.filter(pc.not_equal(rows["action"], "restore"))
        if table == "schema_version":  # when a migration ran differs in the copies tests.backends makes on PostgreSQL
            rows = rows.drop_columns(["applied_at"])
        out[table] = rows
    return out


def _differences(a: Store | Path, b: Store | Path) -> dict[str, int]:
    """Rows in one store and not the other, per table (the restore's own audit entries excluded); stores of either
    backend, compared in an in-memory DuckDB."""
    with contextlib.ExitStack() as stack:
        stores = [x if isinstance(x, Store) else stack.enter_context(Store.open(x, read_only=True)) for x in (a, b)]
        left, right = (_contents(s) for s in stores)
    assert sorted(left) == sorted(right)
    con = duckdb.connect()
    out = {}
    for t in left:
        assert left[t].schema == right[t].schema, t
        con.register("a", left[t])
        con.register("b", right[t])
        n = con.execute(
            "SELECT (SELECT count(*) FROM (SELECT * FROM a EXCEPT ALL SELECT * FROM b)) + "
            "(SELECT count(*) FROM (SELECT * FROM b EXCEPT ALL SELECT * FROM a))"
        ).fetchone()
        out[t] = int(n[0]) if n else -1
    con.close()
    return out


def _exists(path: Path) -> bool:
    """Whether a store was ever created at ``path`` (a file on DuckDB, a schema with tables on PostgreSQL)."""
    if not backends.ON_POSTGRES:
        return path.exists()
    url, schema = split_url(backends.location(str(path)))
    with psycopg.connect(url) as con:
        row = con.execute("SELECT count(*) FROM information_schema.tables WHERE table_schema = %s", [schema]).fetchone()
    return bool(row and row[0])


def _rewrite(archive: Path, out: Path, change: Callable[[str, bytes], bytes], *, reseal: bool = False) -> None:
    """A copy of ``archive`` with members changed by ``change(name, content)``; ``reseal`` recomputes the manifest's
    checksums, as a forger (or a bug upstream) would, so that only the restore's own checks can catch it."""
    with tarfile.open(archive) as src:
        members = [(m, src.extractfile(m)) for m in src.getmembers()]
        contents = {m.name: f.read() for m, f in members if f is not None}
    contents = {n: change(n, c) for n, c in contents.items()}
    if reseal:
        doc = json.loads(contents["manifest.json"])
        doc["files"] = {n: hashlib.sha256(c).hexdigest() for n, c in contents.items() if n != "manifest.json"}
        doc["checksum"] = hashlib.sha256(
            json.dumps(doc["files"], sort_keys=True, separators=(",", ":")).encode()
        ).hexdigest()
        contents["manifest.json"] = json.dumps(doc).encode()
    with tarfile.open(out, "w") as dst:
        for name, content in contents.items():
            info = tarfile.TarInfo(name)
            info.size = len(content)
            dst.addfile(info, io.BytesIO(content))


def _scores(db: Store | Path) -> list[dict[str, Any]]:
    with contextlib.ExitStack() as stack:
        store = db if isinstance(db, Store) else stack.enter_context(Store.open(db))
        # By unit: the order of units with equal standing is not part of the result, and differs across backends.
        return sorted((s.to_json() for s in score_units_in_store(store, "2026-03", as_of=AS_OF)), key=lambda u: u["id"])


def _loc(path: Path) -> str:
    """The location ``restore_store`` is given for the store at ``path`` in this run (a schema on PostgreSQL)."""
    return backends.location(str(path))


def test_round_trip_gives_identical_tables_and_scores(province: Path, tmp_path: Path) -> None:
    """Rule: backup then restore into a new store reproduces every table row for row and every score."""
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


def test_manifest_lists_row_counts_checksums_schema_version_and_backend(province: Path, tmp_path: Path) -> None:
    archive = tmp_path / "p.chisobak"
    with Store.open(province) as store:
        manifest = backup_store(store, archive)
        assert manifest.tables["dossiers"] == store.count("dossiers")
        assert manifest.schema_version == store.schema_version()
        assert manifest.backend == store.backend
    again = read_manifest(archive)
    assert again == manifest
    assert all(len(h) == 64 for h in manifest.files.values())
    assert set(manifest.files) == {f"db/{t}.parquet" for t in manifest.tables}


@pytest.mark.skipif(
    not backends.ON_POSTGRES,
    reason="needs a PostgreSQL server besides DuckDB; runs in the suite's PostgreSQL pass (CHISO_TEST_PG)",
)
def test_a_backup_restores_across_backends(province: Path, tmp_path: Path) -> None:
    """Rule: one archive format — a PostgreSQL store's backup restores into a DuckDB file and that file's backup
    restores into PostgreSQL, with identical rows and identical scores at each step."""
    from_pg = tmp_path / "from-pg.chisobak"
    with Store.open(province) as source:
        assert backup_store(source, from_pg).backend == "postgres"
    duck = tmp_path / "copy.duckdb"
    restore_store(from_pg, str(duck))  # a plain path: a DuckDB file, whatever the suite's backend
    with _duckdb_store(duck) as copy, Store.open(province) as source:
        assert copy.backend == "duckdb" and source.backend == "postgres"
        diff = _differences(source, copy)
        assert diff and all(n == 0 for n in diff.values()), diff
        assert _scores(source) == _scores(copy)
        # The period published on PostgreSQL still verifies on DuckDB: its input digests cannot be compared across
        # backends (row counts are), every figure is.
        checked = verify(copy, "2026-03")
        assert checked.identical and set(checked.inputs_other_backend) == set(INPUTS)
        from_duck = tmp_path / "from-duck.chisobak"
        assert backup_store(copy, from_duck).backend == "duckdb"
    back = tmp_path / "back.duckdb"
    restore_store(from_duck, _loc(back))
    with Store.open(back) as restored, Store.open(province) as source:
        assert restored.backend == "postgres"
        diff = _differences(source, restored)
        assert diff and all(n == 0 for n in diff.values()), diff
        assert _scores(source) == _scores(restored)
        assert len(query(restored, action="restore")) == 2  # each restore is in the log
        checked = verify(restored, "2026-03")
        assert checked.identical and not checked.inputs_other_backend  # back where it was published


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
    diff = _differences(province, target)
    assert diff.pop("audit_log") == len(old_entries)  # the carried entries, nothing else
    assert all(n == 0 for n in diff.values()), diff


def test_a_corrupted_archive_is_refused_and_the_target_untouched(province: Path, tmp_path: Path) -> None:
    """Rule: restore verifies every file's SHA-256 before touching the target."""
    archive = tmp_path / "p.chisobak"
    with Store.open(province) as store:
        manifest = backup_store(store, archive)
    assert manifest.files["db/dossiers.parquet"]
    broken = tmp_path / "broken.chisobak"

    def flip(name: str, content: bytes) -> bytes:
        return (
            content[:100] + bytes([content[100] ^ 0xFF]) + content[101:] if name == "db/dossiers.parquet" else content
        )

    _rewrite(archive, broken, flip)
    target = tmp_path / "t.duckdb"
    with pytest.raises(BackupError, match="SHA-256"):
        restore_store(broken, _loc(target))
    assert not _exists(target)
    assert not list(tmp_path.glob(".t.duckdb.restore-*"))
    # Even with --force, a store with data is left exactly as it was.
    held = backends.copy_saved(province, tmp_path / "held.duckdb")
    with pytest.raises(BackupError, match="SHA-256"):
        restore_store(broken, _loc(held), force=True)
    assert all(n == 0 for n in _differences(province, held).values())


def test_a_restore_that_fails_while_loading_leaves_the_target_unchanged(province: Path, tmp_path: Path) -> None:
    """Rule: restore is all or nothing — an archive whose checksums agree but whose rows the store refuses (a NULL
    in a NOT NULL column, loaded after other tables already were) fails, and the store it was forced onto keeps
    every row it had: DuckDB never renames the half-built file over it, PostgreSQL rolls the one transaction back."""
    archive = tmp_path / "p.chisobak"
    with Store.open(province) as store:
        backup_store(store, archive)

    def null_unit(name: str, content: bytes) -> bytes:
        if name != "db/petitions.parquet":  # loaded after dossiers, events, payments …
            return content
        rows = pq.read_table(io.BytesIO(content))
        units = pa.array([None] * rows.num_rows, rows.schema.field("unit_code").type)
        rows = rows.set_column(rows.schema.get_field_index("unit_code"), "unit_code", units)
        out = io.BytesIO()
        pq.write_table(rows, out)
        return out.getvalue()

    bad = tmp_path / "bad.chisobak"
    _rewrite(archive, bad, null_unit, reseal=True)
    held = backends.copy_saved(province, tmp_path / "held.duckdb")
    with Store.open(held) as store:
        assert store.count("petitions") > 0
    with pytest.raises(BackupError, match="không nạp được"):
        restore_store(bad, _loc(held), force=True)
    assert all(n == 0 for n in _differences(province, held).values())
    assert not list(tmp_path.glob(".held.duckdb.restore-*"))


def test_a_backup_of_a_newer_schema_is_refused(province: Path, tmp_path: Path) -> None:
    archive = tmp_path / "p.chisobak"
    with Store.open(province) as store:
        backup_store(store, archive)
    newer = tmp_path / "newer.chisobak"

    def bump(name: str, content: bytes) -> bytes:
        return (
            json.dumps({**json.loads(content), "schema_version": 999}).encode() if name == "manifest.json" else content
        )

    _rewrite(archive, newer, bump)
    with pytest.raises(BackupError, match="phiên bản lược đồ 999"):
        restore_store(newer, _loc(tmp_path / "n.duckdb"))
    assert not _exists(tmp_path / "n.duckdb")


def test_an_archive_of_the_first_format_still_restores(province: Path, tmp_path: Path) -> None:
    """Backups taken before the format became backend-neutral (DuckDB's EXPORT DATABASE: schema.sql, load.sql and a
    Parquet file per table) restore into either backend."""
    archive = tmp_path / "p.chisobak"
    with Store.open(province) as store:
        backup_store(store, archive)
    duck = tmp_path / "v1-source.duckdb"
    restore_store(archive, str(duck))
    export = tmp_path / "export" / "db"
    export.parent.mkdir()
    with _duckdb_store(duck) as store:
        counts = {t: store.count(t) for t in tables(store)}
        store.con.execute(f"EXPORT DATABASE '{export}' (FORMAT PARQUET)")
        version = store.schema_version()
    files = {f"db/{p.name}": hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(export.iterdir())}
    assert {"db/schema.sql", "db/load.sql", "db/dossiers.parquet"} <= set(files)
    manifest = {
        "format": "chiso-backup/1",
        "chiso_version": "0.1.0",
        "duckdb_version": duckdb.__version__,
        "schema_version": version,
        "created_at": "2026-03-20T01:00:00+00:00",
        "tables": counts,
        "files": files,
        "checksum": hashlib.sha256(json.dumps(files, sort_keys=True, separators=(",", ":")).encode()).hexdigest(),
    }
    v1 = tmp_path / "v1.chisobak"
    with tarfile.open(v1, "w") as tar:
        data = json.dumps(manifest).encode()
        info = tarfile.TarInfo("manifest.json")
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
        for name in files:
            tar.add(export / name.removeprefix("db/"), arcname=name)
    assert read_manifest(v1).backend == "duckdb"
    target = tmp_path / "from-v1.duckdb"
    restore_store(v1, _loc(target))
    assert all(n == 0 for n in _differences(province, target).values())


def test_not_a_backup_is_refused_clearly(tmp_path: Path) -> None:
    junk = tmp_path / "junk.chisobak"
    junk.write_bytes(b"not a tar archive")
    result = runner.invoke(app, ["restore", str(junk), "--db", str(tmp_path / "x.duckdb")])
    assert result.exit_code == 1
    assert "không phải bản sao lưu chiso hợp lệ" in result.output


def test_backup_while_the_server_runs_on_the_store(province: Path, tmp_path: Path) -> None:
    """Rule: a backup needs no downtime — while ``chiso serve`` holds a DuckDB file, ``chiso backup`` asks the
    server, whose own connection takes the snapshot (a PostgreSQL store is never held: the backup takes its own
    snapshot beside the server's sessions); ``chiso restore`` onto a served store is refused clearly."""
    import signal
    import subprocess
    import sys
    import time

    import httpx

    from tests.web_support import free_port

    db = backends.copy_saved(province, tmp_path / "served.duckdb")
    served = backends.served(db)
    port = free_port()
    chiso = [sys.executable, "-m", "chiso.cli.main"]
    server = subprocess.Popen([*chiso, "serve", "--db", served, "--port", str(port)], stdout=subprocess.PIPE, text=True)
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
        made = subprocess.run([*chiso, "backup", str(archive), "--db", served], capture_output=True, text=True)
        assert made.returncode == 0, made.stdout + made.stderr
        refused = subprocess.run(
            [*chiso, "restore", str(archive), "--force", "--db", served], capture_output=True, text=True
        )
        assert refused.returncode == 1 and "hãy dừng máy chủ" in " ".join(refused.stderr.split())
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    restored = tmp_path / "from-live.duckdb"
    restore_store(archive, _loc(restored))
    assert all(n == 0 for n in _differences(province, restored).values())
