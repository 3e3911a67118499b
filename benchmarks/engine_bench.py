"""Engine benchmark: whole-country monthly scoring and one commune's live score, against plain pandas.

Usage:
    .venv/bin/python benchmarks/engine_bench.py --db /tmp/country.duckdb --dossiers 10000000
    .venv/bin/python benchmarks/engine_bench.py --db /tmp/country.duckdb --reuse   # data already generated

Prints figures and ratios; the results go into BENCHMARKS.md by hand with the command that produced them.
The pandas reference computes the same dossier-level counts (on time per spec §3, synced, online, paid online,
satisfied, digitised …) per unit and rolls them up the tree; procedure-level distinct counts are left to the engine.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import resource
import statistics
import time
from pathlib import Path

import numpy as np
import pandas as pd

from chiso.compute.engine import compute_counts, score_units_in_store
from chiso.compute.metrics import DOSSIER_KEYS
from chiso.compute.period import Period
from chiso.store import Store
from chiso.timeutil import VN_TZ


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def pandas_counts(
    store: Store, period: Period, as_of: dt.datetime, unit: str | None = None
) -> tuple[pd.DataFrame, float, float]:
    """The dossier counting keys computed with pandas (for one unit's rows when ``unit`` is given).
    Returns (counts, load seconds, compute seconds)."""
    t0 = time.perf_counter()
    d = store.con.execute(
        """
        SELECT d.code, d.unit_code, d.channel, d.received_at, d.synced, d.fee_required, d.digitised, d.e_result,
               d.reused_data, d.personal_storage, d.citizen_data, d.rating, d.complaint,
               d.due_s, d.terminal_s, d.supplement1_s, d.supplement1_done_s, d.supplement2_s,
               d.applicant_seconds, d.paid_online, p.issues_result
        FROM dossiers d
        LEFT JOIN procedures p ON p.authority_code = d.authority_code AND p.code = d.procedure_code
        WHERE d.received_day BETWEEN ? AND ? AND (? IS NULL OR d.unit_code = ?)
        """,
        [period.start, period.end, unit, unit],
    ).df()
    closure = store.con.execute("SELECT ancestor_code, unit_code FROM unit_closure").df()
    load = time.perf_counter() - t0

    t1 = time.perf_counter()
    judged_at = period.judged_at(as_of)
    a = int(as_of.timestamp())
    j = int(judged_at.timestamp())
    d = d[d.received_at < pd.Timestamp(judged_at)]
    terminal = (d.terminal_s <= a).fillna(False).astype(bool)
    second = (d.supplement2_s <= a).fillna(False).astype(bool)
    waiting = (d.supplement1_s <= a).fillna(False).astype(bool) & (d.supplement1_done_s > a).fillna(True).astype(bool)
    applicant = d.applicant_seconds.fillna(0).astype("int64")
    judged = np.where(
        terminal, d.terminal_s.fillna(0) - applicant, np.where(waiting, d.supplement1_s.fillna(0), j - applicant)
    )
    due_missing = d.due_s.isna()
    on_time = np.where(second, False, np.where(due_missing, True, judged <= d.due_s.fillna(0)))
    issues = d.issues_result.fillna(True).astype(bool)
    flags = pd.DataFrame(
        {
            "unit_code": d.unit_code,
            "dossiers_synced__num": d.synced,
            "dossiers_on_time__num": on_time,
            "dossiers_online__num": d.channel == "online",
            "fee_dossiers_paid_online__num": d.fee_required & d.paid_online.fillna(False).astype(bool),
            "fee_dossiers_paid_online__den": d.fee_required,
            "dossiers_satisfied__num": on_time & ~d.complaint & (d.rating.fillna("") != "unsatisfied"),
            "result_dossiers_with_e_result__num": issues & d.e_result,
            "result_dossiers_with_e_result__den": issues,
            "dossiers_digitised__num": d.digitised & (d.e_result | ~issues),
            "dossiers_reused_data__num": d.reused_data,
            "dossiers_personal_storage__num": d.personal_storage,
            "dossiers_citizen_data__num": d.citizen_data,
            "all__den": True,
        }
    )
    per_unit = flags.groupby("unit_code").sum(numeric_only=True)
    rolled = (
        closure.merge(per_unit, left_on="unit_code", right_index=True).groupby("ancestor_code").sum(numeric_only=True)
    )
    compute = time.perf_counter() - t1
    return rolled, load, compute


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

    counts = compute_counts(store, period, as_of=as_of).to_pandas().set_index("unit_code")
    rolled, load_s, pandas_s = pandas_counts(store, period, as_of)
    # Same numbers: every dossier key, every unit.
    for key in DOSSIER_KEYS:
        num = rolled[f"{key}__num"].astype("int64")
        den_col = f"{key}__den" if f"{key}__den" in rolled else "all__den"
        den = rolled[den_col].astype("int64")
        eng = counts.loc[num.index]
        assert (eng[f"{key}__num"].to_numpy() == num.to_numpy()).all(), key
        assert (eng[f"{key}__den"].to_numpy() == den.to_numpy()).all(), key
    print(f"pandas group-by (dossier keys only): compute {pandas_s:.2f} s (+ load {load_s:.2f} s); same counts")
    print(f"ratio pandas compute / engine full scoring: {pandas_s / engine_s:.1f}×")
    print(f"ratio pandas load+compute / engine: {(pandas_s + load_s) / engine_s:.1f}×")

    commune = store.con.execute(
        "SELECT unit_code FROM dossiers WHERE received_day BETWEEN ? AND ? GROUP BY 1 ORDER BY count(*) DESC LIMIT 1",
        [period.start, period.end],
    ).fetchone()
    assert commune is not None
    live = Period.containing(as_of.date())
    lat = []
    score_units_in_store(store, live, as_of=as_of, units=[commune[0]])
    for i in range(args.live_samples):
        instant = as_of + dt.timedelta(minutes=i)
        t0 = time.perf_counter()
        score_units_in_store(store, period, as_of=instant, units=[commune[0]])
        lat.append((time.perf_counter() - t0) * 1000)
    lat.sort()
    p50 = statistics.median(lat)
    p99 = lat[min(len(lat) - 1, int(len(lat) * 0.99))]
    print(f"one commune ({commune[0]}) live score: p50 {p50:.1f} ms, p99 {p99:.1f} ms")
    one = []
    for _ in range(20):
        _, load1, compute1 = pandas_counts(store, period, as_of, unit=commune[0])
        one.append((load1 + compute1) * 1000)
    pandas_one = statistics.median(one)
    print(
        f"pandas, one commune (load its rows + the same counts): p50 {pandas_one:.1f} ms; ratio {pandas_one / p50:.1f}×"
    )
    print(f"peak RSS: {peak_rss_mb():.0f} MB")


if __name__ == "__main__":
    main()
