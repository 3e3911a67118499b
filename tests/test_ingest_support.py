"""Fixtures of the import tests: a small file-backed store and writers of small CSV, JSON and XLSX files.

(No tests here: it is the shared part of tests/test_ingest_*.py.)
"""

from __future__ import annotations

import csv
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import openpyxl
import pyarrow as pa

from chiso.store import Store, write_records, write_units

PROVINCE = "99"
COMMUNE_A = "99001"
COMMUNE_B = "99002"
DEPARTMENT = "99.STP"
OTHER_PROVINCE = "98"
OTHER_COMMUNE = "98001"

DOSSIER_HEADER = ["MaHoSo", "MaDonVi", "MaTTHC", "KenhThucHien", "NgayTiepNhan", "NgayHenTra"]
GOOD_DOSSIERS = [
    ["HS001", COMMUNE_A, "1.000001", "Trực tuyến", "05/01/2024 08:00", "10/01/2024"],
    ["HS002", COMMUNE_B, "1.000002", "Trực tiếp", "06/01/2024 09:30", "12/01/2024"],
    ["HS003", DEPARTMENT, "2.000001", "Bưu chính", "2024-01-08T10:00:00+07:00", "2024-01-22"],
]


def seed(store: Store) -> None:
    """Two provinces (one with two communes and a department) and a small TTHC catalogue, via the writer."""
    write_units(
        store,
        pa.table(
            {
                "code": [PROVINCE, COMMUNE_A, COMMUNE_B, DEPARTMENT, OTHER_PROVINCE, OTHER_COMMUNE],
                "name": ["Tỉnh Thử Nghiệm", "Xã An Bình", "Phường Hòa Lạc", "Sở Tư pháp", "Tỉnh Khác", "Xã Khác"],
                "level": ["province", "commune", "commune", "department", "province", "commune"],
                "parent_code": [None, PROVINCE, PROVINCE, PROVINCE, None, OTHER_PROVINCE],
            }
        ),
    )
    write_records(
        store,
        {
            "procedures": pa.table(
                {
                    "authority_code": [PROVINCE, PROVINCE, PROVINCE, OTHER_PROVINCE],
                    "code": ["1.000001", "1.000002", "2.000001", "1.000009"],
                    "name": ["Đăng ký khai sinh", "Chứng thực bản sao", "Cấp Phiếu lý lịch tư pháp", "Thủ tục khác"],
                    "level": ["commune", "commune", "province", "commune"],
                    "agency_code": [None, None, DEPARTMENT, None],
                    "online_level": ["full", "partial", "full", "none"],
                    "fee_bearing": [False, True, True, False],
                    "time_limit": [3.0, 1.0, 10.0, 5.0],
                    "time_limit_unit": ["working_day"] * 4,
                }
            )
        },
    )


def make_db(tmp_path: Path) -> Path:
    """A seeded store file (each test module wraps this in its ``db`` fixture)."""
    path = tmp_path / "chiso.duckdb"
    with Store.open(path) as store:
        seed(store)
    return path


def write_csv(
    path: Path,
    header: Sequence[str],
    rows: Sequence[Sequence[Any]],
    *,
    delimiter: str = ",",
    encoding: str = "utf-8",
    bom: bool = False,
) -> Path:
    """A CSV file with ``header`` and ``rows`` (``None`` → empty cell)."""
    with path.open("w", encoding="utf-8-sig" if bom else encoding, newline="") as f:
        out = csv.writer(f, delimiter=delimiter)
        out.writerow(header)
        for row in rows:
            out.writerow(["" if v is None else v for v in row])
    return path


def write_json(path: Path, header: Sequence[str], rows: Sequence[Sequence[Any]], *, shape: str = "array") -> Path:
    """A JSON file: ``array`` of objects, ``records`` ({"records": [...]}) or ``lines`` (JSON Lines)."""
    records = [{h: v for h, v in zip(header, row, strict=True) if v is not None} for row in rows]
    if shape == "lines":
        path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n", encoding="utf-8")
    elif shape == "records":
        path.write_text(json.dumps({"records": records}, ensure_ascii=False), encoding="utf-8")
    else:
        path.write_text(json.dumps(records, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


def write_xlsx(path: Path, header: Sequence[str], rows: Sequence[Sequence[Any]]) -> Path:
    """An XLSX workbook whose first sheet holds ``header`` and ``rows`` (datetimes become date cells)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(list(header))
    for row in rows:
        ws.append(list(row))
    wb.save(path)
    return path


def snapshot(store: Store) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table an import may touch, for "the store is unchanged" checks."""
    tables = (
        "units",
        "unit_closure",
        "procedures",
        "dossiers",
        "dossier_events",
        "payments",
        "petitions",
        "dossier_facts",
        "import_log",
    )
    return {t: sorted(store.con.execute(f"SELECT * FROM {t}").fetchall(), key=repr) for t in tables}
