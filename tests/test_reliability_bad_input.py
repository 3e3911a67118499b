"""Bad and hostile input files (issue 8, part 2): property-based fuzzing of the CSV, JSON and XLSX imports through
chiso.ingest, zip bombs, oversized sheets, wrong encodings, and formula injection in what chiso exports.

Every refusal must be a clean report (file, and row/column where there is one) — never an exception — and a
refused file must leave the store exactly as it was (all or nothing, docs/import-format.md).
"""

from __future__ import annotations

import csv
import io
import json
import os
import unicodedata
import zipfile
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chiso import safety
from chiso.ingest import IssueCode, import_file
from chiso.ingest import readers as readers_module
from chiso.ingest.importer import FileReport
from chiso.safety import check_xlsx_archive, safe_cell
from tests.builders import COMMUNE_A, StoreBuilder

# CI runs 40 examples per property; `make bench` sets CHISO_FUZZ_EXAMPLES for the long run.
FUZZ = settings(
    max_examples=int(os.environ.get("CHISO_FUZZ_EXAMPLES", "40")),
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
HEADER = ["MaHoSo", "MaDonVi", "MaTTHC", "KenhNop", "NgayTiepNhan", "NgayHenTra", "DanhGia"]
GOOD_ROW = ["H-OK-1", COMMUNE_A, "1.000001", "online", "2026-11-02 09:00", "2026-11-05 17:00", ""]

STORE = StoreBuilder.tiny().store  # one store for the module: every example compares counts before and after


def _import(path: Path) -> tuple[FileReport, dict[str, int], dict[str, int]]:
    before = STORE.counts()
    report = import_file(STORE, path)  # must not raise, whatever the file holds
    return report, before, STORE.counts()


def _check_clean(report: FileReport, before: dict[str, int], after: dict[str, int], name: str) -> None:
    if not report.imported:
        assert after == before, "a refused file wrote rows"
        assert report.issues, "a refused file must say why"
        for issue in report.issues:
            assert issue.file == name
            assert issue.reason.strip()
            if not issue.file_level:
                assert issue.row is not None
    else:
        assert not any(i for i in report.issues if i.code == IssueCode.STORE_REJECTED)


cell = st.one_of(
    st.text(max_size=20),
    st.sampled_from(["", "=1+1", "@SUM(A1)", "-5", "2026-13-40", "online", COMMUNE_A, "1.000001", "\x00", "ﬀ"]),
)


@FUZZ
@given(rows=st.lists(st.lists(cell, min_size=0, max_size=9), max_size=8), header=st.sampled_from([HEADER, HEADER[:3]]))
def test_csv_random_rows_refused_cleanly_or_imported(tmp_path_factory: pytest.TempPathFactory, rows, header) -> None:  # type: ignore[no-untyped-def]
    """Rule: a CSV with random cells (wrong counts, bad dates, NULs, formulas) is imported or refused with
    file/row/column — never a crash, never a partial write."""
    path = tmp_path_factory.mktemp("csv") / "hoso.csv"
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(header)
    writer.writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")
    report, before, after = _import(path)
    _check_clean(report, before, after, path.name)


json_value = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=15),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=10,
)


@FUZZ
@given(
    records=st.lists(
        st.one_of(
            st.fixed_dictionaries(
                {k: st.one_of(st.just(v), json_value) for k, v in zip(HEADER, GOOD_ROW, strict=True)}
            ),
            json_value,
        ),
        max_size=6,
    )
)
def test_json_random_records_refused_cleanly_or_imported(tmp_path_factory: pytest.TempPathFactory, records) -> None:  # type: ignore[no-untyped-def]
    """Rule: a JSON file of random values (nested, wrong types, not objects) is imported or refused cleanly."""
    path = tmp_path_factory.mktemp("json") / "hoso.json"
    path.write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    report, before, after = _import(path)
    _check_clean(report, before, after, path.name)


@FUZZ
@given(data=st.binary(max_size=400), suffix=st.sampled_from([".csv", ".json", ".jsonl", ".xlsx", ".dat"]))
def test_random_bytes_refused_cleanly(tmp_path_factory: pytest.TempPathFactory, data: bytes, suffix: str) -> None:
    """Rule: random bytes under any extension are refused with a report (or, if they happen to parse, judged
    like any file) — never an exception, never a write."""
    path = tmp_path_factory.mktemp("bytes") / ("tep" + suffix)
    path.write_bytes(data)
    report, before, after = _import(path)
    _check_clean(report, before, after, path.name)


@FUZZ
@given(rows=st.lists(st.lists(cell, max_size=8), max_size=6))
def test_xlsx_random_cells_refused_cleanly_or_imported(tmp_path_factory: pytest.TempPathFactory, rows) -> None:  # type: ignore[no-untyped-def]
    """Rule: an XLSX sheet of random cells is imported or refused cleanly (openpyxl's own errors included)."""
    path = tmp_path_factory.mktemp("xlsx") / "hoso.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(HEADER)
    for row in rows:
        try:
            ws.append(row)
        except Exception:  # openpyxl refuses control characters when writing: such a file cannot exist
            continue
    wb.save(path)
    report, before, after = _import(path)
    _check_clean(report, before, after, path.name)


@pytest.mark.parametrize(
    ("encoding", "bom"),
    [("cp1258", b""), ("latin-1", b""), ("utf-16-le", b"\xff\xfe"), ("utf-16-le", b""), ("utf-16-be", b"\xfe\xff")],
)
def test_csv_in_wrong_encoding_refused_naming_the_file(tmp_path: Path, encoding: str, bom: bytes) -> None:
    """Rule: a CSV saved as Windows-1258, Latin-1 or UTF-16 (with or without BOM) is refused as a whole with a
    MALFORMED_ENCODING problem naming the file and telling how to save it as UTF-8; nothing is written."""
    text = "MaHoSo,MaDonVi,MaTTHC,KenhNop,NgayTiepNhan,GhiChu\nH-ENC-1,99001,1.000001,online,2026-11-02,Xã Hòa\n"
    if encoding == "latin-1":
        text = text.replace("Xã Hòa", "Café Réunion")
    path = tmp_path / f"hoso-{encoding}.csv"
    if encoding == "cp1258":  # Windows-1258 writes tone marks as combining characters
        text = unicodedata.normalize("NFD", text)
    path.write_bytes(bom + text.encode(encoding))
    report, before, after = _import(path)
    assert not report.imported and after == before
    [issue] = report.issues
    assert issue.code == IssueCode.MALFORMED_ENCODING
    assert issue.file == path.name
    assert "UTF-8" in issue.reason


def _bomb(path: Path, inflated: int) -> None:
    """An XLSX-named zip whose one sheet inflates ``inflated`` bytes of the same character."""
    with (
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z,
        z.open("xl/worksheets/sheet1.xml", "w") as f,
    ):
        block = b"0" * (1 << 20)
        for _ in range(inflated >> 20):
            f.write(block)


def test_zip_bomb_refused_before_inflating(tmp_path: Path) -> None:
    """Rule: an XLSX whose declared uncompressed size is hundreds of times its size (a zip bomb) is refused with a
    Vietnamese message before openpyxl inflates it; nothing is written."""
    path = tmp_path / "bom.xlsx"
    _bomb(path, 80 << 20)
    assert path.stat().st_size < 1 << 20
    reason = check_xlsx_archive(path)
    assert reason is not None and "bom zip" in reason
    report, before, after = _import(path)
    assert not report.imported and after == before
    assert report.issues[0].code == IssueCode.MALFORMED_FILE and "bom zip" in report.issues[0].reason


def test_total_uncompressed_size_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Rule: a workbook inflating beyond XLSX_MAX_UNCOMPRESSED is refused whatever its ratio."""
    monkeypatch.setattr(safety, "XLSX_MAX_UNCOMPRESSED", 1 << 20)
    path = tmp_path / "lon.xlsx"
    _bomb(path, 2 << 20)
    reason = check_xlsx_archive(path)
    assert reason is not None and "vượt giới hạn" in reason


def test_huge_sheet_refused_with_row_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Rule: a sheet with more rows than the limit (Excel's own, 1.048.576; lowered here) is refused with a
    Vietnamese message naming the file — from its declared dimension, and while reading when that is absent."""
    monkeypatch.setattr(safety, "XLSX_MAX_ROWS", 10)
    monkeypatch.setattr(readers_module, "XLSX_MAX_ROWS", 10)
    path = tmp_path / "nhieu-dong.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(HEADER)
    for i in range(20):
        ws.append([f"H-BIG-{i}", *GOOD_ROW[1:]])
    wb.save(path)
    report, before, after = _import(path)
    assert not report.imported and after == before
    assert "vượt giới hạn" in report.issues[0].reason and path.name in report.issues[0].reason
    # Without the <dimension> element the count is made while reading.
    stripped = tmp_path / "khong-kich-thuoc.xlsx"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(stripped, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename.startswith("xl/worksheets/"):
                start = data.find(b"<dimension")
                if start >= 0:
                    data = data[:start] + data[data.find(b"/>", start) + 2 :]
            dst.writestr(item, data)
    report, before, after = _import(stripped)
    assert not report.imported and after == before
    assert "vượt giới hạn" in report.issues[0].reason


@pytest.mark.parametrize(
    ("value", "safe"),
    [
        ('=HYPERLINK("http://x","bấm")', '\'=HYPERLINK("http://x","bấm")'),
        ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
        ("-2+3", "'-2+3"),
        ("@SUM(1)", "'@SUM(1)"),
        ("\t=1", "'\t=1"),
        ("-5", "-5"),
        ("+84912345678", "+84912345678"),
        ("Xã An Bình", "Xã An Bình"),
        (12, 12),
        (None, None),
    ],
)
def test_safe_cell_neutralises_formulas(value: object, safe: object) -> None:
    """Rule: text a spreadsheet would run as a formula is prefixed with an apostrophe; numbers and text stay."""
    assert safe_cell(value) == safe


def test_rejected_rows_file_neutralises_formulas(tmp_path: Path) -> None:
    """Rule: the refused-rows CSV chiso writes back (<file>.loai.csv) holds the user's cells, so formula-like
    cells are neutralised there."""
    path = tmp_path / "hoso.csv"
    rows = [HEADER, ['=HYPERLINK("http://x")', COMMUNE_A, "1.000001", "online", "không phải ngày", "", "@SUM(1)"]]
    buf = io.StringIO()
    csv.writer(buf).writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")
    before = STORE.counts()
    report = import_file(STORE, path, skip_invalid=True)  # the refused rows go to hoso.loai.csv
    assert STORE.counts() == before
    assert report.rejected_path is not None
    with report.rejected_path.open(encoding="utf-8-sig") as f:
        out = list(csv.reader(f))
    cells = [c for row in out[1:] for c in row]
    assert '\'=HYPERLINK("http://x")' in cells and "'@SUM(1)" in cells
    assert not any(c.startswith(("=", "@", "+")) for c in cells)


def test_issues_csv_neutralises_formulas(tmp_path: Path) -> None:
    """Rule: the problem list saved by ``chiso import --issues`` quotes values from the user's file: no formula."""
    from chiso.cli.cmd_import import write_issues
    from chiso.ingest import Issue

    out = tmp_path / "loi.csv"
    write_issues(out, [Issue("=tep.csv", IssueCode.INVALID_VALUE, "sai", row=2, column="@A", value="=1+1")])
    with out.open(encoding="utf-8-sig") as f:
        rows = list(csv.reader(f))
    assert rows[1][0] == "'=tep.csv" and rows[1][2] == "'@A" and rows[1][3] == "'=1+1"
