"""``make bench``: every benchmark of chiso in one run, each printing its figures (not part of ``make test``).

Scales are modest by default so the whole run takes minutes; pass ``--full`` for the sizes BENCHMARKS.md reports
(10 million dossiers for the engine, 1 million import rows). Results are copied into BENCHMARKS.md by hand, with
the command and the machine.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent


def run(script: str, *args: str) -> None:
    """Run one benchmark script with this interpreter, failing loudly."""
    print(f"\n=== {script} {' '.join(args)}", flush=True)
    subprocess.run([sys.executable, "-W", "ignore", str(HERE / script), *args], check=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--full", action="store_true", help="the sizes reported in BENCHMARKS.md (long)")
    args = ap.parse_args()
    country = 10_000_000 if args.full else 1_000_000
    with tempfile.TemporaryDirectory(prefix="chiso-bench-") as tmp:
        db = str(Path(tmp) / "country.duckdb")
        run("synth_country.py", db, str(country))
        run("engine_bench.py", "--db", db, "--reuse", "--live-samples", "100")
        run("spark_bench.py", "--db", db, "--out", str(Path(tmp) / "country-parquet"), "--check")
        run("import_bench.py", "--rows", str(1_000_000 if args.full else 200_000))
        run("generate_bench.py", "--dossiers", str(1_000_000 if args.full else 200_000))
        run("report_bench.py")
        run("web_bench.py", "--dossiers", str(150_000 if args.full else 50_000))
        run("durability_bench.py", "--events", str(60_000 if args.full else 20_000), "--kills", "12")
    # The long fuzz mode: the same property and API fuzz tests as CI, with many more examples each.
    print("\n=== fuzz (tests/test_reliability_bad_input.py, tests/test_reliability_api_fuzz.py)", flush=True)
    examples = "2000" if args.full else "400"
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
        cwd=HERE.parent,
        env={**os.environ, "CHISO_FUZZ_EXAMPLES": examples},
        check=True,
    )


if __name__ == "__main__":
    main()
