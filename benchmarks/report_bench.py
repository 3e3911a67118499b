"""Report benchmark: every commune report of a province for one month, as .docx (issue 4: under a minute).

Usage:
    .venv/bin/python benchmarks/report_bench.py                          # generate Thái Nguyên (6 months), then time
    .venv/bin/python benchmarks/report_bench.py --db /tmp/tn.duckdb --reuse   # data already generated
    .venv/bin/python benchmarks/report_bench.py --reuse --db /tmp/tn.duckdb --pdf   # also convert them to PDF
    # PostgreSQL: the same province copied there (benchmarks/pg_load.py), then timed the same way
    .venv/bin/python benchmarks/report_bench.py --db /tmp/tn.duckdb --prepare-only
    .venv/bin/python benchmarks/pg_load.py /tmp/tn.duckdb 'postgresql://…/chiso?schema=report'
    .venv/bin/python benchmarks/report_bench.py --db 'postgresql://…/chiso?schema=report' --reuse

Prints the figures that go into BENCHMARKS.md ("## Report") with the command and the machine.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import resource
import shutil
import tempfile
import time
from pathlib import Path

from chiso.compute.period import Period
from chiso.report import write_reports
from chiso.store import Store
from chiso.timeutil import VN_TZ


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f", {kb / 1024 / 1024:.0f} GB RAM"
    except (OSError, ValueError, IndexError):
        pass
    return f"{cpu}, {os.cpu_count()} CPU{mem}, Python {platform.python_version()}, {platform.system()}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", default=None, help="DuckDB file or PostgreSQL URL (default: a temporary DuckDB file)")
    parser.add_argument("--reuse", action="store_true", help="use the data already in --db")
    parser.add_argument("--province", default="19", help="province code (default 19, Thái Nguyên)")
    parser.add_argument("--months", type=int, default=6)
    parser.add_argument("--dossiers", type=int, default=None, help="dossiers over the months (default: scale 1)")
    parser.add_argument("--period", default="2026-10")
    parser.add_argument("--as-of", default="2026-11-05T08:00")
    parser.add_argument("--pdf", action="store_true", help="also convert the reports to PDF (LibreOffice)")
    parser.add_argument("--out", default=None, help="output folder (default: a temporary one, removed)")
    parser.add_argument("--prepare-only", action="store_true", help="generate the province, write no report")
    parser.add_argument("--json", help="also write the figures to this file (for benchmarks/run.py's summary)")
    args = parser.parse_args()

    period = Period.parse(args.period)
    as_of = dt.datetime.fromisoformat(args.as_of).replace(tzinfo=VN_TZ)
    tmp = Path(tempfile.mkdtemp(prefix="chiso-report-bench-"))
    db = args.db or str(tmp / "bench.duckdb")
    if db.startswith(("postgresql://", "postgres://")) and not args.reuse:
        raise SystemExit("PostgreSQL: copy a generated province there first (benchmarks/pg_load.py), then --reuse")
    store = Store.open(db)
    try:
        if not args.reuse:
            from chiso.generate import generate_province

            t0 = time.perf_counter()
            summary = generate_province(
                store, args.province, months=args.months, seed=766, end=as_of.date(), target_dossiers=args.dossiers
            )
            print(summary)
            print(f"generate: {time.perf_counter() - t0:.1f} s")
        if args.prepare_only:
            return
        backend = "DuckDB" if store.backend == "duckdb" else "PostgreSQL"
        communes = store.con.execute(
            "SELECT count(*) FROM units WHERE level = 'commune' AND root_code = ?", [args.province]
        ).fetchone()
        dossiers = store.con.execute(
            "SELECT count(*) FROM dossiers WHERE received_day BETWEEN ? AND ?", [period.start, period.end]
        ).fetchone()
        out = Path(args.out) if args.out else tmp / "reports"
        formats = "docx,pdf" if args.pdf else "docx"
        t0 = time.perf_counter()
        result = write_reports(
            store, period, out=out, root=args.province, levels=["commune"], formats=formats, as_of=as_of
        )
        wall = time.perf_counter() - t0
        n_docx = sum(1 for p in result.paths if p.suffix == ".docx")
        size = sum(p.stat().st_size for p in result.paths if p.suffix == ".docx")
        docx_wall = wall - result.pdf_seconds
        load = os.getloadavg()[0]
        print(f"machine: {machine()}; load average at the end {load:.1f}")
        print(
            f"province {args.province}: {communes[0] if communes else 0} communes, "
            f"{dossiers[0] if dossiers else 0:,} dossiers received in {period.key}"
        )
        print(
            f"commune reports (docx, {backend}): {n_docx} files, {size / 1e6:.1f} MB, {docx_wall:.1f} s wall "
            f"({docx_wall / max(1, n_docx):.2f} s per report)"
        )
        print(f"  scoring (this and last month, all units): {result.scoring_seconds:.1f} s")
        print(f"  records behind the losses (one query per counting key): {result.listing_seconds:.1f} s")
        print(f"  reports (trend months, text, chart, docx): {result.reports_seconds:.1f} s")
        if args.pdf:
            print(f"PDF (LibreOffice headless, {n_docx} files, 50 per call): {result.pdf_seconds:.1f} s")
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"peak RSS: {peak:.0f} MB")
        if args.json:
            figures = {
                "backend": store.backend,
                "reports": n_docx,
                "seconds": docx_wall,
                "per_report_s": docx_wall / max(1, n_docx),
                "scoring_s": result.scoring_seconds,
                "listing_s": result.listing_seconds,
                "writing_s": result.reports_seconds,
                "peak_mb": peak,
            }
            Path(args.json).write_text(json.dumps(figures, indent=1))
    finally:
        store.close()
        if not args.out:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
