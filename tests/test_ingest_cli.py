"""``chiso import`` on the command line: exit statuses, Vietnamese summary, options."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from typer.testing import CliRunner

from chiso.cli.main import app
from chiso.store import Store
from tests.test_ingest_support import COMMUNE_A, DOSSIER_HEADER, GOOD_DOSSIERS, make_db, snapshot, write_csv

runner = CliRunner()


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return make_db(tmp_path)


def state(db: Path) -> dict[str, list[tuple[object, ...]]]:
    with Store.open(db) as store:
        return snapshot(store)


def test_clean_import_exits_0_with_a_vietnamese_summary(db: Path, tmp_path: Path) -> None:
    """Rule: exit 0 and "đọc … dòng, ghi …, loại …" per file."""
    path = write_csv(tmp_path / "hoso.csv", DOSSIER_HEADER, GOOD_DOSSIERS)
    result = runner.invoke(app, ["import", str(path), "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "hoso.csv (hồ sơ): đọc 3 dòng, ghi 3, loại 0" in result.output


def test_db_from_environment(db: Path, tmp_path: Path) -> None:
    """Rule: every command honours CHISO_DB."""
    path = write_csv(tmp_path / "hoso.csv", DOSSIER_HEADER, GOOD_DOSSIERS)
    result = runner.invoke(app, ["import", str(path)], env={"CHISO_DB": str(db)})
    assert result.exit_code == 0, result.output
    assert len(state(db)["dossiers"]) == 3


def test_errors_exit_1_print_the_table_and_write_nothing(db: Path, tmp_path: Path) -> None:
    """Rule: non-zero exit on any error; the problems are listed; the store is unchanged."""
    before = state(db)
    data = [GOOD_DOSSIERS[0], ["HS009", COMMUNE_A, "1.000001", "fax", "05/01/2024", None]]
    path = write_csv(tmp_path / "hoso.csv", DOSSIER_HEADER, data)
    result = runner.invoke(app, ["import", str(path), "--db", str(db)])
    assert result.exit_code == 1
    assert "NOT_IN_VOCABULARY" in result.output and "KenhThucHien" in result.output
    assert "KHÔNG nhập" in result.output
    assert state(db) == before


def test_skip_invalid_exits_2_and_names_the_rejected_file(db: Path, tmp_path: Path) -> None:
    """Rule: --skip-invalid writes the valid rows; exit 2 says some rows were left out; --rejected-out."""
    data = [GOOD_DOSSIERS[0], ["HS009", COMMUNE_A, "1.000001", "fax", "05/01/2024", None]]
    path = write_csv(tmp_path / "hoso.csv", DOSSIER_HEADER, data)
    out = tmp_path / "loai" / "bi_loai.csv"
    result = runner.invoke(app, ["import", str(path), "--db", str(db), "--skip-invalid", "--rejected-out", str(out)])
    assert result.exit_code == 2, result.output
    assert "ghi 1, loại 1" in result.output
    assert out.exists()
    with out.open(encoding="utf-8-sig", newline="") as f:
        assert [r["MaHoSo"] for r in csv.DictReader(f)] == ["HS009"]
    assert len(state(db)["dossiers"]) == 1


def test_entity_option_and_unknown_entity(db: Path, tmp_path: Path) -> None:
    """Rule: --entity forces the entity; an unknown name is a usage error (exit 1)."""
    path = write_csv(tmp_path / "x.csv", ["code", "unit_code", "received_at"], [["PA1", COMMUNE_A, "02/01/2024"]])
    result = runner.invoke(app, ["import", str(path), "--db", str(db), "--entity", "pakn"])
    assert result.exit_code == 0, result.output
    assert "phản ánh, kiến nghị" in result.output
    bad = runner.invoke(app, ["import", str(path), "--db", str(db), "--entity", "hồ sơ cũ"])
    assert bad.exit_code == 1
    assert "không hợp lệ" in bad.output


def test_errors_out_saves_every_problem(db: Path, tmp_path: Path) -> None:
    """Rule: all problems are reported; --errors-out keeps the full list beyond the printed table."""
    data = [[f"HS{i:03d}", COMMUNE_A, "1.000001", "fax", "05/01/2024", None] for i in range(70)]
    path = write_csv(tmp_path / "hoso.csv", DOSSIER_HEADER, data)
    out = tmp_path / "loi.csv"
    result = runner.invoke(app, ["import", str(path), "--db", str(db), "--errors-out", str(out)])
    assert result.exit_code == 1
    assert "Tổng cộng 70 lỗi" in result.output
    with out.open(encoding="utf-8-sig", newline="") as f:
        saved = list(csv.DictReader(f))
    assert len(saved) == 70 and saved[-1]["Dong"] == "dòng 71" and saved[0]["MaLoi"] == "NOT_IN_VOCABULARY"


def test_unreadable_file_exits_1(db: Path, tmp_path: Path) -> None:
    """Rule: a malformed file is a clean error, not a traceback."""
    path = tmp_path / "hoso.xlsx"
    path.write_bytes(b"not a zip")
    result = runner.invoke(app, ["import", str(path), "--db", str(db)])
    assert result.exit_code == 1
    assert "MALFORMED_FILE" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_progress_bar_for_a_large_file(db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Rule: large files show a progress bar (threshold lowered so that a small file counts as large)."""
    from chiso.cli import cmd_import

    monkeypatch.setattr(cmd_import, "LARGE_FILE_BYTES", 10)
    path = write_csv(tmp_path / "hoso.csv", DOSSIER_HEADER, GOOD_DOSSIERS)
    result = runner.invoke(app, ["import", str(path), "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "hoso.csv (hồ sơ)" in result.output
