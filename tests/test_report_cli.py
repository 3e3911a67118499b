"""``chiso report`` (issue 4) and the batch path: the command writes the files asked for, reports errors in
Vietnamese, and the batch's one-query-per-key listings give exactly what chiso.explain gives unit by unit."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from chiso.cli.main import app
from chiso.compute.period import Period
from chiso.explain import explain_indicator
from chiso.methodology import load_methodology
from chiso.report import ScoreBook
from chiso.report.listings import explain_batch, explain_one
from chiso.store import Store
from tests.backends import save_store
from tests.test_report_docx import AS_OF, COMMUNE_A, COMMUNE_C, PERIOD, PROVINCE, build_store

runner = CliRunner()


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The module's store, saved to a store file the command can open."""
    b = build_store()
    path = save_store(b.store, tmp_path_factory.mktemp("db") / "report.duckdb")
    b.store.close()
    return path


def test_report_command_writes_docx_and_markdown(db: str, tmp_path: Path) -> None:
    """chiso report --unit … --period … --format docx,md --out DIR writes both files and names them."""
    result = runner.invoke(
        app,
        ["report", "--db", db, "--unit", COMMUNE_A, "--period", PERIOD, "--format", "docx,md", "--out", str(tmp_path),
         "--as-of", "2026-11-05T08:00", "--number", "125", "--signer", "Nguyễn Văn An"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    files = sorted(p.name for p in tmp_path.iterdir())
    assert "bao-cao-766-2026-10-99001-xa-an-binh.docx" in files
    assert "bao-cao-766-2026-10-99001-xa-an-binh.md" in files
    md = (tmp_path / "bao-cao-766-2026-10-99001-xa-an-binh.md").read_text(encoding="utf-8")
    assert "Số: 125/BC-UBND" in md and "**Nguyễn Văn An**" in md
    assert "Đã ghi" in result.output


def test_report_command_batch_for_a_province(db: str, tmp_path: Path) -> None:
    """--all --province writes every unit's report; --level narrows it to communes."""
    result = runner.invoke(
        app,
        ["report", "--db", db, "--all", "--province", PROVINCE, "--level", "commune", "--period", PERIOD,
         "--out", str(tmp_path), "--as-of", "2026-11-05T08:00"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert len(list(tmp_path.glob("*.docx"))) == 4


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--period", PERIOD], "Chọn một đơn vị bằng --unit"),
        (["--unit", "00000", "--period", PERIOD], "Không có đơn vị mã '00000'"),
        (["--unit", COMMUNE_A, "--period", "2026-13"], "Tháng không hợp lệ"),
        (["--unit", COMMUNE_A, "--period", PERIOD, "--format", "odt"], "Định dạng báo cáo không hỗ trợ: 'odt'"),
        (["--all", "--period", PERIOD, "--signer", "A"], "--number và --signer chỉ dùng"),
    ],
)
def test_report_command_errors_are_vietnamese(db: str, tmp_path: Path, args: list[str], message: str) -> None:
    """Mistakes a user can make end with a Vietnamese message and exit status 1, not a traceback."""
    result = runner.invoke(app, ["report", "--db", db, "--out", str(tmp_path), *args])
    assert result.exit_code == 1
    assert message in " ".join(result.output.split())


def test_batch_listings_equal_explain_unit_by_unit(db: str) -> None:
    """The batch path (one query per counting key for all leaf units) gives, for every unit and indicator, the
    same number of records and the same first records as chiso.explain does for that unit alone."""
    store = Store.open(db)
    try:
        m = load_methodology("dvcqg-2026")
        period = Period.parse(PERIOD)
        book = ScoreBook(store, m, AS_OF, None)
        scores = book.get(period)
        units = [COMMUNE_A, COMMUNE_C, PROVINCE]
        batch = explain_batch(store, scores, units, period, AS_OF, m, annex_rows=5)
        for code in units:
            one = explain_one(store, code, period, AS_OF, m, scores[code], annex_rows=5)
            assert [e.indicator.code for e in batch[code].explanations] == [e.indicator.code for e in one.explanations]
            assert batch[code].stats == one.stats
            for b_ex, o_ex in zip(batch[code].explanations, one.explanations, strict=True):
                reference = explain_indicator(
                    store, unit=code, period=period, indicator=b_ex.indicator.code, as_of=AS_OF, limit=None
                )
                assert b_ex.missing_total == o_ex.missing_total == reference.missing_total
                assert {r.get("code") or r.get("procedure_code") for r in b_ex.missing} <= {
                    r.get("code") or r.get("procedure_code") for r in reference.missing
                }
                assert b_ex.missing == o_ex.missing
    finally:
        store.close()


def test_score_book_ranks_like_the_engine(db: str) -> None:
    """A batch scores each period once for all units; ranks equal score_subtree's."""
    from chiso.compute.engine import score_subtree

    store = Store.open(db)
    try:
        m = load_methodology("dvcqg-2026")
        book = ScoreBook(store, m, AS_OF, None).get(Period.parse(PERIOD))
        for s in score_subtree(store, unit=PROVINCE, period=PERIOD, as_of=AS_OF)[1:]:
            assert (book[s.id].rank, book[s.id].peers, book[s.id].total) == (s.rank, s.peers, s.total)
    finally:
        store.close()
