"""``chiso generate``: exit status 0 with a Vietnamese summary, 1 with a clear message on any user error."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from chiso.cli.main import app
from chiso.store import Store

runner = CliRunner()
ARGS = ["--months", "1", "--seed", "9", "--end", "2026-03-15", "--scale", "0.01"]


def test_generate_a_province_by_name(tmp_path: Path) -> None:
    """A name without diacritics works; the summary counts units, TTHC, dossiers, events, payments, PAKN."""
    db = tmp_path / "g.duckdb"
    result = runner.invoke(app, ["generate", "--province", "lai chau", *ARGS, "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "Tỉnh Lai Châu" in result.output
    for word in ("đơn vị", "TTHC", "hồ sơ", "sự kiện", "thanh toán", "PAKN"):
        assert word in result.output
    with Store.open(str(db)) as store:
        assert store.count("dossiers") > 0


def test_regenerating_into_the_same_store_succeeds(tmp_path: Path) -> None:
    """The second run replaces the province's data and says so."""
    db = str(tmp_path / "g.duckdb")
    assert runner.invoke(app, ["generate", "-p", "12", *ARGS, "--db", db]).exit_code == 0
    again = runner.invoke(app, ["generate", "-p", "12", *ARGS, "--db", db])
    assert again.exit_code == 0, again.output
    assert "thay thế" in again.output


def test_db_from_environment(tmp_path: Path) -> None:
    """--db defaults to $CHISO_DB: the generated province is in that store."""
    db = tmp_path / "env.duckdb"
    result = runner.invoke(app, ["generate", "-p", "12", *ARGS], env={"CHISO_DB": str(db)})
    assert result.exit_code == 0, result.output
    with Store.open(str(db), read_only=True) as store:
        assert store.count("dossiers") > 0


def test_unknown_province_exits_1_with_suggestions(tmp_path: Path) -> None:
    result = runner.invoke(app, ["generate", "--province", "Lai Chao", *ARGS, "--db", str(tmp_path / "x.duckdb")])
    assert result.exit_code == 1
    assert "Không tìm thấy tỉnh, thành phố" in result.output
    assert "Lai Châu (12)" in result.output


def test_province_or_country_is_required(tmp_path: Path) -> None:
    db = str(tmp_path / "x.duckdb")
    neither = runner.invoke(app, ["generate", *ARGS, "--db", db])
    both = runner.invoke(app, ["generate", "--country", "-p", "12", *ARGS, "--db", db])
    assert neither.exit_code == 1 and both.exit_code == 1
    assert "--province" in neither.output and "--country" in both.output


def test_bad_end_date_and_months_exit_1(tmp_path: Path) -> None:
    db = str(tmp_path / "x.duckdb")
    bad_end = runner.invoke(app, ["generate", "-p", "12", "--end", "2026-02-30", "--db", db])
    assert bad_end.exit_code == 1
    assert "Ngày kết thúc không hợp lệ" in bad_end.output
    bad_months = runner.invoke(app, ["generate", "-p", "12", "--months", "0", "--db", db])
    assert bad_months.exit_code == 1
    assert "Số tháng" in bad_months.output


def test_non_numeric_option_is_a_usage_error(tmp_path: Path) -> None:
    """Typer rejects --months abc with exit status 2 (usage error)."""
    result = runner.invoke(app, ["generate", "-p", "12", "--months", "abc", "--db", str(tmp_path / "x.duckdb")])
    assert result.exit_code == 2
