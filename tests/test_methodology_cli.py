"""CLI: ``chiso methodology list|show`` and ``chiso score`` (``--aggregates`` and raw-data mode), via CliRunner."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from chiso.cli.main import app
from tests.backends import save_store
from tests.builders import COMMUNE_B, PROVINCE, StoreBuilder, at

runner = CliRunner()

AGGREGATES = {
    "methodology": "dvcqg-2026",
    "units": [
        {
            "id": "01",
            "name": "Thành phố Hà Nội",
            "level": "province",
            "metrics": {
                "PROGRESS_ON_TIME": {"numerator": 144625, "denominator": 184513},
                "ONLINE_PAYMENT_DOSSIER": {"numerator": 842, "denominator": 1001},
                "ONLINE_PAYMENT_FORMALITY": {"numerator": 37, "denominator": 123},
                "PAYMENT_INTEGRATED_FORMALITY": {"numerator": 20, "denominator": 111},
            },
        }
    ],
}


def test_methodology_list_shows_both_generations() -> None:
    result = runner.invoke(app, ["methodology", "list"])
    assert result.exit_code == 0, result.output
    assert "dvcqg-2026" in result.stdout and "dvcqg-2025" in result.stdout


def test_methodology_show_prints_groups_indicators_bands_and_open_questions() -> None:
    result = runner.invoke(app, ["methodology", "show"])
    assert result.exit_code == 0, result.output
    out = result.stdout
    for text in (
        "CKMB",
        "Công khai, minh bạch",
        "PROGRESS_ON_TIME",
        "DOSSIER_SYNC",
        "T = 0,5",
        "đủ điểm",
        "Xuất sắc",
        "Trung bình",
        "Câu hỏi còn mở",
        "tie_break",
        "xã: không áp",
    ):
        assert text in out, text


def test_methodology_show_json_is_the_catalogue() -> None:
    result = runner.invoke(app, ["methodology", "show", "--name", "dvcqg-2025", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["id"] == "dvcqg-2025" and data["scoring"]["not_applicable"] == "full"
    assert [g["code"] for g in data["groups"]] == ["CKMB", "TDGQ", "CLGQ", "TTTT", "MDHL", "MDSH"]


def test_methodology_show_unknown_name_exits_non_zero_in_vietnamese() -> None:
    result = runner.invoke(app, ["methodology", "show", "--name", "khong-co"])
    assert result.exit_code == 1
    assert "Không có phương pháp tính 'khong-co'" in result.output


def test_score_aggregates_prints_the_output_json(tmp_path: Path) -> None:
    """Issue 3 item 2: `chiso score --aggregates FILE.json` → per-indicator points, groups, total, class."""
    path = tmp_path / "agg.json"
    path.write_text(json.dumps(AGGREGATES), encoding="utf-8")
    result = runner.invoke(app, ["score", "--aggregates", str(path)])
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert list(out) == ["methodology", "units"]
    unit = out["units"][0]
    assert set(unit) == {
        "id",
        "name",
        "level",
        "parent",
        "indicators",
        "groups",
        "total",
        "classification",
        "rank",
        "peers",
    }
    assert set(unit["indicators"]["PROGRESS_ON_TIME"]) == {"ratio", "points", "numerator", "denominator"}
    assert unit["indicators"]["PROGRESS_ON_TIME"]["points"] == 15.68
    assert unit["groups"]["TTTT"] == 6.25
    assert (unit["total"], unit["classification"]) == (33.93, "yeu")


def test_score_aggregates_from_stdin_with_methodology_override() -> None:
    doc = {"units": [{"id": "x", "name": "Xã X", "level": "commune"}]}
    result = runner.invoke(app, ["score", "--aggregates", "-", "-m", "dvcqg-2025"], input=json.dumps(doc))
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert out["methodology"] == "dvcqg-2025"
    assert out["units"][0]["groups"]["CKMB"] == 10.0


def test_score_aggregates_invalid_input_names_the_json_path(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text(json.dumps({"units": [{"id": "01", "level": "tinh"}]}), encoding="utf-8")
    result = runner.invoke(app, ["score", "--aggregates", str(path)])
    assert result.exit_code == 1
    assert "$.units[0].level" in result.output
    assert result.stdout == ""  # nothing half-written to stdout


def test_score_without_input_is_an_error() -> None:
    result = runner.invoke(app, ["score"])
    assert result.exit_code == 1
    assert "--aggregates" in result.output


def _file_store(tmp_path: Path) -> Path:
    """The tiny test province with two October dossiers, copied to a store file the CLI can open."""
    b = StoreBuilder.tiny()
    b.dossier(at(2026, 10, 5, 9), due=at(2026, 10, 8, 17), events=[("finished", at(2026, 10, 6, 10))])
    b.dossier(at(2026, 10, 5, 9), unit=COMMUNE_B, due=at(2026, 10, 8, 17), events=[("finished", at(2026, 10, 9, 9))])
    db = tmp_path / "tiny.duckdb"
    save_store(b.store, db)
    return db


def test_score_raw_data_json_unit_first_then_children(tmp_path: Path) -> None:
    """Issue 3 item 6: `chiso score --unit X --period P --json` → the --aggregates shape, unit first."""
    db = _file_store(tmp_path)
    args = ["score", "--db", str(db), "--unit", PROVINCE, "--period", "2026-10", "--as-of", "2026-11-20T12:00"]
    result = runner.invoke(app, [*args, "--json"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert (out["methodology"], out["period"], out["as_of"]) == ("dvcqg-2026", "2026-10", "2026-11-20T12:00:00+07:00")
    ids = [u["id"] for u in out["units"]]
    assert ids[0] == PROVINCE and len(ids) == 4
    province = out["units"][0]
    assert province["indicators"]["PROGRESS_ON_TIME"]["points"] == 10.0  # 1 of 2 on time
    assert (province["rank"], province["peers"]) == (1, 1)
    assert all(u["parent"] == PROVINCE for u in out["units"][1:])

    table = runner.invoke(app, args, env={"COLUMNS": "160"})
    assert table.exit_code == 0, table.output
    assert "Tỉnh Thử Nghiệm" in table.stdout and "TDGQ" in table.stdout and "1/2" in table.stdout


def test_score_raw_data_unknown_unit_exits_non_zero(tmp_path: Path) -> None:
    db = _file_store(tmp_path)
    result = runner.invoke(app, ["score", "--db", str(db), "--unit", "00000", "--period", "2026-10"])
    assert result.exit_code == 1
    assert "00000" in result.output
