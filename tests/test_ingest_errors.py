"""Every import error class, on small real files: the problem is reported as file, row, column, value, reason
and code — and the store is exactly as before (counts and content)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from chiso.ingest import FileReport, IssueCode, import_file
from chiso.ingest import readers as readers_module
from chiso.store import Store
from tests.test_ingest_support import (
    COMMUNE_A,
    COMMUNE_B,
    DOSSIER_HEADER,
    GOOD_DOSSIERS,
    snapshot,
    write_csv,
    write_json,
    write_xlsx,
)


def refused(store: Store, path: Path, **options: Any) -> FileReport:
    """Import ``path`` expecting a refusal; check that nothing changed in the store."""
    before = snapshot(store)
    report = import_file(store, path, **options)
    assert report.failed and not report.imported
    assert report.rows_written == 0
    assert snapshot(store) == before, "a refused import changed the store"
    return report


def only(report: FileReport, code: IssueCode) -> list[Any]:
    return [i for i in report.issues if i.code is code]


def dossiers_with(tmp_path: Path, fmt: str, bad_row: list[Any], header: list[str] | None = None) -> Path:
    """The good dossiers plus ``bad_row`` (third data row) in ``fmt``."""
    rows = [GOOD_DOSSIERS[0], GOOD_DOSSIERS[1], bad_row, GOOD_DOSSIERS[2]]
    head = header or DOSSIER_HEADER
    if fmt == "csv":
        return write_csv(tmp_path / "hoso.csv", head, rows)
    if fmt == "json":
        return write_json(tmp_path / "hoso.json", head, rows)
    if fmt == "jsonl":
        return write_json(tmp_path / "hoso.jsonl", head, rows, shape="lines")
    return write_xlsx(tmp_path / "hoso.xlsx", head, rows)


# Row of the bad record as the user sees it: CSV/XLSX row 4 (header = 1), JSON index 2, JSON Lines line 3.
BAD_ROW = {"csv": 4, "xlsx": 4, "json": 2, "jsonl": 3}
FORMATS = ["csv", "json", "jsonl", "xlsx"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_wrong_type_is_an_invalid_value(store: Store, tmp_path: Path, fmt: str) -> None:
    """Error class INVALID_VALUE: a reception date that does not exist, in every format."""
    path = dossiers_with(tmp_path, fmt, ["HS009", COMMUNE_A, "1.000001", "Trực tuyến", "31/02/2024", None])
    report = refused(store, path)
    [issue] = report.issues
    assert issue.code is IssueCode.INVALID_VALUE
    assert (issue.file, issue.row, issue.column, issue.value) == (path.name, BAD_ROW[fmt], "NgayTiepNhan", "31/02/2024")
    assert "không tồn tại" in issue.reason


def test_text_in_an_xlsx_date_column_is_an_invalid_value(store: Store, tmp_path: Path) -> None:
    """Error class INVALID_VALUE in XLSX, next to real date cells."""
    rows = [
        ["HS001", COMMUNE_A, "1.000001", "Trực tuyến", dt.datetime(2024, 1, 5, 8), dt.datetime(2024, 1, 9)],
        ["HS002", COMMUNE_A, "1.000001", "Trực tuyến", "hôm qua", None],
    ]
    report = refused(store, write_xlsx(tmp_path / "hoso.xlsx", DOSSIER_HEADER, rows))
    [issue] = report.issues
    assert (issue.code, issue.row, issue.column, issue.value) == (IssueCode.INVALID_VALUE, 3, "NgayTiepNhan", "hôm qua")


@pytest.mark.parametrize("fmt", ["csv", "json", "xlsx"])
def test_value_outside_its_vocabulary(store: Store, tmp_path: Path, fmt: str) -> None:
    """Error class NOT_IN_VOCABULARY: channel "fax"."""
    path = dossiers_with(tmp_path, fmt, ["HS009", COMMUNE_A, "1.000001", "fax", "05/01/2024", None])
    [issue] = refused(store, path).issues
    assert (issue.code, issue.row, issue.column, issue.value) == (
        IssueCode.NOT_IN_VOCABULARY,
        BAD_ROW[fmt],
        "KenhThucHien",
        "fax",
    )


def test_missing_required_column(store: Store, tmp_path: Path) -> None:
    """Error class MISSING_COLUMN (entity given; without it the header is not recognised at all)."""
    header = ["MaHoSo", "MaDonVi", "MaTTHC", "KenhThucHien", "NgayHenTra"]
    path = write_csv(tmp_path / "hoso.csv", header, [["HS1", COMMUNE_A, "1.000001", "online", "09/01/2024"]])
    report = refused(store, path, entity="dossiers")
    [issue] = report.issues
    assert issue.code is IssueCode.MISSING_COLUMN
    assert issue.row is None and "NgayTiepNhan" in issue.reason
    unknown = refused(store, path)
    assert unknown.issues[0].code is IssueCode.UNKNOWN_ENTITY
    assert "NgayTiepNhan" in unknown.issues[0].reason  # the closest entity's missing column


def test_missing_required_value(store: Store, tmp_path: Path) -> None:
    """Error class MISSING_VALUE: an empty unit code."""
    path = dossiers_with(tmp_path, "csv", ["HS009", None, "1.000001", "online", "05/01/2024", None])
    [issue] = refused(store, path).issues
    assert (issue.code, issue.row, issue.column, issue.value) == (IssueCode.MISSING_VALUE, 4, "MaDonVi", None)


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_unknown_unit(store: Store, tmp_path: Path, fmt: str) -> None:
    """Error class UNKNOWN_UNIT: the dossier's unit is not in the store."""
    path = dossiers_with(tmp_path, fmt, ["HS009", "77777", "1.000001", "online", "05/01/2024", None])
    [issue] = refused(store, path).issues
    assert (issue.code, issue.row, issue.column, issue.value) == (
        IssueCode.UNKNOWN_UNIT,
        BAD_ROW[fmt],
        "MaDonVi",
        "77777",
    )


def test_unknown_unit_with_lost_leading_zero_gets_a_hint(store: Store, tmp_path: Path) -> None:
    """Error class UNKNOWN_UNIT: a numeric code that lost its leading zero in Excel is explained."""
    path = dossiers_with(tmp_path, "csv", ["HS009", "9001", "1.000001", "online", "05/01/2024", None])
    [issue] = refused(store, path).issues
    assert issue.code is IssueCode.UNKNOWN_UNIT and "số 0" in issue.reason


def test_unknown_procedure_is_judged_in_the_units_own_catalogue(store: Store, tmp_path: Path) -> None:
    """Error class UNKNOWN_PROCEDURE: TTHC (authority = the unit's province, code) must exist. 1.000009 exists,
    but only in the other province's catalogue."""
    path = dossiers_with(tmp_path, "csv", ["HS009", COMMUNE_B, "1.000009", "online", "05/01/2024", None])
    [issue] = refused(store, path).issues
    assert (issue.code, issue.row, issue.column, issue.value) == (IssueCode.UNKNOWN_PROCEDURE, 4, "MaTTHC", "1.000009")
    assert "«99»" in issue.reason


def test_unknown_dossier_for_payments_and_events(store: Store, tmp_path: Path) -> None:
    """Error class UNKNOWN_DOSSIER: a payment or an event of a dossier the store does not hold."""
    pay = write_csv(
        tmp_path / "thanhtoan.csv",
        ["MaGiaoDich", "MaHoSo", "SoTien", "HinhThucThanhToan", "NgayThanhToan"],
        [["GD1", "HS404", "50.000", "Trực tuyến", "05/01/2024 10:00"]],
    )
    [issue] = refused(store, pay).issues
    assert (issue.code, issue.row, issue.column, issue.value) == (IssueCode.UNKNOWN_DOSSIER, 2, "MaHoSo", "HS404")
    ev = write_json(
        tmp_path / "sukien.json",
        ["MaHoSo", "TrangThai", "ThoiGian"],
        [["HS404", "Đã trả kết quả", "2024-01-06T10:00:00+07:00"]],
    )
    [issue] = refused(store, ev).issues
    assert (issue.code, issue.row, issue.column) == (IssueCode.UNKNOWN_DOSSIER, 0, "MaHoSo")


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_due_date_before_reception(store: Store, tmp_path: Path, fmt: str) -> None:
    """Error class DUE_BEFORE_RECEIVED (a due date on the reception day itself is fine: it means that day)."""
    path = dossiers_with(tmp_path, fmt, ["HS009", COMMUNE_A, "1.000001", "online", "05/01/2024 08:00", "04/01/2024"])
    [issue] = refused(store, path).issues
    assert (issue.code, issue.row, issue.column, issue.value) == (
        IssueCode.DUE_BEFORE_RECEIVED,
        BAD_ROW[fmt],
        "NgayHenTra",
        "04/01/2024",
    )
    assert "04/01/2024 23:59" in issue.reason and "05/01/2024 08:00" in issue.reason


def test_petition_deadline_before_reception(store: Store, tmp_path: Path) -> None:
    """Error class DUE_BEFORE_RECEIVED for PAKN (hạn xử lý)."""
    path = write_csv(
        tmp_path / "pakn.csv",
        ["MaPAKN", "MaDonVi", "NgayTiepNhan", "NgayHanXuLy"],
        [["PA1", COMMUNE_A, "10/01/2024", "09/01/2024"]],
    )
    [issue] = refused(store, path).issues
    assert (issue.code, issue.column) == (IssueCode.DUE_BEFORE_RECEIVED, "NgayHanXuLy")


def test_duplicate_key_inside_a_file(store: Store, tmp_path: Path) -> None:
    """Error class DUPLICATE_KEY: the second occurrence is refused and names the first."""
    path = dossiers_with(tmp_path, "csv", ["HS001", COMMUNE_B, "1.000002", "online", "05/01/2024", None])
    [issue] = refused(store, path).issues
    assert (issue.code, issue.row, issue.column, issue.value) == (IssueCode.DUPLICATE_KEY, 4, "MaHoSo", "HS001")
    assert "dòng 2" in issue.reason


def test_duplicate_key_across_chunks_of_a_large_file(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Error class DUPLICATE_KEY when the two rows are read in different chunks; row numbers stay exact."""
    monkeypatch.setattr(readers_module, "CSV_BLOCK_BYTES", 256)
    rows = [[f"HS{i:04d}", COMMUNE_A, "1.000001", "online", "05/01/2024", None] for i in range(60)]
    rows.append(["HS0003", COMMUNE_A, "1.000001", "online", "05/01/2024", None])
    path = write_csv(tmp_path / "hoso.csv", DOSSIER_HEADER, rows)
    report = refused(store, path)
    [issue] = report.issues
    assert (issue.code, issue.row, issue.value) == (IssueCode.DUPLICATE_KEY, 62, "HS0003")
    assert "dòng 5" in issue.reason
    assert report.rows_read == 61


def test_duplicate_procedure_key_is_the_authority_and_code_pair(store: Store, tmp_path: Path) -> None:
    """Error class DUPLICATE_KEY on a composite key: the same code under two authorities is not a duplicate."""
    header = ["MaCoQuanCongBo", "MaTTHC", "TenTTHC", "CapThucHien", "MucDoDVC"]
    rows = [
        ["99", "1.000100", "A", "Cấp xã", "Toàn trình"],
        ["98", "1.000100", "A", "Cấp xã", "Một phần"],
        ["99", "1.000100", "A bis", "Cấp xã", "Không"],
    ]
    [issue] = refused(store, write_csv(tmp_path / "tthc.csv", header, rows)).issues
    assert (issue.code, issue.row, issue.column) == (IssueCode.DUPLICATE_KEY, 4, "MaTTHC")


def test_malformed_encoding_writes_nothing(store: Store, tmp_path: Path) -> None:
    """Error class MALFORMED_ENCODING: a Latin-1 file is refused whole — even when the bad byte sits in a column
    the import would ignore — naming file, line and byte."""
    path = tmp_path / "hoso.csv"
    lines = (
        [",".join([*DOSSIER_HEADER, "GhiChu"])]
        + [f"HS01{i},{COMMUNE_A},1.000001,online,05/01/2024,,Ghi chu" for i in range(3)]
        + [f"HS019,{COMMUNE_A},1.000001,online,05/01/2024,,Hòa Bình"]
    )
    path.write_bytes(("\n".join(lines) + "\n").encode("latin-1"))
    report = refused(store, path)
    [issue] = report.issues
    assert issue.code is IssueCode.MALFORMED_ENCODING and issue.file == "hoso.csv"
    assert "dòng 5" in issue.reason and "0xF2" in issue.reason


def test_malformed_xlsx_writes_nothing(store: Store, tmp_path: Path) -> None:
    """Error class MALFORMED_FILE: a corrupt workbook."""
    path = tmp_path / "hoso.xlsx"
    path.write_bytes(b"PK\x03\x04 broken")
    [issue] = refused(store, path).issues
    assert issue.code is IssueCode.MALFORMED_FILE and issue.file == "hoso.xlsx"


def test_malformed_csv_row(store: Store, tmp_path: Path) -> None:
    """Error class MALFORMED_ROW: a CSV line with too many cells."""
    path = tmp_path / "hoso.csv"
    text = ",".join(DOSSIER_HEADER) + "\n" + ",".join(GOOD_DOSSIERS[0]) + "\nHS9,a,b,c,d,e,f,g\n"
    path.write_text(text, encoding="utf-8")
    [issue] = refused(store, path).issues
    assert (issue.code, issue.row) == (IssueCode.MALFORMED_ROW, 3)
    assert issue.value == "HS9,a,b,c,d,e,f,g"


def test_duplicate_column(store: Store, tmp_path: Path) -> None:
    """Error class DUPLICATE_COLUMN: MaHoSo and SoHoSo both name the dossier code."""
    header = [*DOSSIER_HEADER, "SoHoSo"]
    path = write_csv(tmp_path / "hoso.csv", header, [[*GOOD_DOSSIERS[0], "X"]])
    [issue] = refused(store, path).issues
    assert issue.code is IssueCode.DUPLICATE_COLUMN and "MaHoSo" in issue.reason


def test_ambiguous_entity(store: Store, tmp_path: Path) -> None:
    """Error class AMBIGUOUS_ENTITY: the header fits payments and events equally."""
    header = [
        "MaHoSo",
        "MaGiaoDich",
        "SoTien",
        "HinhThucThanhToan",
        "NgayThanhToan",
        "TrangThai",
        "ThoiGian",
        "GhiChu",
        "NguoiXuLy",
    ]
    path = write_csv(tmp_path / "x.csv", header, [["HS001"] + ["1"] * 8])
    [issue] = refused(store, path).issues
    assert issue.code is IssueCode.AMBIGUOUS_ENTITY and "--entity" in issue.reason


def test_unit_cycle_is_refused_row_by_row(store: Store, tmp_path: Path) -> None:
    """Error class INVALID_VALUE for a cycle in the unit tree, within the file or through the store's units."""
    path = write_csv(
        tmp_path / "donvi.csv",
        ["MaDonVi", "TenDonVi", "CapDonVi", "MaDonViCha"],
        [["X1", "Một", "Xã", "X2"], ["X2", "Hai", "Xã", "X1"], ["99", "Tỉnh Thử Nghiệm", "Tỉnh", COMMUNE_A]],
    )  # 99 under its own commune
    report = refused(store, path)
    assert [(i.code, i.row, i.column) for i in report.issues] == [
        (IssueCode.INVALID_VALUE, 2, "MaDonViCha"),
        (IssueCode.INVALID_VALUE, 3, "MaDonViCha"),
        (IssueCode.INVALID_VALUE, 4, "MaDonViCha"),
    ]
    assert "X1 → X2 → X1" in report.issues[0].reason


def test_a_store_failure_in_a_late_chunk_rolls_back_the_earlier_chunks(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Error class STORE_REJECTED, and atomicity: the store fails while writing the third chunk of a file whose
    first two chunks were already written; the whole file is rolled back."""
    from chiso.ingest import importer
    from chiso.store.units import UnitTreeError

    monkeypatch.setattr(readers_module, "CSV_BLOCK_BYTES", 512)
    monkeypatch.setattr(importer, "WRITE_BATCH_ROWS", 10)
    rows = [[f"HS{i:04d}", COMMUNE_A, "1.000001", "online", "05/01/2024", None] for i in range(80)]
    path = write_csv(tmp_path / "hoso.csv", DOSSIER_HEADER, rows)
    real_write = importer.write_records
    calls: list[int] = []

    def failing_write(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        if len(calls) == 3:
            raise UnitTreeError("lỗi giả lập khi ghi")
        return real_write(*args, **kwargs)

    monkeypatch.setattr(importer, "write_records", failing_write)
    [issue] = refused(store, path).issues
    assert issue.code is IssueCode.STORE_REJECTED and "lỗi giả lập" in issue.reason
    assert len(calls) == 3


def test_unit_with_unknown_parent(store: Store, tmp_path: Path) -> None:
    """Error class UNKNOWN_UNIT for a parent neither in the store nor in the file (its children follow)."""
    path = write_csv(
        tmp_path / "donvi.csv",
        ["MaDonVi", "TenDonVi", "CapDonVi", "MaDonViCha"],
        [
            ["55", "Tỉnh Mới", "Tỉnh", ""],
            ["55001", "Xã Một", "Xã", "55"],
            ["66001", "Xã Lạc", "Xã", "66"],
            ["66001.1", "Thôn", "Xã", "66001"],
        ],
    )
    report = refused(store, path)
    assert [(i.code, i.row, i.column) for i in report.issues] == [
        (IssueCode.UNKNOWN_UNIT, 4, "MaDonViCha"),
        (IssueCode.UNKNOWN_UNIT, 5, "MaDonViCha"),
    ]


def test_procedure_authority_must_be_a_province_or_ministry(store: Store, tmp_path: Path) -> None:
    """Error class UNKNOWN_UNIT: a TTHC catalogue belongs to a root unit, not to a commune."""
    header = ["MaCoQuanCongBo", "MaTTHC", "TenTTHC", "CapThucHien", "MucDoDVC", "MaCoQuanThucHien"]
    rows = [
        [COMMUNE_A, "1.000100", "A", "Cấp xã", "Toàn trình", ""],
        ["99", "2.000100", "B", "Cấp tỉnh", "Một phần", "99.XYZ"],
    ]
    report = refused(store, write_csv(tmp_path / "tthc.csv", header, rows))
    assert [(i.code, i.row, i.column) for i in report.issues] == [
        (IssueCode.UNKNOWN_UNIT, 2, "MaCoQuanCongBo"),
        (IssueCode.UNKNOWN_UNIT, 3, "MaCoQuanThucHien"),
    ]


def test_every_problem_is_reported_not_only_the_first(store: Store, tmp_path: Path) -> None:
    """Rule: all problems of all rows, several per row when a row has several."""
    rows = [
        ["HS001", "77777", "1.000001", "fax", "05/01/2024", None],  # unknown unit + vocabulary
        ["HS002", COMMUNE_A, "1.000001", "online", "32/01/2024", "x"],  # two invalid values
        ["HS003", COMMUNE_A, "1.000001", "online", "05/01/2024", None],  # fine
        ["HS001", COMMUNE_A, "1.000001", "online", "05/01/2024", "01/01/2024"],  # duplicate + due before
    ]
    report = refused(store, write_csv(tmp_path / "hoso.csv", DOSSIER_HEADER, rows))
    got = sorted((i.row, i.code.value, i.column) for i in report.issues)
    assert got == sorted(
        [
            (2, "UNKNOWN_UNIT", "MaDonVi"),
            (2, "NOT_IN_VOCABULARY", "KenhThucHien"),
            (3, "INVALID_VALUE", "NgayTiepNhan"),
            (3, "INVALID_VALUE", "NgayHenTra"),
            (5, "DUPLICATE_KEY", "MaHoSo"),
            (5, "DUE_BEFORE_RECEIVED", "NgayHenTra"),
        ]
    )
    assert report.rows_read == 4 and report.rows_rejected == 3
    text = report.issues[0].describe()
    assert text.startswith("hoso.csv, dòng 2, cột ") and "[" in text
