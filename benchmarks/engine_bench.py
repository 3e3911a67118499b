"""Engine benchmark: whole-country monthly scoring and one commune's live score, against plain pandas.

Usage:
    .venv/bin/python benchmarks/engine_bench.py --db /tmp/country.duckdb --dossiers 10000000
    .venv/bin/python benchmarks/engine_bench.py --db /tmp/country.duckdb --reuse   # data already generated

Prints figures and ratios; the results go into BENCHMARKS.md by hand with the command that produced them.
The pandas reference (benchmarks/pandas_reference.py) is the whole computation written as plain pandas: every
counting key of every unit, rolled up the tree, scored and ranked. Its counts are checked equal to the engine's for
every unit and key before any ratio is printed.
"""

from __future__ import annotations

import argparse
import datetime as dt
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


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", default="/tmp/chiso-bench/country.duckdb")
    ap.add_argument("--dossiers", type=int, default=1_000_000, help="target dossiers in the month")
    ap.add_argument("--reuse", action="store_true", help="use the data already in --db")
    ap.add_argument("--period", default="2026-10")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--live-samples", type=int, default=100)
    args = ap.parse_args()

    period = Period.parse(args.period)
    as_of = dt.datetime(2026, 11, 28, 9, tzinfo=VN_TZ)
    Path(args.db).parent.mkdir(parents=True, exist_ok=True)
    if not args.reuse:
        from chiso.generate import generate_country

        for suffix in ("", ".wal"):
            Path(args.db + suffix).unlink(missing_ok=True)
        with Store.open(args.db) as store:
            t0 = time.perf_counter()
            generate_country(store, months=1, seed=1, end=period.end, target_dossiers=args.dossiers)
            print(f"generated in {time.perf_counter() - t0:.1f} s")
    store = Store.open(args.db)
    store.con.execute("SET enable_progress_bar = false")
    n = store.con.execute(
        "SELECT count(*) FROM dossiers WHERE received_day BETWEEN ? AND ?", [period.start, period.end]
    ).fetchone()
    units = store.count("units")
    print(f"machine: {os.cpu_count()} cores; dossiers in {period.key}: {n[0] if n else 0:,}; units: {units:,}")

    # Warm up (compile once), then time whole-country scoring.
    score_units_in_store(store, period, as_of=as_of)
    runs = []
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        scores = score_units_in_store(store, period, as_of=as_of)
        runs.append(time.perf_counter() - t0)
    engine_s = min(runs)
    print(f"engine (DuckDB): all {len(scores):,} units, 22 indicators: best {engine_s:.2f} s of {args.repeat}")

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
    print(f"one commune ({code}) live score: p50 {p50:.1f} ms, p99 {p99:.1f} ms")

    m = resolve_methodology(None)
    window = make_window(period, as_of, m)
    counts = compute_counts(store, period, as_of=as_of).to_pandas().set_index("unit_code").sort_index()
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
    print(f"peak RSS: {peak_rss_mb():.0f} MB")


if __name__ == "__main__":
    main()
