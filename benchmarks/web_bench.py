"""Web benchmark: ingest over HTTP on loopback (events/s, p50/p99 latency) and page latency for a province of
100+ units with a year of data.

Usage:
    .venv/bin/python benchmarks/web_bench.py --db /tmp/web-bench.duckdb            # generate, then measure
    .venv/bin/python benchmarks/web_bench.py --db /tmp/web-bench.duckdb --reuse    # data already generated
    # PostgreSQL: copy the generated store there (benchmarks/pg_load.py), then measure it the same way
    .venv/bin/python benchmarks/web_bench.py --db /tmp/web-bench.duckdb --prepare-only
    .venv/bin/python benchmarks/pg_load.py /tmp/web-bench.duckdb 'postgresql://…/chiso?schema=web'
    .venv/bin/python benchmarks/web_bench.py --db 'postgresql://…/chiso?schema=web' --reuse

Everything runs on this machine: the server (uvicorn, one process, as ``chiso serve`` runs it) listens on
127.0.0.1 only, and every loop is bounded in requests and in time. The clock is pinned to the data's last day so
that runs compare. Figures go into BENCHMARKS.md ("## Web") by hand, with the command and the machine.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import datetime as dt
import json
import multiprocessing
import os
import platform
import socket
import statistics
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import uvicorn

from chiso.auth import create_token
from chiso.store import Store
from chiso.timeutil import VN_TZ
from chiso.web import Settings, create_app

HOST = "127.0.0.1"  # loopback only, never another address
PROVINCE = "19"
END = dt.date(2026, 11, 18)
NOW = dt.datetime.combine(END, dt.time(10, 0), tzinfo=VN_TZ)


def percentile(values: list[float], q: float) -> float:
    """The q-quantile (0..1) of ``values`` (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


def _serve_process(db: str, port: int) -> None:
    """The server process: the app over the store file on 127.0.0.1, as ``chiso serve`` runs it."""
    store = Store.open(db)
    app = create_app(Settings(clock=lambda: NOW), store=store)
    uvicorn.run(app, host=HOST, port=port, log_level="warning")


@contextmanager
def serve(db: str) -> Iterator[str]:
    """Run the server in its own process (so the load generator does not share its interpreter) and wait until
    it answers; stop it afterwards."""
    port = free_port()
    process = multiprocessing.get_context("spawn").Process(target=_serve_process, args=(db, port), daemon=True)
    process.start()
    base = f"http://{HOST}:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            if httpx.get(f"{base}/healthz", timeout=2).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        if time.monotonic() > deadline or not process.is_alive():
            raise RuntimeError("server did not start")
        time.sleep(0.1)
    try:
        yield base
    finally:
        process.terminate()
        process.join(timeout=15)


def prepare(db: str, dossiers: int, reuse: bool) -> Store:
    """The benchmark store: one province, 12 months ending on END."""
    if db.startswith(("postgresql://", "postgres://")) and not reuse:
        raise SystemExit("PostgreSQL: copy a generated store there first (benchmarks/pg_load.py), then pass --reuse")
    if not reuse:
        for suffix in ("", ".wal"):
            Path(db + suffix).unlink(missing_ok=True)
    store = Store.open(db)
    if not reuse:
        from chiso.generate import generate_province

        t = time.perf_counter()
        print(generate_province(store, PROVINCE, months=12, seed=766, end=END, target_dossiers=dossiers))
        print(f"(generated in {time.perf_counter() - t:.1f} s)")
    return store


def open_dossiers(store: Store, limit: int) -> list[tuple[str, str]]:
    """(dossier code, commune code) of dossiers still in process: the ones events arrive for."""
    return [
        (str(c), str(u))
        for c, u in store.con.execute(
            "SELECT d.code, d.unit_code FROM dossiers d JOIN dossier_facts f ON f.dossier_code = d.code "
            "JOIN units u ON u.code = d.unit_code WHERE f.terminal_state IS NULL AND u.level = 'commune' "
            "ORDER BY d.code LIMIT ?",
            [limit],
        ).fetchall()
    ]


def ingest(
    base: str,
    targets: list[tuple[str, str]],
    tokens: dict[str, str],
    *,
    requests: int,
    batch: int,
    workers: int,
    max_seconds: float,
    tag: str,
) -> dict[str, float]:
    """Post ``requests`` event requests of ``batch`` events each from ``workers`` concurrent senders (each its own
    connection, as one-stop systems would). Bounded by count and by ``max_seconds``."""
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    counter = iter(range(requests))
    stop_at = time.monotonic() + max_seconds

    def worker(w: int) -> None:
        nonlocal errors
        with httpx.Client(timeout=30) as client:
            for i in counter:
                if time.monotonic() > stop_at:
                    return
                code, unit = targets[(i * 7919) % len(targets)]
                body = [
                    {
                        "MaSuKien": f"bench-{tag}-{i}-{k}",
                        "LoaiSuKien": "forwarded",
                        "ThoiGian": (NOW - dt.timedelta(minutes=k + 1)).isoformat(),
                    }
                    for k in range(batch)
                ]
                t = time.perf_counter()
                r = client.post(
                    f"{base}/api/v1/dossiers/{code}/events",
                    json=body[0] if batch == 1 else body,
                    headers={"Authorization": f"Bearer {tokens[unit]}"},
                )
                elapsed = time.perf_counter() - t
                with lock:
                    latencies.append(elapsed)
                    if r.status_code != 200:
                        errors += 1

    t0 = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(workers) as pool:
        list(pool.map(worker, range(workers)))
    wall = time.perf_counter() - t0
    n = len(latencies)
    return {
        "requests": n,
        "events": n * batch,
        "seconds": wall,
        "events_per_s": n * batch / wall,
        "requests_per_s": n / wall,
        "p50_ms": 1000 * percentile(latencies, 0.5),
        "p99_ms": 1000 * percentile(latencies, 0.99),
        "max_ms": 1000 * max(latencies),
        "errors": errors,
    }


def page_latency(base: str, url: str, repeats: int, before: Callable[[], None] | None = None) -> dict[str, float]:
    """Latency of GET ``url``: ``before`` runs ahead of each request (e.g. a write that invalidates caches)."""
    times = []
    with httpx.Client(timeout=60) as client:
        client.get(base + url)  # first view: compiles the queries once per process
        for _ in range(repeats):
            if before is not None:
                before()
            t = time.perf_counter()
            r = client.get(base + url)
            times.append(time.perf_counter() - t)
            assert r.status_code == 200, (url, r.status_code)
    return {
        "p50_ms": 1000 * statistics.median(times),
        "p99_ms": 1000 * percentile(times, 0.99),
        "max_ms": 1000 * max(times),
    }


def live_latency(base: str, unit: str, code: str, token: str, rounds: int) -> dict[str, float]:
    """Seconds from posting an event to an open page having its fresh content: the SSE notice reaches the page's
    stream, then the page fetches itself again (what chiso.js does)."""
    notices: list[float] = []
    arrived = threading.Event()
    ready = threading.Event()

    def listen() -> None:
        with (
            httpx.Client(timeout=120) as client,
            client.stream("GET", f"{base}/api/v1/live", params={"unit": unit}) as response,
        ):
            for line in response.iter_lines():
                if line.startswith("event: hello"):
                    ready.set()
                elif line.startswith("event: changed"):
                    notices.append(time.perf_counter())
                    arrived.set()
                    if len(notices) >= rounds:
                        return

    threading.Thread(target=listen, daemon=True).start()
    ready.wait(30)
    totals = []
    with httpx.Client(timeout=60) as client:
        for i in range(rounds):
            arrived.clear()
            t = time.perf_counter()
            client.post(
                f"{base}/api/v1/dossiers/{code}/events",
                json={
                    "MaSuKien": f"bench-live-{i}-{time.time_ns()}",
                    "LoaiSuKien": "forwarded",
                    "ThoiGian": NOW.isoformat(),
                },
                headers={"Authorization": f"Bearer {token}"},
            ).raise_for_status()
            if not arrived.wait(30):
                raise RuntimeError("no live notice")
            client.get(f"{base}/units/{unit}").raise_for_status()
            totals.append(time.perf_counter() - t)
    return {"p50_ms": 1000 * statistics.median(totals), "max_ms": 1000 * max(totals)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", default="/tmp/chiso-web-bench.duckdb")
    parser.add_argument("--dossiers", type=int, default=150_000, help="dossiers over the 12 months")
    parser.add_argument("--reuse", action="store_true")
    parser.add_argument("--requests", type=int, default=6000, help="single-event requests (bounded)")
    parser.add_argument("--workers", type=int, default=32, help="concurrent senders")
    parser.add_argument("--max-seconds", type=float, default=60.0, help="time bound of each ingest run")
    parser.add_argument("--repeats", type=int, default=15, help="requests per page measurement")
    parser.add_argument("--ingest-only", action="store_true", help="measure ingest, skip the pages")
    parser.add_argument("--prepare-only", action="store_true", help="generate the store, measure nothing")
    parser.add_argument("--json", help="also write the figures to this file (for benchmarks/run.py's summary)")
    args = parser.parse_args()
    figures: dict[str, object] = {"db": args.db, "ingest": {}, "pages": {}}

    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    store = prepare(args.db, args.dossiers, args.reuse)
    if args.prepare_only:
        store.close()
        return
    figures["backend"] = store.backend
    print(f"store backend: {'DuckDB' if store.backend == 'duckdb' else 'PostgreSQL'} ({store.display_location})")
    counts = store.counts()
    units = store.con.execute("SELECT level, count(*) FROM units GROUP BY 1 ORDER BY 1").fetchall()
    print(f"store: {counts}; units {dict(units)}")
    targets = open_dossiers(store, 5000)
    communes = sorted({u for _, u in targets})
    tokens = {u: create_token(store, u, "web_bench")[1] for u in communes}
    commune = communes[0]
    department = store.con.execute("SELECT code FROM units WHERE level = 'department' ORDER BY code").fetchone()
    store.close()  # the server process opens the file (DuckDB: one writing process)
    try:
        measure(args, figures, targets, tokens, commune, department)
    finally:
        if args.json:
            Path(args.json).write_text(json.dumps(figures, indent=1))


def measure(
    args: argparse.Namespace,
    figures: dict[str, object],
    targets: list[tuple[str, str]],
    tokens: dict[str, str],
    commune: str,
    department: tuple[object, ...] | None,
) -> None:
    """Run the server over ``args.db`` and measure ingest, then (unless ``--ingest-only``) the pages."""
    ingest_figures: dict[str, object] = {}
    page_figures: dict[str, object] = {}
    figures.update(ingest=ingest_figures, pages=page_figures)
    with serve(args.db) as base:
        print("\n## ingest over HTTP (127.0.0.1)")
        print("| mode | senders | requests | events | events/s | p50 ms | p99 ms | max ms | errors |")
        print("|---|---|---|---|---|---|---|---|---|")
        for label, batch, workers, n in (
            ("1 event / request", 1, args.workers, args.requests),
            ("1 event / request, 1 sender", 1, 1, min(args.requests, 1000)),
            ("20 events / request", 20, 4, max(1, args.requests // 4)),
            ("50 events / request", 50, 4, max(1, args.requests // 10)),
            ("50 events / request, 2 senders", 50, 2, max(1, args.requests // 10)),
            ("100 events / request", 100, 2, max(1, args.requests // 20)),
            ("100 events / request, 1 sender", 100, 1, max(1, args.requests // 20)),
        ):
            r = ingest(
                base,
                targets,
                tokens,
                requests=n,
                batch=batch,
                workers=workers,
                max_seconds=args.max_seconds,
                tag=f"{label}-{time.time_ns()}",
            )
            ingest_figures[label] = r
            print(
                f"| {label} | {workers} | {r['requests']:.0f} | {r['events']:.0f} | {r['events_per_s']:,.0f} | "
                f"{r['p50_ms']:.1f} | {r['p99_ms']:.1f} | {r['max_ms']:.1f} | {r['errors']:.0f} |"
            )

        if args.ingest_only:
            return
        print("\n## pages (one province: 1 + departments + communes, 12 months)")
        pages = {
            "overview (province)": f"/overview/{PROVINCE}",
            "unit page (province)": f"/units/{PROVINCE}",
            "unit page (commune)": f"/units/{commune}",
            "unit page (department)": f"/units/{department[0] if department else commune}",
            "indicator page + records": f"/units/{commune}/indicators/PROGRESS_ON_TIME",
            "API scores (commune)": f"/api/v1/units/{commune}/scores",
            "API children (province)": f"/api/v1/units/{PROVINCE}/children",
            "API trend 12 periods": f"/api/v1/units/{commune}/trend?n=12",
            "API early warnings (province)": f"/api/v1/units/{PROVINCE}/warnings",
        }
        code, unit = next((c, u) for c, u in targets if u == commune)
        seq = iter(range(10**9))

        def write_in_commune() -> None:
            httpx.post(
                f"{base}/api/v1/dossiers/{code}/events",
                json={
                    "MaSuKien": f"bench-page-{next(seq)}-{time.time_ns()}",
                    "LoaiSuKien": "forwarded",
                    "ThoiGian": NOW.isoformat(),
                },
                headers={"Authorization": f"Bearer {tokens[unit]}"},
                timeout=30,
            ).raise_for_status()

        live = live_latency(base, unit, code, tokens[unit], 20)
        figures["live"] = live
        print(
            f"\nlive update (post → SSE notice → page fetched again): p50 {live['p50_ms']:.0f} ms, "
            f"max {live['max_ms']:.0f} ms\n"
        )
        print("| page | repeat view p50 / p99 ms | after an event in the commune p50 / p99 ms |")
        print("|---|---|---|")
        for label, url in pages.items():
            warm = page_latency(base, url, args.repeats)
            cold = page_latency(base, url, max(3, args.repeats // 3), before=write_in_commune)
            page_figures[label] = {"repeat": warm, "after_event": cold}
            print(
                f"| {label} | {warm['p50_ms']:.0f} / {warm['p99_ms']:.0f} | "
                f"{cold['p50_ms']:.0f} / {cold['p99_ms']:.0f} |"
            )


if __name__ == "__main__":
    main()
