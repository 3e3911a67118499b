"""Engine benchmark: whole-country monthly scoring and one commune's live score, against plain pandas.

Usage:
    .venv/bin/python benchmarks/engine_bench.py --db /tmp/country.duckdb --dossiers 10000000
    .venv/bin/python benchmarks/engine_bench.py --db /tmp/country.duckdb --reuse   # data already generated
    # the same month in PostgreSQL (benchmarks/pg_load.py copies it there), checked against the DuckDB store:
    .venv/bin/python benchmarks/engine_bench.py --db 'postgresql://…/chiso?schema=country' --reuse \
        --no-pandas --same-as /tmp/country.duckdb

Prints figures and ratios; the results go into BENCHMARKS.md by hand with the command that produced them.
The pandas reference (benchmarks/pandas_reference.py) is the whole computation written as plain pandas: every
counting key of every unit, rolled up the tree, scored and ranked. Its counts are checked equal to the engine's for
every unit and key before any ratio is printed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import statistics
import time
from pathlib import Path

import pandas_reference as ref

from chiso.compute.engine import compute_counts, make_window, resolve_methodology, score_units_in_store
from chiso.compute.period import Period
from chiso.store import Store
from chiso.timeutil import VN_TZ


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def server_peak_mb(store: Store) -> float | None:
    """Peak resident memory (VmHWM) of this session's PostgreSQL backend process, when the server runs on this
    machine. It includes the shared buffers the backend touched; parallel workers are separate processes."""
    if store.backend != "postgres":
        return None
    row = store.con.execute_native("SELECT pg_backend_pid()").fetchone()
    try:
        for line in Path(f"/proc/{row[0] if row else 0}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except (OSError, ValueError):
        return None
    return None


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", default="/tmp/chiso-bench/country.duckdb")
    ap.add_argument("--dossiers", type=int, default=1_000_000, help="target dossiers in the month")
    ap.add_argument("--reuse", action="store_true", help="use the data already in --db")
    ap.add_argument("--period", default="2026-10")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--live-samples", type=int, default=100)
    ap.add_argument("--no-pandas", action="store_true", help="skip the pandas reference (measured on DuckDB)")
    ap.add_argument("--same-as", help="another store holding the same data: every unit's counts must be equal")
    ap.add_argument("--json", help="also write the figures to this file (for benchmarks/run.py's summary)")
    args = ap.parse_args()
    figures: dict[str, object] = {"db": args.db}

    period = Period.parse(args.period)
    as_of = dt.datetime(2026, 11, 28, 9, tzinfo=VN_TZ)
    on_duckdb = not args.db.startswith(("postgresql://", "postgres://"))
    if on_duckdb:
        Path(args.db).parent.mkdir(parents=True, exist_ok=True)
    if not args.reuse:
        if not on_duckdb:
            raise SystemExit("PostgreSQL: load the data first (benchmarks/pg_load.py), then pass --reuse")
        from chiso.generate import generate_country

        for suffix in ("", ".wal"):
            Path(args.db + suffix).unlink(missing_ok=True)
        with Store.open(args.db) as store:
            t0 = time.perf_counter()
            generate_country(store, months=1, seed=1, end=period.end, target_dossiers=args.dossiers)
            print(f"generated in {time.perf_counter() - t0:.1f} s")
    store = Store.open(args.db)
    if store.backend == "duckdb":
        store.con.execute("SET enable_progress_bar = false")
    backend = "DuckDB" if store.backend == "duckdb" else "PostgreSQL"
    figures["backend"] = store.backend
    n = store.con.execute(
        "SELECT count(*) FROM dossiers WHERE received_day BETWEEN ? AND ?", [period.start, period.end]
    ).fetchone()
    units = store.count("units")
    print(f"machine: {os.cpu_count()} cores; dossiers in {period.key}: {n[0] if n else 0:,}; units: {units:,}")
    figures.update(dossiers=n[0] if n else 0, units=units)

    # Warm up (compile once), then time whole-country scoring.
    score_units_in_store(store, period, as_of=as_of)
    runs = []
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        scores = score_units_in_store(store, period, as_of=as_of)
        runs.append(time.perf_counter() - t0)
    engine_s = min(runs)
    print(
        f"engine ({backend}): all {len(scores):,} units, 22 indicators: first {runs[0]:.2f} s, "
        f"best {engine_s:.2f} s of {args.repeat}"
    )
    figures.update(engine_s=engine_s, engine_first_s=runs[0])

    # The engine's live latency first: the pandas frames loaded below hold millions of Python objects, whose
    # garbage collection passes would land in the engine's figures if measured in the same heap afterwards.
    commune = store.con.execute(
        "SELECT unit_code FROM dossiers WHERE received_day BETWEEN ? AND ? "
        "GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1",
        [period.start, period.end],
    ).fetchone()
    assert commune is not None
    code = commune[0]
    lat = []
    score_units_in_store(store, period, as_of=as_of, units=[code])
    for i in range(args.live_samples):
        instant = as_of + dt.timedelta(minutes=i)
        t0 = time.perf_counter()
        score_units_in_store(store, period, as_of=instant, units=[code])
        lat.append((time.perf_counter() - t0) * 1000)
    lat.sort()
    p50 = statistics.median(lat)
    p99 = lat[min(len(lat) - 1, int(len(lat) * 0.99))]
    print(f"one commune ({code}) live score ({backend}): p50 {p50:.1f} ms, p99 {p99:.1f} ms")
    figures.update(live_p50_ms=p50, live_p99_ms=p99, engine_peak_mb=peak_rss_mb(), server_peak_mb=server_peak_mb(store))
    server = figures["server_peak_mb"]
    print(
        f"peak RSS after the engine runs: this process {peak_rss_mb():.0f} MB"
        + (f"; PostgreSQL backend {server:.0f} MB (VmHWM, shared buffers it touched included)" if server else "")
    )

    m = resolve_methodology(None)
    window = make_window(period, as_of, m)
    counts = compute_counts(store, period, as_of=as_of).to_pandas().set_index("unit_code").sort_index()
    if args.same_as:
        with Store.open(args.same_as, read_only=True) as other:
            theirs_counts = compute_counts(other, period, as_of=as_of).to_pandas().set_index("unit_code").sort_index()
        same = counts.index.equals(theirs_counts.index) and all(
            (counts[c].to_numpy() == theirs_counts.loc[counts.index, c].to_numpy()).all() for c in counts.columns
        )
        print(f"counts equal to {args.same_as}'s for every unit and key: {'yes' if same else 'NO'}")
        if not same:
            raise SystemExit(1)
    if args.no_pandas:
        _write(args.json, figures)
        return
    t0 = time.perf_counter()
    frames = ref.load(store, window.start, window.end)
    load_s = time.perf_counter() - t0
    pandas_runs = []
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        theirs = ref.counts(frames, window)
        scored = ref.score(theirs, frames, m)
        pandas_runs.append(time.perf_counter() - t0)
    pandas_s = min(pandas_runs)
    # Same numbers: every counting key, every unit.
    theirs = theirs.loc[counts.index, counts.columns]
    mismatched = [c for c in counts.columns if not (counts[c].to_numpy() == theirs[c].to_numpy()).all()]
    assert not mismatched, f"pandas and the engine disagree on {mismatched}"
    ours = {s.id: s for s in scores}
    worst = max(abs(ours[u].total - float(scored.loc[u, "total"])) for u in ours)
    print(
        f"pandas (all {len(counts.columns) // 2} counting keys, scored, ranked): best {pandas_s:.2f} s of "
        f"{args.repeat} + load {load_s:.2f} s; counts identical for every unit and key; largest total difference "
        f"{worst:.2f} (float rounding)"
    )
    print(f"ratio pandas / engine, data in memory (compute only): {pandas_s / engine_s:.1f}×")
    print(f"ratio pandas / engine, from the store (load + compute): {(pandas_s + load_s) / engine_s:.1f}×")

    in_memory, pushed = [], []
    for _ in range(20):
        t0 = time.perf_counter()
        one = ref.counts(frames, window, [code])
        ref.score(one, frames, m)
        in_memory.append((time.perf_counter() - t0) * 1000)
        t0 = time.perf_counter()
        sub = ref.load(store, window.start, window.end, unit=code)
        one2 = ref.counts(sub, window, [code])
        ref.score(one2, sub, m)
        pushed.append((time.perf_counter() - t0) * 1000)
    for got in (one, one2):
        assert (got.loc[code, counts.columns].to_numpy() == counts.loc[code].to_numpy()).all()
    a_ms, b_ms = statistics.median(in_memory), statistics.median(pushed)
    print(f"pandas, one commune, frames in memory: p50 {a_ms:.1f} ms; ratio {a_ms / p50:.1f}×")
    print(f"pandas, one commune, its rows loaded from the store: p50 {b_ms:.1f} ms; ratio {b_ms / p50:.1f}×")
    print(f"peak RSS with the pandas frames loaded: {peak_rss_mb():.0f} MB")
    figures.update(
        pandas_s=pandas_s,
        pandas_load_s=load_s,
        pandas_live_in_memory_ms=a_ms,
        pandas_live_from_store_ms=b_ms,
        pandas_peak_mb=peak_rss_mb(),
    )
    _write(args.json, figures)


def _write(path: str | None, figures: dict[str, object]) -> None:
    if path:
        Path(path).write_text(json.dumps(figures, indent=1))


if __name__ == "__main__":
    main()
