"""Readers: CSV (encodings, delimiters, broken rows), JSON (three shapes), XLSX (cells, corrupt files)."""

from __future__ import annotations

import datetime as dt
import unicodedata
import zipfile
from pathlib import Path

import pytest

from chiso.ingest.issues import FileProblem, IssueCode
from chiso.ingest.readers import Chunk, open_source, sniff_delimiter
from tests.test_ingest_support import DOSSIER_HEADER, GOOD_DOSSIERS, write_csv, write_json, write_xlsx


def read_all(path: Path) -> tuple[list[str], list[dict[str, str | None]], list[int], list[Chunk]]:
    with open_source(path) as source:
        chunks = list(source.chunks())
        headers = source.headers
    rows: list[dict[str, str | None]] = []
    numbers: list[int] = []
    for chunk in chunks:
        cols = [chunk.table.column(i).to_pylist() for i in range(len(chunk.headers))]
        for j in range(chunk.num_rows):
            rows.append({h: cols[i][j] for i, h in enumerate(chunk.headers)})
        numbers.extend(chunk.rows.tolist())
    return headers, rows, numbers, chunks


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_csv_delimiter_is_sniffed(tmp_path: Path, delimiter: str) -> None:
    """Rule: the delimiter is , ; or tab, guessed from the header line."""
    path = write_csv(tmp_path / "hoso.csv", DOSSIER_HEADER, GOOD_DOSSIERS, delimiter=delimiter)
    headers, rows, numbers, _ = read_all(path)
    assert headers == DOSSIER_HEADER
    assert rows[0]["KenhThucHien"] == "Trực tuyến"
    assert numbers == [2, 3, 4]  # the header is row 1


def test_sniffing_ignores_delimiters_inside_quotes() -> None:
    """Rule: a comma inside a quoted Vietnamese name does not make the file comma-separated."""
    assert sniff_delimiter('"Tên, đầy đủ";"Mã";"Cấp"') == ";"


def test_csv_with_bom_reads_the_first_header_cleanly(tmp_path: Path) -> None:
    """Rule: UTF-8 with BOM (Excel's "CSV UTF-8") is read; the BOM is not part of the first header."""
    path = write_csv(tmp_path / "hoso.csv", DOSSIER_HEADER, GOOD_DOSSIERS, bom=True)
    headers, rows, _, _ = read_all(path)
    assert headers[0] == "MaHoSo"
    assert rows[0]["MaHoSo"] == "HS001"


def test_csv_in_windows_1258_is_refused_with_line_and_byte(tmp_path: Path) -> None:
    """Error class MALFORMED_ENCODING: a non-UTF-8 file is named with the line and byte of the bad byte."""
    path = tmp_path / "hoso.csv"
    text = "MaHoSo,TenDonVi\nHS001,Xa An Binh\nHS002,Hòa Bình\n"
    # Windows-1258 writes tone marks as separate combining bytes: "ò" is "o" + 0xCC.
    data = unicodedata.normalize("NFD", text).encode("cp1258")
    path.write_bytes(data)
    with pytest.raises(FileProblem) as exc, open_source(path) as source:
        list(source.chunks())
    issue = exc.value.issue
    assert issue.code is IssueCode.MALFORMED_ENCODING
    assert issue.file == "hoso.csv"
    assert "dòng 3" in issue.reason
    offset = data.index(b"Ho\xcc") + 2
    assert f"vị trí byte {offset}" in issue.reason
    assert "UTF-8" in issue.reason


def test_latin1_header_is_refused_before_reading_rows(tmp_path: Path) -> None:
    """Error class MALFORMED_ENCODING in the header line itself."""
    path = tmp_path / "x.csv"
    path.write_bytes(b"M\xe3,T\xean\n1,2\n")
    with pytest.raises(FileProblem) as exc:
        open_source(path)
    assert exc.value.issue.code is IssueCode.MALFORMED_ENCODING
    assert "dòng 1" in exc.value.issue.reason


def test_utf16_csv_is_refused(tmp_path: Path) -> None:
    """Error class MALFORMED_ENCODING: Excel's "Unicode text" (UTF-16) is not accepted."""
    path = tmp_path / "x.csv"
    path.write_bytes("MaHoSo\tMaDonVi\n".encode("utf-16"))
    with pytest.raises(FileProblem) as exc:
        open_source(path)
    assert exc.value.issue.code is IssueCode.MALFORMED_ENCODING


def test_csv_rows_with_wrong_cell_counts_are_malformed_and_numbering_stays_true(tmp_path: Path) -> None:
    """Error class MALFORMED_ROW; the following rows keep the numbers the user sees."""
    path = tmp_path / "hoso.csv"
    path.write_text('a,b,c\n1,2,3\n4,5\n6,7,8\n"x\ny",9,10\n1,2,3,4\n11,12,13\n', encoding="utf-8")
    _, rows, numbers, chunks = read_all(path)
    malformed = [m for c in chunks for m in c.malformed]
    assert [(m.row, m.text) for m in malformed] == [(3, "4,5"), (6, "1,2,3,4")]
    assert [r["a"] for r in rows] == ["1", "6", "x\ny", "11"]
    assert numbers == [2, 4, 5, 7]


def test_empty_csv_is_a_malformed_file(tmp_path: Path) -> None:
    """Error class MALFORMED_FILE: no header row."""
    path = tmp_path / "empty.csv"
    path.write_text("\n\n", encoding="utf-8")
    with pytest.raises(FileProblem) as exc:
        open_source(path)
    assert exc.value.issue.code is IssueCode.MALFORMED_FILE


@pytest.mark.parametrize("shape", ["array", "records", "lines"])
def test_json_shapes(tmp_path: Path, shape: str) -> None:
    """Rule: JSON array of objects, {"records": [...]}, or JSON Lines; rows are indexes (array) or lines."""
    suffix = ".jsonl" if shape == "lines" else ".json"
    path = write_json(tmp_path / f"hoso{suffix}", DOSSIER_HEADER, GOOD_DOSSIERS, shape=shape)
    headers, rows, numbers, _ = read_all(path)
    assert headers == DOSSIER_HEADER
    assert rows[2]["MaDonVi"] == GOOD_DOSSIERS[2][1]
    assert numbers == ([1, 2, 3] if shape == "lines" else [0, 1, 2])


def test_json_lines_are_recognised_in_a_json_file(tmp_path: Path) -> None:
    """Rule: a .json whose first line is a complete object is read as JSON Lines."""
    path = write_json(tmp_path / "hoso.json", DOSSIER_HEADER, GOOD_DOSSIERS, shape="lines")
    with open_source(path) as source:
        assert source.format == "jsonl"


def test_json_numbers_and_booleans_become_text(tmp_path: Path) -> None:
    """Rule: JSON values are read as the text a CSV would hold."""
    path = tmp_path / "tt.json"
    path.write_text('[{"MaGiaoDich": 12, "SoTien": 50000.0, "DaDongBo": true, "MaHoSo": null}]', encoding="utf-8")
    _, rows, _, _ = read_all(path)
    assert rows == [{"MaGiaoDich": "12", "SoTien": "50000", "DaDongBo": "true", "MaHoSo": None}]


def test_json_syntax_error_is_a_malformed_file_with_its_position(tmp_path: Path) -> None:
    """Error class MALFORMED_FILE for broken JSON, with line and column."""
    path = tmp_path / "bad.json"
    path.write_text('[{"MaHoSo": "HS1"},\n {"MaHoSo": }]', encoding="utf-8")
    with pytest.raises(FileProblem) as exc:
        open_source(path)
    assert exc.value.issue.code is IssueCode.MALFORMED_FILE
    assert "dòng 2" in exc.value.issue.reason


def test_json_elements_that_are_not_objects_are_malformed_rows(tmp_path: Path) -> None:
    """Error class MALFORMED_ROW for an array element / a line that is not an object."""
    path = tmp_path / "x.json"
    path.write_text('[{"MaHoSo": "HS1"}, 5, {"MaHoSo": "HS2"}]', encoding="utf-8")
    _, _, numbers, chunks = read_all(path)
    assert numbers == [0, 2]
    assert [(m.row, m.text) for c in chunks for m in c.malformed] == [(1, "5")]
    lines = tmp_path / "x.jsonl"
    lines.write_text('{"MaHoSo": "HS1"}\n{"MaHoSo": \n[1]\n', encoding="utf-8")
    _, _, numbers, chunks = read_all(lines)
    assert numbers == [1]
    assert [m.row for c in chunks for m in c.malformed] == [2, 3]


def test_xlsx_first_sheet_with_date_cells(tmp_path: Path) -> None:
    """Rule: XLSX first sheet, header row 1, Excel date cells read as dates, integral numbers without .0."""
    rows = [
        ["HS001", "99001", "1.000001", "Trực tuyến", dt.datetime(2024, 1, 5, 8, 0), dt.datetime(2024, 1, 10)],
        [None, None, None, None, None, None],
        ["HS002", 99002, "1.000002", "Trực tiếp", dt.datetime(2024, 1, 6, 9, 30), "12/01/2024"],
    ]
    path = write_xlsx(tmp_path / "hoso.xlsx", DOSSIER_HEADER, rows)
    headers, out, numbers, _ = read_all(path)
    assert headers == DOSSIER_HEADER
    assert numbers == [2, 4]  # the empty row 3 is skipped but keeps its number
    assert out[0]["NgayTiepNhan"] == "2024-01-05T08:00:00"
    assert out[0]["NgayHenTra"] == "2024-01-10"  # a date cell
    assert out[1]["MaDonVi"] == "99002"


def test_corrupt_xlsx_is_refused_cleanly(tmp_path: Path) -> None:
    """Error class MALFORMED_FILE: a non-zip file, or a zip that is not a workbook."""
    not_zip = tmp_path / "hoso.xlsx"
    not_zip.write_bytes(b"this is not a workbook")
    with pytest.raises(FileProblem) as exc:
        open_source(not_zip)
    assert exc.value.issue.code is IssueCode.MALFORMED_FILE
    assert exc.value.issue.file == "hoso.xlsx"
    wrong_zip = tmp_path / "other.xlsx"
    with zipfile.ZipFile(wrong_zip, "w") as z:
        z.writestr("hello.txt", "xin chào")
    with pytest.raises(FileProblem) as exc:
        open_source(wrong_zip)
    assert exc.value.issue.code is IssueCode.MALFORMED_FILE
    truncated = tmp_path / "cut.xlsx"
    good = write_xlsx(tmp_path / "good.xlsx", DOSSIER_HEADER, GOOD_DOSSIERS).read_bytes()
    truncated.write_bytes(good[: len(good) // 2])
    with pytest.raises(FileProblem) as exc:
        open_source(truncated)
    assert exc.value.issue.code is IssueCode.MALFORMED_FILE


def test_old_xls_is_refused_with_advice(tmp_path: Path) -> None:
    """Error class MALFORMED_FILE: .xls (binary Excel 97) must be saved as .xlsx or CSV UTF-8."""
    path = tmp_path / "hoso.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(FileProblem) as exc:
        open_source(path)
    assert ".xlsx" in exc.value.issue.reason


def test_missing_file_is_reported(tmp_path: Path) -> None:
    """Rule: a path that does not exist is a file problem, not a crash."""
    with pytest.raises(FileProblem):
        open_source(tmp_path / "none.csv")


def test_csv_with_windows_line_ends_and_semicolons(tmp_path: Path) -> None:
    """Rule: Excel's Vietnamese-locale export (CRLF, ";", BOM) reads like any other CSV."""
    path = tmp_path / "hoso.csv"
    lines = [";".join(DOSSIER_HEADER)] + [";".join(r) for r in GOOD_DOSSIERS]
    path.write_bytes(b"\xef\xbb\xbf" + "\r\n".join(lines).encode("utf-8") + b"\r\n")
    headers, rows, numbers, _ = read_all(path)
    assert headers == DOSSIER_HEADER
    assert rows[2]["NgayHenTra"] == "2024-01-22"
    assert numbers == [2, 3, 4]


def test_json_lines_with_keys_that_appear_late(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Rule: in JSON Lines a column may first appear after the first chunk; later chunks widen the header."""
    from chiso.ingest import readers

    path = tmp_path / "hoso.jsonl"
    path.write_text('{"MaHoSo": "A"}\n{"MaHoSo": "B", "NgayHenTra": "10/01/2024"}\n', encoding="utf-8")
    monkeypatch.setattr(readers, "JSON_CHUNK_ROWS", 1)
    headers, _, _, chunks = read_all(path)
    assert headers == ["MaHoSo"]
    assert [c.headers for c in chunks] == [["MaHoSo"], ["MaHoSo", "NgayHenTra"]]
