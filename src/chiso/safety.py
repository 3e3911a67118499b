"""Defences against hostile input files and against data that turns hostile when exported.

- Spreadsheet formula injection (CSV/XLSX injection): a cell whose text starts with ``=``, ``+``, ``-``, ``@``
  (or a tab or carriage return, which some spreadsheets skip before looking for those) is run as a formula when
  the exported file is opened. Text that chiso writes into a CSV or XLSX file goes through :func:`safe_cell`,
  which prefixes such text with an apostrophe; plain numbers (``-5``, ``+84``…) are left alone.
- XLSX files are zip archives: :func:`check_xlsx_archive` refuses a workbook whose declared uncompressed size or
  compression ratio is out of all proportion (a zip bomb) before openpyxl inflates anything, and
  :data:`XLSX_MAX_ROWS` / :data:`XLSX_MAX_COLUMNS` bound what a sheet may hold.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Any

import pyarrow as pa

from chiso.timeutil import format_number_vi

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)*(?:[eE][+-]?\d+)?")

# A workbook may inflate to at most this many bytes in all (the XML of ~4 million ordinary rows) …
XLSX_MAX_UNCOMPRESSED = 2 << 30
# … and, once above XLSX_RATIO_FLOOR, no more than XLSX_MAX_RATIO times its compressed size. Real workbooks
# compress 5–30 times; a zip bomb a thousand times and more.
XLSX_MAX_RATIO = 200
XLSX_RATIO_FLOOR = 64 << 20
# Excel's own sheet limits: a sheet beyond them was not written by a spreadsheet.
XLSX_MAX_ROWS = 1_048_576
XLSX_MAX_COLUMNS = 16_384


def is_formula_like(text: str) -> bool:
    """True when a spreadsheet would treat ``text`` as a formula (and it is not a plain number)."""
    return text.startswith(FORMULA_PREFIXES) and _PLAIN_NUMBER.fullmatch(text) is None


def safe_cell(value: Any) -> Any:
    """``value`` ready for a CSV or XLSX cell: formula-like text is prefixed with ``'``; other values unchanged."""
    if isinstance(value, str) and is_formula_like(value):
        return "'" + value
    return value


def safe_table(table: pa.Table) -> pa.Table:
    """``table`` with :func:`safe_cell` applied to every text column (for CSV exports written by Arrow)."""
    columns = []
    for column in table.columns:
        if pa.types.is_string(column.type) or pa.types.is_large_string(column.type):
            values = column.to_pylist()
            if any(isinstance(v, str) and is_formula_like(v) for v in values):
                column = pa.chunked_array([pa.array([safe_cell(v) for v in values], column.type)])
        columns.append(column)
    return pa.table(columns, names=table.column_names)


def _mb(n: int) -> str:
    return format_number_vi(round(n / (1 << 20), 1), 1) + " MB"


def check_xlsx_archive(path: Path) -> str | None:
    """Why the XLSX archive at ``path`` must not be opened (a Vietnamese reason), or ``None`` when it may.

    The sizes checked are the ones the archive declares: Python's zip reader never inflates an entry past its
    declared size (it fails the entry instead), so a lying header cannot get more than it declares through."""
    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return None  # not a readable zip: the reader reports it as a damaged file
    inflated = sum(e.file_size for e in entries)
    packed = max(1, sum(e.compress_size for e in entries))
    if inflated > XLSX_MAX_UNCOMPRESSED:
        return (
            f"Tệp {path.name} khi giải nén lên tới {_mb(inflated)}, vượt giới hạn {_mb(XLSX_MAX_UNCOMPRESSED)}; "
            "hãy chia thành nhiều tệp nhỏ hơn hoặc lưu thành CSV UTF-8."
        )
    if inflated > XLSX_RATIO_FLOOR and inflated > XLSX_MAX_RATIO * packed:
        ratio = format_number_vi(round(inflated / packed))
        return (
            f"Tệp {path.name} có tỉ lệ nén bất thường ({_mb(packed)} giải nén thành {_mb(inflated)}, gấp {ratio} "
            "lần): có thể là «bom zip»; chiso không mở tệp này. Hãy xuất lại dữ liệu từ phần mềm gốc."
        )
    return None


def xlsx_shape_problem(path: Path, rows: int | None, columns: int | None) -> str | None:
    """Why a sheet of ``rows`` × ``columns`` (as the sheet declares, or as counted) is refused, or ``None``."""
    if rows is not None and rows > XLSX_MAX_ROWS:
        return (
            f"Tệp {path.name} có {format_number_vi(rows)} dòng, vượt giới hạn {format_number_vi(XLSX_MAX_ROWS)} "
            "dòng của một trang tính; hãy chia thành nhiều tệp."
        )
    if columns is not None and columns > XLSX_MAX_COLUMNS:
        return (
            f"Tệp {path.name} có {format_number_vi(columns)} cột, vượt giới hạn "
            f"{format_number_vi(XLSX_MAX_COLUMNS)} cột của một trang tính."
        )
    return None
