"""Reconciliation outputs (issue 6): the XLSX workbook (opened with openpyxl; no cell can run as a formula), the
report annex "Số liệu trên Cổng DVCQG chưa đúng với thực tế …" backed by the list of records, the JSON, and the
command line (typer's CliRunner)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from chiso.cli.main import app
from chiso.reconcile import annex_markdown, reconcile, reconciliation_annex, safe_cell, write_xlsx
from chiso.reconcile.compare import Reconciliation, RecordDiscrepancy
from chiso.report.document import Table
from chiso.store import Store
from tests.backends import save_store
from tests.builders import COMMUNE_A
from tests.reconcile_support import AS_OF, PERIOD, full_world, local_world, write_portal_files


@pytest.fixture(scope="module")
def rec(tmp_path_factory: pytest.TempPathFactory) -> Reconciliation:
    b = full_world(tmp_path_factory.mktemp("portal"))
    return reconcile(b.store, unit=COMMUNE_A, period=PERIOD, as_of=AS_OF)


def test_xlsx_has_summary_items_and_every_record(rec: Reconciliation, tmp_path: Path) -> None:
    path = write_xlsx(rec, tmp_path / "doi-chieu.xlsx")
    wb = load_workbook(path)
    assert wb.sheetnames == ["Tổng hợp", "Nhóm và chỉ tiêu", "Hồ sơ chênh lệch"]
    summary = {r[0]: r[1] for r in wb["Tổng hợp"].iter_rows(min_row=2, values_only=True)}
    assert summary["Tổng điểm trên Cổng DVCQG"] == 47.17
    assert "37,5" in summary["Kiểm tra tổng điểm công bố"]
    items = list(wb["Nhóm và chỉ tiêu"].iter_rows(min_row=2, values_only=True))
    assert len(items) == len(rec.groups) + len(rec.indicators)
    records = list(wb["Hồ sơ chênh lệch"].iter_rows(min_row=2, values_only=True))
    assert sorted(r[0] for r in records) == sorted(r.dossier_code for r in rec.records)


@pytest.mark.parametrize("text", ['=HYPERLINK("http://x")', "+1", "-2+3", "@SUM(A1)"])
def test_text_that_looks_like_a_formula_is_neutralised(text: str) -> None:
    assert safe_cell(text) == "'" + text
    assert safe_cell("D-01") == "D-01" and safe_cell(-2.5) == -2.5


def test_a_hostile_dossier_code_stays_text_in_the_workbook(rec: Reconciliation, tmp_path: Path) -> None:
    hostile = RecordDiscrepancy("=cmd|'/c calc'!A1", "portal_only", None, None, "X", "Y", "—", "—")
    rec2 = Reconciliation(**{**rec.__dict__, "records": [hostile]})
    wb = load_workbook(write_xlsx(rec2, tmp_path / "x.xlsx"))
    cell = wb["Hồ sơ chênh lệch"]["A2"]
    assert cell.data_type == "s" and cell.value == "'=cmd|'/c calc'!A1"


def test_annex_states_the_difference_the_totals_check_and_lists_the_records(rec: Reconciliation) -> None:
    annex = reconciliation_annex(rec, limit=3)
    assert annex.title == "SỐ LIỆU TRÊN CỔNG DỊCH VỤ CÔNG QUỐC GIA CHƯA ĐÚNG VỚI THỰC TẾ"
    tables = [b for b in annex.blocks if isinstance(b, Table)]
    assert tables[0].rows[-1][0] == "Tổng điểm"
    assert len(tables[1].rows) == 3
    md = annex_markdown(rec)
    assert md.startswith("## Số liệu trên Cổng DVCQG chưa đúng với thực tế — Xã An Bình, tháng 10 năm 2026")
    assert "47,17/100 điểm" in md and "lệch 9,67 điểm" in md
    for r in rec.records:
        assert r.dossier_code in md


def test_json_is_complete(rec: Reconciliation) -> None:
    doc = json.loads(json.dumps(rec.to_json()))
    assert doc["portal"]["total"] == 47.17
    assert doc["totals_check"]["ok"] is False
    assert {c["cause"] for c in doc["causes"]} == set(rec.cause_counts())
    assert len(doc["records"]) == len(rec.records)


def test_cli_imports_then_reconciles(tmp_path: Path) -> None:
    db = tmp_path / "cli.duckdb"
    b = local_world()
    save_store(b.store, db)
    files = write_portal_files(tmp_path)
    runner = CliRunner()
    r = runner.invoke(app, ["portal", "import", "--db", str(db), "--period", PERIOD, str(files["results"])])
    assert r.exit_code == 0, r.output
    assert "kết quả công bố tháng 10 năm 2026 — 2 dòng" in r.output
    r = runner.invoke(app, ["portal", "import", "--db", str(db), "-p", PERIOD, str(files["october"])])
    assert r.exit_code == 0, r.output
    r = runner.invoke(app, ["portal", "list", "--db", str(db)])
    assert "danh sách hồ sơ" in r.output
    xlsx = tmp_path / "out.xlsx"
    md = tmp_path / "annex.md"
    args = ["reconcile", "--db", str(db), "--unit", COMMUNE_A, "--period", PERIOD, "--as-of", "2026-11-18T10:00"]
    r = runner.invoke(app, [*args, "--xlsx", str(xlsx), "--markdown", str(md)])
    assert r.exit_code == 0, r.output
    assert "Kiểm tra tổng" in r.output and "D-STATUS" in r.output
    assert xlsx.exists() and "Số liệu trên Cổng DVCQG" in md.read_text(encoding="utf-8")
    r = runner.invoke(app, [*args, "--json"])
    assert json.loads(r.output)["unit"] == COMMUNE_A
    with Store.open(str(db)) as store:
        assert store.count("portal_dossiers") == 8


def test_cli_reports_a_bad_file_in_vietnamese_and_fails(tmp_path: Path) -> None:
    bad = tmp_path / "sai.csv"
    bad.write_text("MaDonVi,TongDiem\n99001,abc\n", encoding="utf-8")
    r = CliRunner().invoke(app, ["portal", "import", "--db", str(tmp_path / "x.duckdb"), "--period", PERIOD, str(bad)])
    assert r.exit_code == 1
    assert "sai.csv, dòng 2, cột TongDiem" in r.output


def test_cli_without_portal_data_explains_what_to_do(tmp_path: Path) -> None:
    db = tmp_path / "empty.duckdb"
    b = local_world()
    save_store(b.store, db)
    r = CliRunner().invoke(app, ["reconcile", "--db", str(db), "--unit", COMMUNE_A, "--period", PERIOD])
    assert r.exit_code == 1
    assert "chiso portal import" in r.output
