"""Generator throughput and peak memory: a whole-country month (34 provinces, 3,321 communes, their departments)
at a chosen volume.

    .venv/bin/python benchmarks/generate_bench.py                       # ~200,000 dossiers (quick)
    .venv/bin/python benchmarks/generate_bench.py --dossiers 1000000
    .venv/bin/python benchmarks/generate_bench.py --dossiers 10000000   # the full-scale month

Prints rows/s (dossiers, and all rows written: dossiers + events + payments + PAKN), the time spent in the
generator itself (numpy → Arrow, unit set-up), in store writes (INSERTs), in commits (DuckDB persisting rows and their
primary-key/secondary indexes) and in the derived-facts refresh, and the process's peak RSS.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import os
import platform
import resource
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import chiso.generate.run as run
from chiso.generate import generate_country
from chiso.store import Store


def _timed(name: str, fn: Any, spent: dict[str, float]) -> Any:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        t0 = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            spent[name] = spent.get(name, 0.0) + time.perf_counter() - t0

    return wrapper


def _time_commits(spent: dict[str, float]) -> None:
    """Measure the outermost transactions' COMMIT (where DuckDB writes the rows and their indexes)."""
    original = Store.transaction

    @contextlib.contextmanager
    def transaction(self: Store) -> Iterator[None]:
        outer = not self._in_tx
        cm = original(self)
        cm.__enter__()
        try:
            yield
        except BaseException as exc:
            if not cm.__exit__(type(exc), exc, exc.__traceback__):
                raise
        else:
            t0 = time.perf_counter()
            cm.__exit__(None, None, None)
            if outer:
                spent["commits"] = spent.get("commits", 0.0) + time.perf_counter() - t0

    Store.transaction = transaction  # type: ignore[method-assign]


def _machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        mem_kb = next(
            int(line.split()[1])
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        )
        mem = f"{mem_kb / 1024 / 1024:.0f} GB RAM"
    except (OSError, StopIteration):
        mem = "RAM unknown"
    return f"{cpu}, {os.cpu_count()} cores, {mem}, Python {platform.python_version()}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--dossiers", type=int, default=200_000, help="target dossiers in the month (default 200000)")
    ap.add_argument("--db", default="/tmp/chiso-bench/generate.duckdb", help="store file (recreated)")
    ap.add_argument("--end", default="2026-10-31", help="last day generated (default 2026-10-31)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--chunk-rows", type=int, default=run.DEFAULT_CHUNK_ROWS)
    ap.add_argument("--memory-limit", help="DuckDB memory_limit, e.g. 3GB (default: DuckDB's, 80 %% of RAM)")
    args = ap.parse_args()

    Path(args.db).parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("", ".wal"):
        Path(args.db + suffix).unlink(missing_ok=True)
    spent: dict[str, float] = {}
    run.write_records = _timed("writes", run.write_records, spent)  # type: ignore[assignment]
    run.refresh_facts = _timed("facts", run.refresh_facts, spent)  # type: ignore[assignment]
    _time_commits(spent)

    print(f"machine: {_machine()}")
    print(f"command: generate_country(months=1, end={args.end}, target_dossiers={args.dossiers:,}) → {args.db}")
    with Store.open(args.db) as store:
        if args.memory_limit:
            store.con.execute(f"SET memory_limit = '{args.memory_limit}'")
        limit = store.con.execute("SELECT current_setting('memory_limit')").fetchone()
        print(f"DuckDB memory_limit: {limit[0] if limit else '?'}")
        t0 = time.perf_counter()
        summary = generate_country(
            store,
            months=1,
            seed=args.seed,
            end=dt.date.fromisoformat(args.end),
            target_dossiers=args.dossiers,
            chunk_rows=args.chunk_rows,
        )
        total = time.perf_counter() - t0
        counts = store.counts()
    rows = summary.dossiers + summary.events + summary.payments + summary.petitions
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    gen = total - sum(spent.values())
    print(
        f"units: {sum(summary.units.values()):,}; procedures: {sum(summary.procedures.values()):,}; "
        f"dossiers: {summary.dossiers:,}; events: {summary.events:,}; payments: {summary.payments:,}; "
        f"PAKN: {summary.petitions:,} (scale {summary.scale:.3f})"
    )
    assert counts["dossiers"] == summary.dossiers, counts
    print(f"total: {total:.1f} s — generator {gen:.1f} s, store writes {spent.get('writes', 0):.1f} s, "
          f"commits {spent.get('commits', 0):.1f} s, facts refresh {spent.get('facts', 0):.1f} s")  # fmt: skip
    print(f"throughput: {summary.dossiers / total:,.0f} dossiers/s; {rows / total:,.0f} rows/s (all tables)")
    print(f"peak RSS: {peak_mb:,.0f} MB; store file: {Path(args.db).stat().st_size / 2**20:,.0f} MB")


if __name__ == "__main__":
    main()
