"""Benchmark of ``chiso import``: one large dossier CSV through the real CLI, progress bar included.

Prepares a temporary store with a province, its communes and departments and a TTHC catalogue, writes a CSV of
generated dossiers (Vietnamese column names and values, dd/mm/yyyy times, status-time columns that become
events), then runs ``chiso import`` in a child process and reports wall time, rows per second and the child's
peak memory (RSS). Prints figures only: speed targets are not asserted anywhere.

    .venv/bin/python benchmarks/import_bench.py            # 1,000,000 rows
    .venv/bin/python benchmarks/import_bench.py --rows 100000 --keep /tmp/bench
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from chiso.store import Store, write_records, write_units
from chiso.timeutil import format_number_vi

PROVINCE = "01"
N_COMMUNES = 120
N_DEPARTMENTS = 20
N_COMMUNE_TTHC = 250
N_PROVINCE_TTHC = 350


def prepare_store(db: Path) -> tuple[list[str], list[str], list[str]]:
    """A province with communes and departments, and its TTHC catalogue, written through the writer."""
    communes = [f"{i:05d}" for i in range(1, N_COMMUNES + 1)]
    departments = [f"{PROVINCE}.S{i:02d}" for i in range(1, N_DEPARTMENTS + 1)]
    commune_tthc = [f"1.{i:06d}" for i in range(1, N_COMMUNE_TTHC + 1)]
    province_tthc = [f"2.{i:06d}" for i in range(1, N_PROVINCE_TTHC + 1)]
    with Store.open(db) as store:
        codes = [PROVINCE, *communes, *departments]
        write_units(
            store,
            pa.table(
                {
                    "code": codes,
                    "name": ["Tỉnh Thử Nghiệm"] + [f"Xã {c}" for c in communes] + [f"Sở {d}" for d in departments],
                    "level": ["province"] + ["commune"] * len(communes) + ["department"] * len(departments),
                    "parent_code": [None] + [PROVINCE] * (len(codes) - 1),
                }
            ),
        )
        tthc = commune_tthc + province_tthc
        write_records(
            store,
            {
                "procedures": pa.table(
                    {
                        "authority_code": [PROVINCE] * len(tthc),
                        "code": tthc,
                        "name": [f"Thủ tục {c}" for c in tthc],
                        "level": ["commune"] * len(commune_tthc) + ["province"] * len(province_tthc),
                        "online_level": ["full", "partial", "none"] * (len(tthc) // 3) + ["full"] * (len(tthc) % 3),
                        "time_limit": [5.0] * len(tthc),
                        "time_limit_unit": ["working_day"] * len(tthc),
                    }
                )
            },
        )
    return communes + departments, commune_tthc, province_tthc


def _vn_time(epoch_s: np.ndarray, with_time: bool = True) -> pa.Array:
    """Local times as dd/mm/yyyy HH:MM:SS text (the one-stop systems' usual export)."""
    ts = pa.array(epoch_s.astype("datetime64[s]"))
    fmt = "%d/%m/%Y %H:%M:%S" if with_time else "%d/%m/%Y"
    return pc.strftime(ts, format=fmt)


def write_dossier_csv(
    path: Path, rows: int, units: list[str], commune_tthc: list[str], province_tthc: list[str], seed: int = 766
) -> None:
    """``rows`` generated dossiers, written in blocks so that generation stays light on memory."""
    rng = np.random.default_rng(seed)
    n_communes = N_COMMUNES
    start = np.datetime64("2025-07-01T07:30:00").astype("int64")
    channels = np.array(["Trực tuyến", "Trực tiếp", "Bưu chính"])
    block = 200_000
    with path.open("wb") as f:
        f.write(b"\xef\xbb\xbf")
        for lo in range(0, rows, block):
            n = min(block, rows - lo)
            unit_idx = rng.integers(0, len(units), n)
            is_commune = unit_idx < n_communes
            tthc = np.where(
                is_commune,
                np.array(commune_tthc)[rng.integers(0, len(commune_tthc), n)],
                np.array(province_tthc)[rng.integers(0, len(province_tthc), n)],
            )
            received = start + rng.integers(0, 180 * 86400, n) // 60 * 60
            due = received + rng.integers(1, 15, n) * 86400
            finished = received + rng.integers(3600, 20 * 86400, n)
            done = rng.random(n) < 0.85
            returned = finished + rng.integers(0, 3 * 86400, n)
            table = pa.table(
                {
                    "MaHoSo": pa.array([f"H{PROVINCE}.{i:09d}" for i in range(lo, lo + n)]),
                    "MaDonVi": pa.array(np.array(units)[unit_idx]),
                    "MaTTHC": pa.array(tthc),
                    "KenhThucHien": pa.array(channels[rng.choice(3, n, p=[0.6, 0.37, 0.03])]),
                    "NgayTiepNhan": _vn_time(received),
                    "NgayHenTra": _vn_time(due, with_time=False),
                    "NgayKetThucXuLy": pc.if_else(pa.array(done), _vn_time(finished), pa.scalar(None, pa.string())),
                    "NgayTraKetQua": pc.if_else(pa.array(done), _vn_time(returned), pa.scalar(None, pa.string())),
                    "DaDongBo": pa.array(np.where(rng.random(n) < 0.9, "Có", "Không")),
                    "CoPhi": pa.array(np.where(rng.random(n) < 0.3, "x", "")),
                }
            )
            pacsv.write_csv(table, f, pacsv.WriteOptions(include_header=lo == 0, quoting_style="needed"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--keep", type=Path, help="work in this directory and keep the files")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="chiso-import-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    db, csv_path = work / "bench.duckdb", work / "hoso.csv"
    for p in (db, Path(str(db) + ".wal")):
        p.unlink(missing_ok=True)

    t0 = time.perf_counter()
    units, commune_tthc, province_tthc = prepare_store(db)
    write_dossier_csv(csv_path, args.rows, units, commune_tthc, province_tthc)
    prep = time.perf_counter() - t0
    size_mb = csv_path.stat().st_size / 1e6
    print(
        f"Chuẩn bị: {format_number_vi(args.rows)} dòng, {format_number_vi(round(size_mb, 1), 1)} MB "
        f"({format_number_vi(round(prep, 1), 1)} giây)",
        flush=True,
    )

    # The CLI itself, in a child process, so that its peak RSS is measured alone.
    command = [sys.executable, "-m", "chiso.cli.main", "import", str(csv_path), "--db", str(db)]
    load_before = f"{os.getloadavg()[0]:.2f}"
    t1 = time.perf_counter()
    status = subprocess.run(command, check=False).returncode
    took = time.perf_counter() - t1
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    peak_mb = usage.ru_maxrss / 1024  # KiB on Linux
    cpu = usage.ru_utime + usage.ru_stime  # robust against other load on a shared machine

    with Store.open(db) as store:
        counts = store.counts()
    mem_total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    print()
    print(f"command: chiso import {csv_path.name} --db {db.name}   (exit {status})")
    print(
        f"rows: {args.rows:,}   file: {size_mb:.1f} MB   dossiers stored: {counts['dossiers']:,}   "
        f"events stored: {counts['dossier_events']:,}"
    )
    print(f"wall time: {took:.1f} s   throughput: {args.rows / took:,.0f} rows/s   peak RSS: {peak_mb:,.0f} MiB")
    print(
        f"CPU time (user + system): {cpu:.1f} s   load average before/after: {load_before} / {os.getloadavg()[0]:.2f}"
    )
    print(
        f"machine: {os.cpu_count()} CPU (nproc), {mem_total:.1f} GiB RAM, {platform.platform()}, "
        f"Python {platform.python_version()}"
    )
    if status != 0:
        raise SystemExit(status)


if __name__ == "__main__":
    main()
