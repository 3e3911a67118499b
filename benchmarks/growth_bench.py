"""Growth benchmark: how the cost of whole-country monthly scoring grows with the data (1×, 4×, 16×).

    .venv/bin/python benchmarks/growth_bench.py --base 1000000                       # DuckDB: 1, 4, 16 million
    .venv/bin/python benchmarks/growth_bench.py --base 100000 --pg 'postgresql://…/chiso' --pg-max 400000

For each scale the synthetic country (benchmarks/synth_country.py: every commune of Vietnam, one month) is built in
a fresh DuckDB file and scored (first run, then best of ``--repeat``); with ``--pg`` the same data is copied into a
PostgreSQL schema (benchmarks/pg_load.py) and scored there too, up to ``--pg-max`` dossiers. Every measurement runs
in its own process, so its peak RSS is its own. The figure to watch is the time per million dossiers: flat means
the cost grows linearly with the data; the fixed part (3,355 units, query planning) shows at small scales.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
PERIOD = "2026-10"


def measure(db: str, repeat: int) -> dict[str, float]:
    """Score the whole country in ``db`` (in this process): first run, best of ``repeat``, peak RSS."""
    from chiso.compute.engine import score_units_in_store
    from chiso.compute.period import Period
    from chiso.store import Store
    from chiso.timeutil import VN_TZ

    as_of = dt.datetime(2026, 11, 28, 9, tzinfo=VN_TZ)
    period = Period.parse(PERIOD)
    with Store.open(db) as store:
        if store.backend == "duckdb":
            store.con.execute("SET enable_progress_bar = false")
        runs = []
        for _ in range(repeat + 1):
            t0 = time.perf_counter()
            scores = score_units_in_store(store, period, as_of=as_of)
            runs.append(time.perf_counter() - t0)
    return {
        "units": len(scores),
        "first_s": runs[0],
        "best_s": min(runs[1:] or runs),
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def _child(*args: str) -> dict[str, float]:
    """Run this script's ``--measure`` mode in a fresh process and read its figures."""
    out = subprocess.run(
        [sys.executable, "-W", "ignore", __file__, *args], check=True, capture_output=True, text=True
    ).stdout
    return dict(json.loads(out.strip().splitlines()[-1]))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--base", type=int, default=1_000_000, help="dossiers at 1× (then 4× and 16×)")
    ap.add_argument("--factors", default="1,4,16")
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--pg", help="a PostgreSQL database URL: also score each scale there (a schema per scale)")
    ap.add_argument("--pg-max", type=int, default=1_000_000, help="largest scale (dossiers) copied to PostgreSQL")
    ap.add_argument("--dir", help="where to build the DuckDB files (default: a temporary directory, removed)")
    ap.add_argument("--json", help="also write the figures to this file (for benchmarks/run.py's summary)")
    ap.add_argument("--measure", help=argparse.SUPPRESS)  # internal: score this store, print JSON
    args = ap.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure, args.repeat)))
        return

    sys.path.insert(0, str(HERE))
    import pg_load

    from chiso.store.pg import split_url

    rows: list[dict[str, Any]] = []
    print("| backend | dossiers | scale | first s | best s | s per million dossiers | peak RSS MB |")
    print("|---|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory(prefix="chiso-growth-", dir=args.dir) as tmp:
        for factor in (int(f) for f in args.factors.split(",")):
            n = args.base * factor
            db = str(Path(tmp) / f"country-{n}.duckdb")
            t0 = time.perf_counter()
            subprocess.run(
                [sys.executable, "-W", "ignore", str(HERE / "synth_country.py"), db, str(n)],
                check=True,
                stdout=subprocess.DEVNULL,
            )
            build_s = time.perf_counter() - t0
            targets = [("duckdb", db)]
            if args.pg and n <= args.pg_max:
                server, _ = split_url(args.pg)
                url = f"{server}{'&' if '?' in server else '?'}schema=growth_{n}"
                pg_load.load(db, url, verbose=False)
                targets.append(("postgres", url))
            for backend, location in targets:
                r = _child("--measure", location, "--repeat", str(args.repeat))
                per_million = r["best_s"] / (n / 1e6)
                rows.append({"backend": backend, "dossiers": n, "factor": factor, "build_s": build_s, **r})
                print(
                    f"| {'DuckDB' if backend == 'duckdb' else 'PostgreSQL'} | {n:,} | {factor}× | {r['first_s']:.2f} | "
                    f"{r['best_s']:.2f} | {per_million:.2f} | {r['peak_mb']:.0f} |",
                    flush=True,
                )
            Path(db).unlink(missing_ok=True)
    for backend in ("duckdb", "postgres"):
        mine = [r for r in rows if r["backend"] == backend]
        if len(mine) >= 2:
            lo, hi = mine[0], mine[-1]
            extra = (float(hi["best_s"]) - float(lo["best_s"])) / ((int(hi["dossiers"]) - int(lo["dossiers"])) / 1e6)
            print(
                f"{'DuckDB' if backend == 'duckdb' else 'PostgreSQL'}: marginal cost {extra:.2f} s per extra million "
                f"dossiers ({lo['factor']}× → {hi['factor']}×)"
            )
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=1))


if __name__ == "__main__":
    main()
