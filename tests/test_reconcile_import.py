"""Importing the portal's view of a period (issue 6, part 1): the --aggregates JSON, CSV and XLSX tables as units
copy them from the portal, the dossier list; re-importing replaces the period atomically; errors name the file,
row, column and reason in Vietnamese."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from chiso.reconcile import PortalImportError, import_portal_file, read_portal_file
from chiso.timeutil import VN_TZ
from tests.backends import select_except
from tests.builders import COMMUNE_A, COMMUNE_B, PROVINCE, StoreBuilder
from tests.reconcile_support import OCTOBER_CSV, PERIOD, RESULTS_CSV


def rows(b: StoreBuilder, sql: str) -> list[tuple[object, ...]]:
    return b.store.con.execute(sql).fetchall()


def test_results_csv_with_vietnamese_headers_and_decimal_commas(tiny: StoreBuilder, tmp_path: Path) -> None:
    f = tmp_path / "ket-qua.csv"
    f.write_text(RESULTS_CSV, encoding="utf-8")
    done = import_portal_file(tiny.store, f, PERIOD)
    assert (done.kind, done.period, done.rows, done.replaced) == ("results", PERIOD, 2, 0)
    row = rows(tiny, f"SELECT total, classification, rank, peers FROM portal_results WHERE unit_code = '{COMMUNE_A}'")
    assert row == [(47.17, "Yếu", 2, 2)]
    groups = dict(
        rows(tiny, f"SELECT code, points FROM portal_result_items WHERE unit_code = '{COMMUNE_A}' AND kind = 'group'")
    )
    assert groups == {"CKMB": 0.3, "TDGQ": 0.0, "CLGQ": 7.2, "TTTT": 0.0, "MDHL": 12.0, "MDSH": 18.0}


def test_results_xlsx_as_copied_from_the_portal(tiny: StoreBuilder, tmp_path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["Mã đơn vị", "Tên đơn vị", "Công khai, minh bạch", "Tiến độ giải quyết", "Tổng điểm", "Xếp loại"])
    ws.append([COMMUNE_A, "Xã An Bình", 0.3, 0, 47.17, "Yếu"])
    f = tmp_path / "ket-qua.xlsx"
    wb.save(f)
    import_portal_file(tiny.store, f, PERIOD)
    assert rows(tiny, "SELECT count(*) FROM portal_result_items WHERE kind = 'group'") == [(2,)]
    assert rows(tiny, "SELECT total FROM portal_results") == [(47.17,)]


def test_aggregates_json_counts_are_scored_like_the_portal(tiny: StoreBuilder, tmp_path: Path) -> None:
    """The `chiso score --aggregates` input shape: spec §2 example 20 × 144625 / 184513 = 15.68."""
    doc = {
        "units": [
            {
                "id": PROVINCE,
                "name": "Tỉnh Thử Nghiệm",
                "level": "province",
                "metrics": {"PROGRESS_ON_TIME": {"numerator": 144625, "denominator": 184513}},
            }
        ]
    }
    f = tmp_path / "aggregates.json"
    f.write_text(json.dumps(doc), encoding="utf-8")
    import_portal_file(tiny.store, f, PERIOD)
    item = rows(tiny, "SELECT points, numerator, denominator FROM portal_result_items WHERE code = 'PROGRESS_ON_TIME'")
    assert item == [(15.68, 144625.0, 184513.0)]
    assert rows(tiny, "SELECT points FROM portal_result_items WHERE code = 'TDGQ'") == [(15.68,)]


def test_scored_json_keeps_the_published_total_even_when_it_does_not_add_up(tiny: StoreBuilder, tmp_path: Path) -> None:
    doc = {"units": [{"id": COMMUNE_A, "groups": {"CKMB": 0.3, "TDGQ": 0, "MDSH": 18}, "total": 47.17}]}
    f = tmp_path / "scored.json"
    f.write_text(json.dumps(doc), encoding="utf-8")
    import_portal_file(tiny.store, f, PERIOD)
    assert rows(tiny, "SELECT total FROM portal_results") == [(47.17,)]


def test_dossier_list_statuses_dates_and_payment(tiny: StoreBuilder, tmp_path: Path) -> None:
    f = tmp_path / "ho-so.csv"
    f.write_text(OCTOBER_CSV, encoding="utf-8")
    done = import_portal_file(tiny.store, f, PERIOD)
    assert (done.kind, done.rows) == ("dossiers", 8)
    got = rows(
        tiny,
        "SELECT status, received_at, due_at, finished_at, paid_online FROM portal_dossiers WHERE code = 'D-STATUS'",
    )[0]
    assert got[0] == "in_process"
    assert got[1] == dt.datetime(2026, 10, 6, 9, tzinfo=VN_TZ)
    assert got[3] is None and got[4] is False
    assert rows(tiny, "SELECT paid_online FROM portal_dossiers WHERE code = 'D-GHOST'") == [(None,)]


def test_reimporting_the_same_file_changes_nothing(tiny: StoreBuilder, tmp_path: Path) -> None:
    f = tmp_path / "ho-so.csv"
    f.write_text(OCTOBER_CSV, encoding="utf-8")
    import_portal_file(tiny.store, f, PERIOD)
    unchanged = select_except(tiny.store, "portal_dossiers", "imported_at") + " ORDER BY code"
    before = rows(tiny, unchanged)
    again = import_portal_file(tiny.store, f, PERIOD)
    assert again.replaced == 8
    assert rows(tiny, unchanged) == before


def test_reimporting_a_period_replaces_that_period_only(tiny: StoreBuilder, tmp_path: Path) -> None:
    f = tmp_path / "ho-so.csv"
    f.write_text(OCTOBER_CSV, encoding="utf-8")
    import_portal_file(tiny.store, f, PERIOD)
    import_portal_file(tiny.store, f, "2026-09")
    smaller = tmp_path / "ho-so-2.csv"
    smaller.write_text("\n".join(OCTOBER_CSV.splitlines()[:3]) + "\n", encoding="utf-8")
    import_portal_file(tiny.store, smaller, PERIOD)
    assert rows(tiny, "SELECT period, count(*) FROM portal_dossiers GROUP BY period ORDER BY 1") == [
        ("2026-09", 8),
        (PERIOD, 2),
    ]


def test_a_bad_file_writes_nothing_and_names_file_row_column_and_reason(tiny: StoreBuilder, tmp_path: Path) -> None:
    good = tmp_path / "ket-qua.csv"
    good.write_text(RESULTS_CSV, encoding="utf-8")
    import_portal_file(tiny.store, good, PERIOD)
    bad = tmp_path / "sai.csv"
    bad.write_text(
        f"MaDonVi;CKMB;TongDiem\n{COMMUNE_A};abc;47,17\n{COMMUNE_B};6;120\n{COMMUNE_B};1;2\n", encoding="utf-8"
    )
    with pytest.raises(PortalImportError) as err:
        import_portal_file(tiny.store, bad, PERIOD)
    text = str(err.value)
    assert "sai.csv, dòng 2, cột CKMB = «abc»: Không phải điểm số" in text
    assert "sai.csv, dòng 3, cột TongDiem = «120»: Điểm phải trong khoảng 0–100" in text
    assert "dòng 4" in text and "Trùng mã" in text
    assert [i.row for i in err.value.issues] == [2, 3, 4]
    # The period's earlier view is intact.
    assert rows(tiny, "SELECT count(*) FROM portal_results") == [(2,)]


def test_a_missing_required_column_is_reported(tmp_path: Path) -> None:
    f = tmp_path / "ho-so.csv"
    f.write_text("MaTTHC,TrangThai,NgayTiepNhan\n1.000001,Đang xử lý,01/10/2026\n", encoding="utf-8")
    with pytest.raises(PortalImportError, match="Thiếu cột bắt buộc «Mã hồ sơ»"):
        read_portal_file(f, "dossiers")


def test_an_unknown_status_lists_the_accepted_ones(tmp_path: Path) -> None:
    f = tmp_path / "ho-so.csv"
    f.write_text("MaHoSo,TrangThai\nH1,Lạc trôi\n", encoding="utf-8")
    with pytest.raises(PortalImportError, match="Không thuộc danh mục trạng thái hồ sơ trên Cổng DVCQG"):
        read_portal_file(f)


def test_a_table_of_neither_kind_is_refused(tmp_path: Path) -> None:
    f = tmp_path / "khac.csv"
    f.write_text("A,B\n1,2\n", encoding="utf-8")
    with pytest.raises(PortalImportError, match="Không nhận ra bảng của Cổng DVCQG"):
        read_portal_file(f)


def test_invalid_aggregates_report_json_paths(tmp_path: Path) -> None:
    f = tmp_path / "x.json"
    f.write_text(json.dumps({"units": [{"id": "1", "groups": {"XYZ": 1}, "total": -1}]}), encoding="utf-8")
    with pytest.raises(PortalImportError) as err:
        read_portal_file(f)
    assert "$.units[0].total" in str(err.value) and "$.units[0].groups.XYZ" in str(err.value)
