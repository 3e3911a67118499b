"""Distributed engine benchmark: a whole-country month exported as Parquet and scored by Spark in local mode.

Usage:
    .venv/bin/python benchmarks/synth_country.py /tmp/country.duckdb 10000000
    .venv/bin/python -W ignore benchmarks/spark_bench.py --db /tmp/country.duckdb --out /tmp/country-parquet
    .venv/bin/python -W ignore benchmarks/spark_bench.py --data /tmp/country-parquet      # snapshot already there

Prints the export time, Spark's session start, the first and best-of-N whole-country scoring (all units, all
indicators: counts on Spark, then the same pure scoring and ranking as the embedded engine), the peak memory of
this process and of Spark's JVM, and — with ``--check`` — whether every unit's counts equal the embedded engine's.
The figures go into BENCHMARKS.md by hand, with the command and the machine.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import sys
import time
from pathlib import Path
from typing import Any

from chiso.compute.spark import java_version, open_snapshot, score_snapshot, spark_session
from chiso.timeutil import VN_TZ

AS_OF = dt.datetime(2026, 11, 28, 9, tzinfo=VN_TZ)  # the engine benchmark's instant


def _jvm_peak_mb(session: Any) -> float | None:
    """Peak resident memory of the local Spark JVM (``VmHWM``), when it runs on this machine."""
    try:
        pid = session.sparkContext._gateway.proc.pid
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except (AttributeError, OSError, ValueError):
        return None
    return None


def bench_spark(
    data: str | Path,
    *,
    period: str = "2026-10",
    as_of: dt.datetime = AS_OF,
    repeat: int = 2,
    master: str = "local[2]",
    driver_memory: str = "8g",
    check_db: str | None = None,
) -> dict[str, float | None]:
    """Time Spark-local scoring of the snapshot in ``data``; print and return seconds and peak memory (MB).

    ``check_db``: a store to compare every unit's counts with (the embedded engine, same period and instant)."""
    t0 = time.perf_counter()
    session = spark_session(master, {"spark.driver.memory": driver_memory})
    start_s = time.perf_counter() - t0
    snapshot = open_snapshot(data, session)
    rows = snapshot.manifest.rows
    print(
        f"machine: {os.cpu_count()} cores; Spark {session.version} master {master}, driver memory {driver_memory}; "
        f"snapshot: {rows.get('dossiers', 0):,} dossiers, {rows.get('units', 0):,} units"
    )
    print(f"spark session start: {start_s:.1f} s")
    runs = []
    result = None
    for _ in range(max(repeat, 1)):
        t0 = time.perf_counter()
        result = score_snapshot(snapshot, period, as_of=as_of)
        runs.append(time.perf_counter() - t0)
    assert result is not None
    print(
        f"spark-local: all {len(result.scores):,} units scored and ranked, {period}: first {runs[0]:.2f} s, "
        f"best {min(runs):.2f} s of {len(runs)}"
    )
    if check_db is not None:
        from chiso.compute.engine import compute_counts
        from chiso.store import Store

        with Store.open(check_db, read_only=True) as store:
            expected = compute_counts(store, period, as_of=as_of).sort_by("unit_code")
        same = expected.to_pylist() == result.counts.to_pylist()
        print(f"counts equal to the embedded engine's for every unit and key: {'yes' if same else 'NO'}")
        if not same:
            raise SystemExit(1)
    py_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    jvm_mb = _jvm_peak_mb(session)
    print(f"peak RSS: python {py_mb:,.0f} MB; Spark JVM {'—' if jvm_mb is None else f'{jvm_mb:,.0f} MB'}")
    session.stop()
    return {"start_s": start_s, "first_s": runs[0], "best_s": min(runs), "python_mb": py_mb, "jvm_mb": jvm_mb}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", help="store to export first (chiso export --parquet)")
    ap.add_argument("--out", default="/tmp/chiso-bench/country-parquet", help="where to write the snapshot")
    ap.add_argument("--data", help="an existing snapshot (skips the export)")
    ap.add_argument("--period", default="2026-10")
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--master", default="local[2]")
    ap.add_argument("--driver-memory", default="8g")
    ap.add_argument("--check", action="store_true", help="compare the counts with the embedded engine (needs --db)")
    ap.add_argument("--json", help="also write the figures to this file (for benchmarks/run.py's summary)")
    args = ap.parse_args()

    java = java_version()
    if java is None or java < 17:
        print(f"spark benchmark skipped: Spark needs Java >= 17 (found: {java}); run `make java`")
        return
    data = args.data
    if data is None:
        if args.db is None:
            sys.exit("--db STORE or --data SNAPSHOT is required")
        from chiso.compute.snapshot import export_parquet
        from chiso.store import Store

        with Store.open(args.db, read_only=True) as store:
            t0 = time.perf_counter()
            manifest = export_parquet(store, args.out, period=args.period, exported_at=AS_OF)
            print(f"export ({args.period}): {time.perf_counter() - t0:.1f} s, rows {manifest.rows}")
        data = args.out
    figures = bench_spark(
        data,
        period=args.period,
        repeat=args.repeat,
        master=args.master,
        driver_memory=args.driver_memory,
        check_db=args.db if args.check else None,
    )
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=1))


if __name__ == "__main__":
    main()
