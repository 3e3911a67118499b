"""``make bench``: every benchmark of chiso in one run, each printing its figures, then a summary with the ratios
between the ways of computing the same thing (not part of ``make test``).

The store-bound figures are taken on both backends: the embedded DuckDB file and PostgreSQL, in a durable
throw-away cluster (``scripts/pg-cluster start DIR PORT durable``: fsync on, as in production) that this script
starts on a free loopback port and always stops. Each data set is generated once, into DuckDB, and copied into its
own PostgreSQL schema (benchmarks/pg_load.py), so both backends answer over identical rows; the engine's counts on
PostgreSQL are checked equal to DuckDB's for every unit and counting key before a figure is printed.

Scales are modest by default so the whole run takes minutes; pass ``--full`` for the sizes BENCHMARKS.md reports
(10 million dossiers for the engine, 1 million import rows); ``--quick`` runs every step at toy sizes, to check the
plumbing in a few minutes (its figures mean nothing). ``--no-postgres`` runs the DuckDB side only.
Results are copied into BENCHMARKS.md by hand, with the command and the machine.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def run(script: str, *args: str) -> None:
    """Run one benchmark script with this interpreter, failing loudly."""
    print(f"\n=== {script} {' '.join(args)}", flush=True)
    subprocess.run([sys.executable, "-W", "ignore", str(HERE / script), *args], check=True)


@contextmanager
def postgres(tmp: Path) -> Iterator[str]:
    """A durable throw-away PostgreSQL cluster under ``tmp``; yields the URL of its database ``chiso``."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    # The server runs as the postgres user (when we are root), which must reach its data directory.
    base = Path(tempfile.mkdtemp(prefix="chiso-bench-pg-", dir=tmp))
    for p in (tmp, base):
        p.chmod(0o755)
    data = base / "data"
    cluster = str(ROOT / "scripts" / "pg-cluster")
    print(f"\n=== PostgreSQL: durable throw-away cluster on 127.0.0.1:{port}", flush=True)
    try:
        url = subprocess.run(
            [cluster, "start", str(data), str(port), "durable"], check=True, capture_output=True, text=True
        ).stdout.strip()
        version = subprocess.run(
            [sys.executable, "-c", f"import psycopg; print(psycopg.connect({url!r}).info.server_version)"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
        print(f"PostgreSQL server {version}: {url}", flush=True)
        yield url
    finally:
        subprocess.run([cluster, "stop", str(data)], check=False)


def schema(url: str, name: str) -> str:
    """The store URL of schema ``name`` in the database at ``url``."""
    return f"{url}?schema={name}"


def read(path: Path) -> Any:
    return json.loads(path.read_text()) if path.exists() else None


def summary(out: Path) -> None:
    """The figures that compare, side by side, with their ratios (printed before the durability and fuzz runs,
    which compare nothing)."""
    duck, pg, spark = read(out / "engine-duckdb.json"), read(out / "engine-postgres.json"), read(out / "spark.json")
    print("\n=== summary (copy into BENCHMARKS.md with the command and the machine)")
    if duck:
        n = duck["dossiers"]
        print(f"\nwhole-country monthly scoring, {n:,} dossiers, {duck['units']:,} units (best of the repeats):")
        print("| engine | seconds | × DuckDB | peak memory MB |")
        print("|---|---|---|---|")
        base = duck["engine_s"]
        lines = [("DuckDB (embedded)", base, f"{duck['engine_peak_mb']:.0f} (this process)")]
        if pg:
            server = f" + server backend {pg['server_peak_mb']:.0f}" if pg.get("server_peak_mb") else ""
            lines.append(("PostgreSQL", pg["engine_s"], f"{pg['engine_peak_mb']:.0f} (client){server}"))
        if spark:
            jvm = f" + JVM {spark['jvm_mb']:.0f}" if spark.get("jvm_mb") else ""
            lines.append(("Spark local[2] (Parquet snapshot)", spark["best_s"], f"{spark['python_mb']:.0f}{jvm}"))
        if "pandas_s" in duck:
            lines.append(("pandas, frames in memory", duck["pandas_s"], f"{duck['pandas_peak_mb']:.0f} (with frames)"))
            lines.append(("pandas, load + compute", duck["pandas_s"] + duck["pandas_load_s"], "same"))
        for label, seconds, memory in lines:
            print(f"| {label} | {seconds:.2f} | {seconds / base:.2f} | {memory} |")
        print("\none commune's live score (ms):")
        print("| store | p50 | p99 |")
        print("|---|---|---|")
        print(f"| DuckDB | {duck['live_p50_ms']:.1f} | {duck['live_p99_ms']:.1f} |")
        if pg:
            print(f"| PostgreSQL | {pg['live_p50_ms']:.1f} | {pg['live_p99_ms']:.1f} |")
            print(f"PostgreSQL / DuckDB: p50 {pg['live_p50_ms'] / duck['live_p50_ms']:.2f}×")
    web = {b: read(out / f"web-{b}.json") for b in ("duckdb", "postgres")}
    if any(web.values()):
        print("\ningest over HTTP (events/s, p99 ms):")
        modes = next(w for w in web.values() if w)["ingest"].keys()
        print("| mode | DuckDB events/s | DuckDB p99 | PostgreSQL events/s | PostgreSQL p99 |")
        print("|---|---|---|---|---|")
        for mode in modes:
            cells = []
            for b in ("duckdb", "postgres"):
                r = (web[b] or {}).get("ingest", {}).get(mode)
                cells += [f"{r['events_per_s']:,.0f}", f"{r['p99_ms']:.1f}"] if r else ["—", "—"]
            print(f"| {mode} | {' | '.join(cells)} |")
    reports = {b: read(out / f"report-{b}.json") for b in ("duckdb", "postgres")}
    if any(reports.values()):
        print("\ncommune reports (.docx):")
        print("| store | reports | seconds | per report s | peak RSS MB |")
        print("|---|---|---|---|---|")
        for b, r in reports.items():
            if r:
                print(
                    f"| {'DuckDB' if b == 'duckdb' else 'PostgreSQL'} | {r['reports']} | {r['seconds']:.1f} | "
                    f"{r['per_report_s']:.2f} | {r['peak_mb']:.0f} |"
                )
    growth = read(out / "growth.json")
    if growth:
        print("\ngrowth of whole-country scoring (seconds per million dossiers):")
        print("| store | dossiers | best s | s per million | peak RSS MB |")
        print("|---|---|---|---|---|")
        for r in growth:
            print(
                f"| {'DuckDB' if r['backend'] == 'duckdb' else 'PostgreSQL'} | {r['dossiers']:,} | "
                f"{r['best_s']:.2f} | {r['best_s'] / (r['dossiers'] / 1e6):.2f} | {r['peak_mb']:.0f} |"
            )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--full", action="store_true", help="the sizes reported in BENCHMARKS.md (long)")
    ap.add_argument("--quick", action="store_true", help="toy sizes: checks that every step runs, nothing more")
    ap.add_argument("--no-postgres", action="store_true", help="DuckDB only (no PostgreSQL cluster)")
    args = ap.parse_args()
    size = "full" if args.full else "quick" if args.quick else "default"
    country = {"full": 10_000_000, "default": 1_000_000, "quick": 100_000}[size]
    growth_base = {"full": 1_000_000, "default": 100_000, "quick": 10_000}[size]
    rows = {"full": 1_000_000, "default": 200_000, "quick": 20_000}[size]
    web = {"full": ["--dossiers", "150000"], "default": ["--dossiers", "50000"], "quick": ["--dossiers", "20000"]}[size]
    # The report benchmark's province at scale 1 (6 months, ~1.4 million dossiers) unless quick.
    report = ["--months", "3", "--dossiers", "30000"] if args.quick else []
    quick_web = ["--requests", "200", "--max-seconds", "10", "--repeats", "3"] if args.quick else []
    events, kills = {"full": (60_000, 12), "default": (20_000, 12), "quick": (10_000, 3)}[size]
    with tempfile.TemporaryDirectory(prefix="chiso-bench-") as tmp_name:
        tmp = Path(tmp_name)
        with postgres(tmp) if not args.no_postgres else _none() as pg:
            db = str(tmp / "country.duckdb")
            run("synth_country.py", db, str(country))
            run(
                "engine_bench.py",
                "--db",
                db,
                "--reuse",
                "--live-samples",
                "20" if args.quick else "100",
                "--json",
                f"{tmp}/engine-duckdb.json",
            )
            if pg:
                run("pg_load.py", db, schema(pg, "country"))
                run(
                    "engine_bench.py",
                    *(
                        "--db",
                        schema(pg, "country"),
                        "--reuse",
                        "--live-samples",
                        "20" if args.quick else "100",
                        "--no-pandas",
                    ),
                    *("--same-as", db, "--json", f"{tmp}/engine-postgres.json"),
                )
            run(
                "spark_bench.py",
                "--db",
                db,
                "--out",
                str(tmp / "country-parquet"),
                "--check",
                "--json",
                f"{tmp}/spark.json",
            )
            Path(db).unlink()
            growth = ["--base", str(growth_base), "--dir", tmp_name, "--json", f"{tmp}/growth.json"]
            if pg:
                # PostgreSQL at the small scales only: the copy alone costs minutes per ten million rows.
                growth += ["--pg", pg, "--pg-max", str(4 * growth_base)]
            run("growth_bench.py", *growth)
            run("import_bench.py", "--rows", str(rows))
            run("generate_bench.py", "--dossiers", str(rows))

            province = str(tmp / "province.duckdb")
            run("report_bench.py", "--db", province, *report, "--json", f"{tmp}/report-duckdb.json")
            if pg:
                run("pg_load.py", province, schema(pg, "report"))
                run("report_bench.py", "--db", schema(pg, "report"), "--reuse", "--json", f"{tmp}/report-postgres.json")
            Path(province).unlink()

            web_db = str(tmp / "web.duckdb")
            run("web_bench.py", "--db", web_db, *web, "--prepare-only")
            if pg:  # copied before the DuckDB run adds its own events
                run("pg_load.py", web_db, schema(pg, "web"))
            run("web_bench.py", "--db", web_db, "--reuse", *quick_web, "--json", f"{tmp}/web-duckdb.json")
            if pg:
                run(
                    "web_bench.py",
                    "--db",
                    schema(pg, "web"),
                    "--reuse",
                    *quick_web,
                    "--json",
                    f"{tmp}/web-postgres.json",
                )
            summary(tmp)
            run("durability_bench.py", "--events", str(events), "--kills", str(kills))
            if pg:  # SIGKILLs against a durable cluster: an acknowledged write must survive the server's death
                run(
                    "durability_bench.py",
                    "--events",
                    str(events),
                    "--kills",
                    str(kills),
                    "--db",
                    schema(pg, "durability"),
                )
    # The long fuzz mode: the same property and API fuzz tests as CI, with many more examples each.
    print("\n=== fuzz (tests/test_reliability_bad_input.py, tests/test_reliability_api_fuzz.py)", flush=True)
    examples = {"full": "2000", "default": "400", "quick": "50"}[size]
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "tests/test_reliability_bad_input.py",
            "tests/test_reliability_api_fuzz.py",
        ],
        cwd=ROOT,
        env={**os.environ, "CHISO_FUZZ_EXAMPLES": examples},
        check=True,
    )


@contextmanager
def _none() -> Iterator[None]:
    yield None


if __name__ == "__main__":
    main()
