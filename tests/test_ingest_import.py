"""Successful imports: what is written, --skip-invalid, idempotent re-import, newer versions with history kept,
several files in dependency order, the import log."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from chiso.ingest import IssueCode, import_file, import_paths
from chiso.ingest import readers as readers_module
from chiso.store import Store
from chiso.timeutil import VN_TZ
from tests.backends import select_except
from tests.test_ingest_support import (
    COMMUNE_A,
    COMMUNE_B,
    DEPARTMENT,
    DOSSIER_HEADER,
    GOOD_DOSSIERS,
    snapshot,
    write_csv,
    write_json,
    write_xlsx,
)


def vn(*parts: int) -> dt.datetime:
    return dt.datetime(*parts, tzinfo=VN_TZ)  # type: ignore[misc]


def rows(store: Store, sql: str) -> list[tuple[Any, ...]]:
    return store.con.execute(sql).fetchall()


def business(store: Store) -> dict[str, list[tuple[Any, ...]]]:
    """The store's content without the columns that record when a write happened."""
    snap = snapshot(store)
    snap.pop("import_log")
    snap["dossiers"] = sorted(rows(store, select_except(store, "dossiers", "source_updated_at", "written_at")))
    snap["dossier_events"] = sorted(rows(store, select_except(store, "dossier_events", "written_at")))
    snap["payments"] = sorted(rows(store, select_except(store, "payments", "written_at")))
    snap["petitions"] = sorted(rows(store, select_except(store, "petitions", "source_updated_at", "written_at")))
    return snap


@pytest.mark.parametrize("fmt", ["csv", "json", "jsonl", "xlsx"])
def test_dossiers_with_vietnamese_headers_and_values_are_written(store: Store, tmp_path: Path, fmt: str) -> None:
    """Rule: alias headers and values accepted; instants stored as the local times written (spec §3 due dates)."""
    writer = {"csv": write_csv, "json": write_json, "xlsx": write_xlsx}
    path = tmp_path / f"hoso.{fmt}"
    if fmt == "jsonl":
        write_json(path, DOSSIER_HEADER, GOOD_DOSSIERS, shape="lines")
    else:
        writer[fmt](path, DOSSIER_HEADER, GOOD_DOSSIERS)
    report = import_file(store, path)
    assert report.imported and not report.issues, report.issues
    assert (report.entity, report.rows_read, report.rows_written, report.rows_rejected) == ("dossiers", 3, 3, 0)
    got = rows(
        store, "SELECT code, unit_code, procedure_code, channel, received_at, due_at FROM dossiers ORDER BY code"
    )
    assert got == [
        ("HS001", COMMUNE_A, "1.000001", "online", vn(2024, 1, 5, 8, 0), vn(2024, 1, 10, 23, 59, 59)),
        ("HS002", COMMUNE_B, "1.000002", "in_person", vn(2024, 1, 6, 9, 30), vn(2024, 1, 12, 23, 59, 59)),
        ("HS003", DEPARTMENT, "2.000001", "postal", vn(2024, 1, 8, 10, 0), vn(2024, 1, 22, 23, 59, 59)),
    ]
    assert store.count("dossier_facts") == 3


def test_status_times_become_events_with_deterministic_ids(store: Store, tmp_path: Path) -> None:
    """Rule: NgayKetThucXuLy, NgayTraKetQua … become dossier events (spec §3 terminal state by priority)."""
    header = [*DOSSIER_HEADER, "NgayYeuCauBoSung", "NgayBoSung", "NgayKetThucXuLy", "NgayTraKetQua", "NgayDongBo"]
    path = write_csv(
        tmp_path / "hoso.csv",
        header,
        [
            [
                *GOOD_DOSSIERS[0],
                "06/01/2024 09:00",
                "07/01/2024 10:00",
                "09/01/2024 15:00",
                "10/01/2024 08:00",
                "05/01/2024 08:05",
            ],
            [*GOOD_DOSSIERS[1], None, None, None, None, None],
        ],
    )
    report = import_file(store, path)
    assert report.imported and report.events_written == 4
    assert rows(store, "SELECT event_id, event_type, occurred_at FROM dossier_events ORDER BY occurred_at") == [
        ("HS001/supplement_requested/20240106T020000Z", "supplement_requested", vn(2024, 1, 6, 9)),
        ("HS001/supplement_completed/20240107T030000Z", "supplement_completed", vn(2024, 1, 7, 10)),
        ("HS001/finished/20240109T080000Z", "finished", vn(2024, 1, 9, 15)),
        ("HS001/result_returned/20240110T010000Z", "result_returned", vn(2024, 1, 10, 8)),
    ]
    facts = rows(
        store,
        "SELECT dossier_code, terminal_state, terminal_at, supplement1_at FROM dossier_facts ORDER BY dossier_code",
    )
    assert facts[0] == ("HS001", "finished", vn(2024, 1, 9, 15), vn(2024, 1, 6, 9))
    assert facts[1][1] is None
    # NgayDongBo alone means the dossier was synced.
    assert rows(store, "SELECT code, synced FROM dossiers ORDER BY code") == [("HS001", True), ("HS002", False)]


def test_reimporting_the_same_file_is_idempotent(store: Store, tmp_path: Path) -> None:
    """Rule: natural keys — a second import changes no count and no fact."""
    header = [*DOSSIER_HEADER, "NgayKetThucXuLy"]
    path = write_csv(tmp_path / "hoso.csv", header, [[*r, "09/01/2024 15:00"] for r in GOOD_DOSSIERS])
    assert import_file(store, path).imported
    first = business(store)
    counts = store.counts()
    again = import_file(store, path)
    assert again.imported and not again.issues
    assert store.counts() == counts
    assert business(store) == first
    assert store.count("import_log") == 2


def test_newer_dossier_version_replaces_older_and_history_is_kept(store: Store, tmp_path: Path) -> None:
    """Rule: a later source_updated_at (NgayCapNhat) replaces the dossier; every earlier event stays."""
    header = [*DOSSIER_HEADER, "NgayCapNhat", "NgayYeuCauBoSung", "NgayKetThucXuLy"]
    v1 = write_csv(tmp_path / "v1.csv", header, [[*GOOD_DOSSIERS[0], "06/01/2024 09:00", "06/01/2024 09:00", None]])
    v2 = write_csv(
        tmp_path / "v2.csv",
        header,
        [
            [
                "HS001",
                COMMUNE_A,
                "1.000001",
                "Trực tuyến",
                "05/01/2024 08:00",
                "15/01/2024",
                "12/01/2024 17:00",
                None,
                "12/01/2024 16:00",
            ]
        ],
    )
    assert import_file(store, v1).imported
    assert import_file(store, v2).imported
    assert rows(store, "SELECT due_at, source_updated_at FROM dossiers") == [
        (vn(2024, 1, 15, 23, 59, 59), vn(2024, 1, 12, 17))
    ]
    assert [r[0] for r in rows(store, "SELECT event_type FROM dossier_events ORDER BY occurred_at")] == [
        "supplement_requested",
        "finished",
    ]
    assert rows(store, "SELECT terminal_state, supplement1_at FROM dossier_facts") == [("finished", vn(2024, 1, 6, 9))]
    # Re-sending the older version afterwards changes nothing: the newer one stays.
    assert import_file(store, v1).imported
    assert rows(store, "SELECT due_at FROM dossiers") == [(vn(2024, 1, 15, 23, 59, 59),)]
    assert store.count("dossier_events") == 2


def test_skip_invalid_writes_the_valid_rows_and_saves_the_rejected_ones(store: Store, tmp_path: Path) -> None:
    """Rule: --skip-invalid writes only valid rows; rejected rows go to a CSV with the original columns + LyDo."""
    header = [*DOSSIER_HEADER, "GhiChu"]
    data = [
        [*GOOD_DOSSIERS[0], "một"],
        ["HS009", COMMUNE_A, "1.000001", "fax", "05/01/2024", None, "hai"],
        [*GOOD_DOSSIERS[1], "ba"],
        ["HS010", "77777", "1.000001", "online", "31/02/2024", None, "bốn"],
    ]
    path = write_csv(tmp_path / "hoso.csv", header, data, delimiter=";")
    report = import_file(store, path, skip_invalid=True)
    assert report.imported
    assert (report.rows_read, report.rows_written, report.rows_rejected) == (4, 2, 2)
    assert len(report.issues) == 3
    assert [r[0] for r in rows(store, "SELECT code FROM dossiers ORDER BY code")] == ["HS001", "HS002"]
    assert report.rejected_path == tmp_path / "hoso.loai.csv"
    raw = report.rejected_path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    with report.rejected_path.open(encoding="utf-8-sig", newline="") as f:
        saved = list(csv.DictReader(f))
    assert list(saved[0]) == [*header, "LyDo"]
    assert [(r["MaHoSo"], r["GhiChu"], r["KenhThucHien"]) for r in saved] == [
        ("HS009", "hai", "fax"),
        ("HS010", "bốn", "online"),
    ]
    assert saved[0]["LyDo"].startswith("Dòng 3 — cột KenhThucHien:")
    assert "NOT_IN_VOCABULARY" in saved[0]["LyDo"]
    assert "UNKNOWN_UNIT" in saved[1]["LyDo"] and "INVALID_VALUE" in saved[1]["LyDo"]
    log = rows(store, "SELECT entity, rows_read, rows_written, rows_rejected FROM import_log")
    assert log == [("dossiers", 4, 2, 2)]


def test_rejected_rows_can_be_fixed_and_imported_again(store: Store, tmp_path: Path) -> None:
    """Rule: the rejected file is importable once fixed (its LyDo column is ignored)."""
    data = [GOOD_DOSSIERS[0], ["HS009", COMMUNE_A, "1.000001", "fax", "05/01/2024", None]]
    report = import_file(
        store,
        write_csv(tmp_path / "hoso.csv", DOSSIER_HEADER, data),
        skip_invalid=True,
        rejected_out=tmp_path / "sua.csv",
    )
    assert report.rejected_path == tmp_path / "sua.csv"
    fixed = report.rejected_path.read_text(encoding="utf-8-sig").replace("fax", "Trực tiếp")
    report.rejected_path.write_text(fixed, encoding="utf-8-sig")
    again = import_file(store, report.rejected_path)
    assert again.imported and again.rows_written == 1 and any("LyDo" in w for w in again.warnings)
    assert store.count("dossiers") == 2


def test_skip_invalid_still_refuses_a_file_level_problem(store: Store, tmp_path: Path) -> None:
    """Rule: a missing column or a broken encoding is not a row that can be skipped: nothing is written."""
    before = snapshot(store)
    path = write_csv(tmp_path / "hoso.csv", DOSSIER_HEADER[:-2], [r[:-2] for r in GOOD_DOSSIERS])
    report = import_file(store, path, entity="dossiers", skip_invalid=True)
    assert report.failed and report.issues[0].code is IssueCode.MISSING_COLUMN
    assert report.rejected_path is None and snapshot(store) == before


def test_large_file_is_streamed_in_chunks_and_numbered_exactly(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Rule: chunked reading keeps row numbers and writes every chunk in the same transaction."""
    monkeypatch.setattr(readers_module, "CSV_BLOCK_BYTES", 300)
    data = [[f"HS{i:04d}", COMMUNE_A, "1.000001", "online", "05/01/2024 08:00", None] for i in range(100)]
    data[70][3] = "fax"
    path = write_csv(tmp_path / "hoso.csv", DOSSIER_HEADER, data)
    report = import_file(store, path, skip_invalid=True)
    assert report.imported and report.rows_written == 99
    assert [(i.row, i.value) for i in report.issues] == [(72, "fax")]
    assert store.count("dossiers") == 99


def test_several_files_are_imported_in_dependency_order(tmp_path: Path) -> None:
    """Rule: units → procedures → dossiers → events → payments → petitions, whatever order they are given in."""
    store = Store.open(tmp_path / "empty.duckdb")
    units = write_csv(
        tmp_path / "donvi.csv",
        ["MaDonVi", "TenDonVi", "CapDonVi", "MaDonViCha"],
        [["10001", "Xã Một", "Xã", "10"], ["10", "Tỉnh Mười", "Tỉnh", None]],
    )
    tthc = write_xlsx(
        tmp_path / "tthc.xlsx",
        ["MaCoQuanCongBo", "MaTTHC", "TenTTHC", "CapThucHien", "MucDoDVC", "CoPhi", "ThoiHanGiaiQuyet"],
        [["10", "1.000001", "Đăng ký khai sinh", "Cấp xã", "Toàn trình", "Có", "3 ngày làm việc"]],
    )
    dossiers = write_json(
        tmp_path / "hoso.json",
        DOSSIER_HEADER,
        [["H1", "10001", "1.000001", "online", "2024-01-05T08:00:00+07:00", "2024-01-09"]],
    )
    events = write_csv(
        tmp_path / "sukien.csv", ["MaHoSo", "TrangThai", "ThoiGian"], [["H1", "Đã xử lý xong", "08/01/2024 16:00"]]
    )
    payments = write_csv(
        tmp_path / "thanhtoan.csv",
        ["MaGiaoDich", "MaHoSo", "SoTien", "HinhThucThanhToan", "KenhThanhToan", "NgayThanhToan"],
        [["GD1", "H1", "50.000", "Trực tuyến", "Cổng DVCQG", "05/01/2024 08:10"]],
    )
    petitions = write_csv(
        tmp_path / "pakn.csv",
        ["MaPAKN", "MaDonVi", "NgayTiepNhan", "NgayHanXuLy", "SoLuotThich"],
        [["PA1", "10001", "02/01/2024", "20/01/2024", "3"]],
    )
    reports = import_paths(store, [petitions, payments, events, dossiers, tthc, units])
    assert [r.entity for r in reports] == ["units", "procedures", "dossiers", "dossier_events", "payments", "petitions"]
    assert all(r.imported and not r.issues for r in reports), [r.issues for r in reports]
    assert store.counts() == {
        "units": 2,
        "procedures": 1,
        "dossiers": 1,
        "dossier_events": 1,
        "payments": 1,
        "petitions": 1,
    }
    assert rows(store, "SELECT time_limit, time_limit_unit, fee_bearing FROM procedures") == [
        (3.0, "working_day", True)
    ]
    assert rows(store, "SELECT amount, method, gateway FROM payments") == [(50000, "online", "dvcqg")]
    assert rows(store, "SELECT terminal_state, paid_online FROM dossier_facts") == [("finished", True)]
    assert rows(store, "SELECT event_id FROM dossier_events") == [("H1/finished/20240108T090000Z",)]
    assert [r[0] for r in rows(store, "SELECT entity FROM import_log ORDER BY started_at")] == [
        "units",
        "procedures",
        "dossiers",
        "dossier_events",
        "payments",
        "petitions",
    ]
    store.close()


def test_import_stops_at_the_first_failed_file(store: Store, tmp_path: Path) -> None:
    """Rule: each file is its own all-or-nothing unit; after a failed file the next ones are not attempted."""
    bad_dossiers = write_csv(
        tmp_path / "hoso.csv",
        DOSSIER_HEADER,
        [GOOD_DOSSIERS[0], ["HS9", COMMUNE_A, "1.000001", "fax", "05/01/2024", None]],
    )
    petitions = write_csv(
        tmp_path / "pakn.csv", ["MaPAKN", "MaDonVi", "NgayTiepNhan"], [["PA1", COMMUNE_A, "02/01/2024"]]
    )
    units = write_csv(
        tmp_path / "donvi.csv", ["MaDonVi", "TenDonVi", "CapDonVi", "MaDonViCha"], [["99003", "Xã Mới", "Xã", "99"]]
    )
    reports = import_paths(store, [petitions, bad_dossiers, units])
    assert [(r.entity, r.imported, r.skipped) for r in reports] == [
        ("units", True, False),
        ("dossiers", False, False),
        ("petitions", False, True),
    ]
    assert store.count("units") == 7 and store.count("dossiers") == 0 and store.count("petitions") == 0


def test_nothing_is_imported_when_a_files_entity_cannot_be_told(store: Store, tmp_path: Path) -> None:
    """Rule: the order is unknown if one file is unreadable, so no file is imported."""
    before = snapshot(store)
    good = write_csv(tmp_path / "pakn.csv", ["MaPAKN", "MaDonVi", "NgayTiepNhan"], [["PA1", COMMUNE_A, "02/01/2024"]])
    odd = write_csv(tmp_path / "odd.csv", ["Cot1", "Cot2"], [["a", "b"]])
    reports = import_paths(store, [good, odd])
    assert [r.path.name for r in reports if r.failed] == ["odd.csv"]
    assert [r.path.name for r in reports if r.skipped] == ["pakn.csv"]
    assert snapshot(store) == before


def test_events_file_without_ids_gets_the_same_ids_as_status_columns(store: Store, tmp_path: Path) -> None:
    """Rule: an event given both in the dossier row and in an events file is stored once."""
    header = [*DOSSIER_HEADER, "NgayKetThucXuLy"]
    assert import_file(
        store, write_csv(tmp_path / "hoso.csv", header, [[*GOOD_DOSSIERS[0], "09/01/2024 15:00"]])
    ).imported
    events = write_csv(
        tmp_path / "sukien.csv",
        ["MaHoSo", "LoaiSuKien", "ThoiDiem", "NguoiXuLy"],
        [
            ["HS001", "Xử lý xong", "2024-01-09T15:00:00+07:00", "Cán bộ A"],
            ["HS001", "Trả kết quả", "10/01/2024 08:00", None],
        ],
    )
    report = import_file(store, events)
    assert report.imported and report.rows_written == 2
    assert store.count("dossier_events") == 2


def test_procedure_catalogue_with_vietnamese_values(store: Store, tmp_path: Path) -> None:
    """Rule: MucDoDVC "Toàn trình/Một phần/Không", CoPhi "Có/Không", ThoiHanGiaiQuyet with its unit."""
    header = [
        "MaCoQuanCongBo",
        "MaTTHC",
        "TenTTHC",
        "CapThucHien",
        "LinhVuc",
        "MucDoDVC",
        "CoPhi",
        "ThoiHanGiaiQuyet",
        "DonViThoiHan",
        "NgayQuyetDinh",
        "CoQuanThucHien",
    ]
    data = [
        [
            "99",
            "1.000200",
            "Đăng ký thường trú",
            "Cấp xã",
            "Cư trú",
            "Toàn trình",
            "Không",
            "7",
            "Ngày làm việc",
            "15/03/2024",
            None,
        ],
        [
            "99",
            "2.000200",
            "Cấp giấy phép",
            "Cấp tỉnh",
            "Xây dựng",
            "Một phần",
            "Có",
            "8 giờ",
            None,
            "2024-03-15",
            DEPARTMENT,
        ],
        ["99", "1.000201", "Xác nhận", "Cấp xã", "Khác", "Không", "x", "0,5", "Ngày", None, None],
    ]
    report = import_file(store, write_csv(tmp_path / "tthc.csv", header, data))
    assert report.imported and not report.issues, report.issues
    got = rows(
        store,
        "SELECT code, online_level, fee_bearing, time_limit, time_limit_unit, decision_date, "
        "agency_code FROM procedures WHERE code IN ('1.000200', '2.000200', '1.000201') ORDER BY code",
    )
    assert got == [
        ("1.000200", "full", False, 7.0, "working_day", dt.date(2024, 3, 15), None),
        ("1.000201", "none", True, 0.5, "day", None, None),
        ("2.000200", "partial", True, 8.0, "hour", dt.date(2024, 3, 15), DEPARTMENT),
    ]


def test_json_lines_whose_columns_vary_from_chunk_to_chunk(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Rule: a key missing from some JSON records is an empty cell; a required one is MISSING_VALUE."""
    monkeypatch.setattr(readers_module, "JSON_CHUNK_ROWS", 1)
    path = tmp_path / "hoso.jsonl"
    path.write_text(
        '{"MaHoSo": "A1", "MaDonVi": "99001", "MaTTHC": "1.000001", "KenhThucHien": "online", '
        '"NgayTiepNhan": "05/01/2024"}\n'
        '{"MaHoSo": "A2", "MaTTHC": "1.000001", "KenhThucHien": "online", "NgayTiepNhan": "05/01/2024"}\n'
        '{"MaHoSo": "A3", "MaDonVi": "99001", "MaTTHC": "1.000001", "KenhThucHien": "online", '
        '"NgayTiepNhan": "05/01/2024", "NgayHenTra": "09/01/2024", "DaDongBo": true}\n',
        encoding="utf-8",
    )
    report = import_file(store, path, skip_invalid=True, rejected_out=tmp_path / "out.csv")
    assert [(i.row, i.code, i.column) for i in report.issues] == [(2, IssueCode.MISSING_VALUE, "MaDonVi")]
    assert rows(store, "SELECT code, due_at IS NOT NULL, synced FROM dossiers ORDER BY code") == [
        ("A1", False, False),
        ("A3", True, True),
    ]
