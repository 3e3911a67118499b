"""Durability under SIGKILL: an acknowledged ingest request is never lost, a retried one never counts twice.

A real ``chiso serve`` process (on a free loopback port, over a DuckDB file) takes a sustained load of event and
dossier pushes from several client threads. The client records which requests were acknowledged (2xx). At random
moments the server is killed with SIGKILL — no shutdown, no checkpoint — and started again on the same file; every
request that was not acknowledged is sent again. At the end every acknowledged record must be stored exactly once,
and replaying every request once more must change no row (events are keyed by their id, dossiers by their code).

Usage:
    .venv/bin/python benchmarks/durability_bench.py                       # long mode: 60,000 events, 12 kills
    .venv/bin/python benchmarks/durability_bench.py --events 10000 --kills 3

The CI short mode is tests/test_reliability_durability.py, which calls :func:`run_durability` with small figures.
"""

from __future__ import annotations

import argparse
import collections
import concurrent.futures
import datetime as dt
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pyarrow as pa

from chiso.auth import create_token
from chiso.store import Store, write_records, write_units
from chiso.timeutil import VN_TZ

HOST = "127.0.0.1"  # loopback only
PROVINCE = "99"
COMMUNES = ("99001", "99002")
PROCEDURE = "1.000001"
SEED_DOSSIERS = 100  # dossiers written before the load; events are pushed for them
START = dt.datetime(2026, 10, 1, 8, 0, tzinfo=VN_TZ)


@dataclass(frozen=True)
class Request:
    """One ingest request of the load: where it goes and what it carries."""

    rid: int
    path: str
    records: list[dict[str, Any]]
    kind: str  # "dossier_events" or "dossiers"

    @property
    def keys(self) -> list[str]:
        """The natural keys of the records it writes (event ids, dossier codes)."""
        field_name = "event_id" if self.kind == "dossier_events" else "code"
        return [str(r[field_name]) for r in self.records]


@dataclass
class Outcome:
    """What a run did and what it proved."""

    events_sent: int = 0
    dossiers_sent: int = 0
    requests: int = 0
    attempts: int = 0
    acked: int = 0
    retried: int = 0  # requests sent again after a failure (connection refused/reset, timeout)
    kills: int = 0  # SIGKILLs that hit the server while requests were in flight
    in_flight_at_kill: int = 0  # requests whose answer was lost to a kill (their fate unknown to the client)
    restarts: int = 0
    seconds: float = 0.0
    refused: list[str] = field(default_factory=list)  # 4xx answers: must stay empty
    problems: list[str] = field(default_factory=list)  # broken guarantees: must stay empty


def free_port() -> int:
    """A free TCP port on the loopback interface."""
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


def make_store(db: str) -> str:
    """A small province with a catalogue and ``SEED_DOSSIERS`` dossiers; returns a token for the province."""
    store = Store.open(db)
    try:
        write_units(
            store,
            pa.table(
                {
                    "code": [PROVINCE, *COMMUNES],
                    "name": ["Tỉnh Thử Nghiệm", "Xã An Bình", "Phường Hòa Lạc"],
                    "level": ["province", "commune", "commune"],
                    "parent_code": [None, PROVINCE, PROVINCE],
                }
            ),
        )
        write_records(
            store,
            {
                "procedures": pa.table(
                    {
                        "authority_code": [PROVINCE],
                        "code": [PROCEDURE],
                        "name": ["Đăng ký khai sinh"],
                        "level": ["commune"],
                        "online_level": ["full"],
                        "fee_bearing": [False],
                        "time_limit": [3.0],
                        "time_limit_unit": ["working_day"],
                    }
                )
            },
        )
        write_records(
            store,
            {
                "dossiers": pa.Table.from_pylist(
                    [
                        {
                            "code": f"SEED-{i:04d}",
                            "unit_code": COMMUNES[i % 2],
                            "procedure_code": PROCEDURE,
                            "channel": "online",
                            "received_at": START + dt.timedelta(hours=i),
                        }
                        for i in range(SEED_DOSSIERS)
                    ]
                )
            },
        )
        _, token = create_token(store, PROVINCE, "durability")
    finally:
        store.close()
    return token


def make_load(events: int, batch: int, rng: random.Random) -> list[Request]:
    """Requests carrying ``events`` events (``batch`` a request, to the seeded dossiers) and, every fifth
    request, a batch of new dossiers; shuffled so each kill lands in a mix of both."""
    requests: list[Request] = []
    rid = 0
    for start in range(0, events, batch):
        dossier = f"SEED-{(start // batch) % SEED_DOSSIERS:04d}"
        records = [
            {
                "event_id": f"EV-{n:07d}",
                "event_type": "forwarded",
                "occurred_at": (START + dt.timedelta(days=1, seconds=n)).isoformat(),
                "actor": f"cán bộ {n % 7}",
            }
            for n in range(start, min(start + batch, events))
        ]
        requests.append(Request(rid, f"/api/v1/dossiers/{dossier}/events", records, "dossier_events"))
        rid += 1
        if rid % 5 == 0:
            records = [
                {
                    "code": f"NEW-{rid:05d}-{k:02d}",
                    "unit_code": COMMUNES[k % 2],
                    "procedure_code": PROCEDURE,
                    "channel": "in_person",
                    "received_at": (START + dt.timedelta(days=2, minutes=rid * 10 + k)).isoformat(),
                    # As a one-stop system sends it (NgayCapNhat): without it the arrival time stands in, and
                    # a retry would look like a newer version of the same values.
                    "source_updated_at": (START + dt.timedelta(days=3, minutes=rid)).isoformat(),
                }
                for k in range(10)
            ]
            requests.append(Request(rid, "/api/v1/dossiers", records, "dossiers"))
            rid += 1
    rng.shuffle(requests)
    return requests


class Server:
    """``chiso serve`` as a child process that can be SIGKILLed and started again on the same store."""

    def __init__(self, db: str, log: Path) -> None:
        self.db = db
        self.log = log
        self.port = free_port()
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def start(self, timeout: float = 60.0) -> None:
        """Start the server and wait until it answers /healthz."""
        exe = shutil.which("chiso", path=str(Path(sys.executable).parent)) or "chiso"
        env = {**os.environ, "CHISO_WEB_RATE_LIMIT": "0"}  # this is a durability test, not a throttling one
        with self.log.open("ab") as out:
            self.proc = subprocess.Popen(
                [exe, "serve", "--host", HOST, "--port", str(self.port), "--db", self.db],
                stdout=out,
                stderr=subprocess.STDOUT,
                env=env,
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"chiso serve exited with {self.proc.returncode}: {self.log.read_text()[-2000:]}")
            try:
                if httpx.get(self.url + "/healthz", timeout=1.0).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.05)
        raise RuntimeError(f"chiso serve did not start: {self.log.read_text()[-2000:]}")

    def kill(self) -> None:
        """SIGKILL: no shutdown handler, no checkpoint, no flush."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(timeout=30)

    def stop(self) -> None:
        """A normal stop (SIGTERM), for the end of the run."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill()


def _drive(
    server: Server,
    token: str,
    pending: collections.deque[Request],
    acked: dict[int, Request],
    out: Outcome,
    workers: int,
    kill_after: float | None,
    lock: threading.Lock,
) -> int:
    """Send pending requests until none is left or the server is killed after ``kill_after`` seconds.
    Returns how many requests were in flight when the kill came (their answers lost)."""
    dead = threading.Event()
    in_flight: set[int] = set()
    lost = 0

    def worker() -> None:
        nonlocal lost
        headers = {"Authorization": f"Bearer {token}"}
        with httpx.Client(base_url=server.url, headers=headers, timeout=30.0) as client:
            while not dead.is_set():
                with lock:
                    if not pending:
                        return
                    req = pending.popleft()
                    in_flight.add(req.rid)
                    out.attempts += 1
                ok = False
                try:
                    response = client.post(req.path, json=req.records)
                    ok = 200 <= response.status_code < 300
                    if 400 <= response.status_code < 500:
                        out.refused.append(f"{req.path} → {response.status_code}: {response.text[:300]}")
                        ok = True  # refused for good: retrying would not help (and the check reports it)
                except httpx.HTTPError:
                    ok = False
                with lock:
                    in_flight.discard(req.rid)
                    if ok:
                        acked[req.rid] = req
                    else:
                        if dead.is_set():
                            lost += 1
                        out.retried += 1
                        pending.append(req)  # unacknowledged: send again (after a restart if need be)

    with concurrent.futures.ThreadPoolExecutor(workers) as pool:
        futures = [pool.submit(worker) for _ in range(workers)]
        if kill_after is not None:
            done, _ = concurrent.futures.wait(futures, timeout=kill_after)
            if len(done) < len(futures):
                with lock:
                    flying = len(in_flight)
                server.kill()
                dead.set()
                if flying:
                    out.kills += 1
        for f in futures:
            f.result()
    return lost


def verify(db: str, requests: list[Request], acked: dict[int, Request], out: Outcome) -> None:
    """Every acknowledged record stored exactly once; nothing stored that was never sent."""
    store = Store.open(db, read_only=True)
    try:
        con = store.con
        events = {
            str(r[0]) for r in con.execute("SELECT event_id FROM dossier_events WHERE event_id LIKE 'EV-%'").fetchall()
        }
        total, distinct = con.execute(
            "SELECT count(*), count(DISTINCT event_id) FROM dossier_events WHERE event_id LIKE 'EV-%'"
        ).fetchone() or (0, 0)
        dossiers = {str(r[0]) for r in con.execute("SELECT code FROM dossiers WHERE code LIKE 'NEW-%'").fetchall()}
        d_total, d_distinct = con.execute(
            "SELECT count(*), count(DISTINCT code) FROM dossiers WHERE code LIKE 'NEW-%'"
        ).fetchone() or (0, 0)
        facts = con.execute(
            "SELECT count(*) FROM dossiers d WHERE d.code LIKE 'SEED-%' AND d.code NOT IN "
            "(SELECT dossier_code FROM dossier_events)"
        ).fetchone()
    finally:
        store.close()
    if total != distinct:
        out.problems.append(f"{total - distinct} events stored more than once")
    if d_total != d_distinct:
        out.problems.append(f"{d_total - d_distinct} dossiers stored more than once")
    acked_events = {k for r in acked.values() if r.kind == "dossier_events" for k in r.keys}
    acked_dossiers = {k for r in acked.values() if r.kind == "dossiers" for k in r.keys}
    sent_events = {k for r in requests if r.kind == "dossier_events" for k in r.keys}
    sent_dossiers = {k for r in requests if r.kind == "dossiers" for k in r.keys}
    if missing := acked_events - events:
        out.problems.append(f"{len(missing)} acknowledged events lost, e.g. {sorted(missing)[:5]}")
    if missing := acked_dossiers - dossiers:
        out.problems.append(f"{len(missing)} acknowledged dossiers lost, e.g. {sorted(missing)[:5]}")
    if extra := (events - sent_events) | (dossiers - sent_dossiers):
        out.problems.append(f"{len(extra)} records stored that were never sent")
    if facts is not None and facts[0] and len(acked_events) == len(sent_events):
        out.problems.append(f"{facts[0]} seeded dossiers have no event although all were acknowledged")


def snapshot(db: str) -> list[tuple[Any, ...]]:
    """Every event and dossier row (without write times), to compare states."""
    store = Store.open(db, read_only=True)
    try:
        rows: list[tuple[Any, ...]] = []
        for table, order in (("dossier_events", "event_id"), ("dossiers", "code")):
            listed = store.con.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() "
                "AND table_name = ? ORDER BY ordinal_position",
                [table],
            ).fetchall()
            cols = [str(r[0]) for r in listed if r[0] != "written_at"]
            rows += store.con.execute(f"SELECT {', '.join(cols)} FROM {table} ORDER BY {order}").fetchall()
        return rows
    finally:
        store.close()


def run_durability(
    workdir: Path,
    *,
    db: str | None = None,
    events: int = 10_000,
    kills: int = 3,
    batch: int = 50,
    workers: int = 6,
    seed: int = 766,
    kill_window: tuple[float, float] = (0.3, 1.5),
) -> Outcome:
    """Drive the load with ``kills`` SIGKILLs at random moments, finish it, verify, replay, verify again.

    ``db``: the store (default: a DuckDB file in ``workdir``; a ``postgresql://`` URL for PostgreSQL, whose schema
    must not exist yet or be empty)."""
    rng = random.Random(seed)
    db = db or str(workdir / "durability.duckdb")
    token = make_store(db)
    requests = make_load(events, batch, rng)
    out = Outcome(
        events_sent=events,
        dossiers_sent=sum(len(r.records) for r in requests if r.kind == "dossiers"),
        requests=len(requests),
    )
    pending = collections.deque(requests)
    acked: dict[int, Request] = {}
    lock = threading.Lock()
    server = Server(db, workdir / "serve.log")
    began = time.perf_counter()
    try:
        server.start()
        cycle = 0
        while pending:
            kill_after = rng.uniform(*kill_window) if cycle < kills else None
            out.in_flight_at_kill += _drive(server, token, pending, acked, out, workers, kill_after, lock)
            cycle += 1
            if server.proc is not None and server.proc.poll() is not None:
                server.start()  # same store after SIGKILL: DuckDB replays its write-ahead log; PostgreSQL kept it
                out.restarts += 1
            if cycle > kills + 50:  # pragma: no cover - a server that never finishes the load
                out.problems.append("load did not finish")
                break
        out.acked = len(acked)
        server.stop()
        verify(db, requests, acked, out)
        # Retrying is safe: replay every request once more on a fresh server; no row may change.
        before = snapshot(db)
        server.start()
        replay = collections.deque(requests)
        again: dict[int, Request] = {}
        _drive(server, token, replay, again, out, workers, None, lock)
        server.stop()
        if snapshot(db) != before:
            out.problems.append("replaying acknowledged requests changed stored rows")
    finally:
        server.kill()
    out.seconds = time.perf_counter() - began
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--events", type=int, default=60_000)
    ap.add_argument("--kills", type=int, default=12)
    ap.add_argument("--batch", type=int, default=50)
    ap.add_argument("--workers", type=int, default=6)
    ap.add_argument("--seed", type=int, default=766)
    ap.add_argument("--db", default=None, help="a postgresql:// URL (default: a DuckDB file in a temporary folder)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="chiso-durability-") as tmp:
        out = run_durability(
            Path(tmp),
            db=args.db,
            events=args.events,
            kills=args.kills,
            batch=args.batch,
            workers=args.workers,
            seed=args.seed,
        )
    print(f"store                  {'PostgreSQL' if args.db else 'DuckDB'}")
    print(f"events sent            {out.events_sent:>8}")
    print(f"dossiers sent          {out.dossiers_sent:>8}")
    print(f"requests               {out.requests:>8}  (attempts {out.attempts}, retried {out.retried})")
    print(f"SIGKILLs under load    {out.kills:>8}  (restarts {out.restarts})")
    print(f"answers lost to kills  {out.in_flight_at_kill:>8}")
    print(f"seconds                {out.seconds:>8.1f}")
    print(f"refused (4xx)          {len(out.refused):>8}")
    for p in out.refused[:5]:
        print("   ", p)
    print("problems:", "none" if not out.problems else "")
    for p in out.problems:
        print("   ", p)
    sys.exit(1 if out.problems or out.refused else 0)


if __name__ == "__main__":
    main()
