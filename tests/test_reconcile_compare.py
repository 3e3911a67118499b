"""Reconciliation (issue 6): every cause of a difference between the one-stop system and the portal is detected
on a small crafted pair of data sets (tests/reconcile_support.py), and published rows that do not add up are
flagged (spec §5: the seed's groups add to 37.5 while its stated total is 47.17)."""

from __future__ import annotations

from pathlib import Path

import pytest

from chiso.compute.engine import score_units_in_store
from chiso.reconcile import CAUSES, ReconcileError, reconcile, totals_checks
from chiso.reconcile.compare import Reconciliation
from tests.builders import COMMUNE_A, COMMUNE_B, StoreBuilder
from tests.reconcile_support import AS_OF, PERIOD, full_world


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> StoreBuilder:
    return full_world(tmp_path_factory.mktemp("portal"))


@pytest.fixture(scope="module")
def rec(world: StoreBuilder) -> Reconciliation:
    return reconcile(world.store, unit=COMMUNE_A, period=PERIOD, as_of=AS_OF)


def causes_of(rec: Reconciliation, code: str) -> set[str]:
    return {r.cause for r in rec.records if r.dossier_code == code}


def test_a_dossier_the_portal_does_not_have_is_not_synced(rec: Reconciliation) -> None:
    assert causes_of(rec, "D-NOSYNC") == {"not_synced"}
    r = next(r for r in rec.records if r.dossier_code == "D-NOSYNC")
    assert "chưa đồng bộ" in r.local


def test_finished_locally_but_in_process_on_the_portal_is_a_status_difference(rec: Reconciliation) -> None:
    """The seed's "no overdue dossier in our one-stop system" complaint: the portal judges it still open."""
    assert causes_of(rec, "D-STATUS") == {"status_differs"}
    r = next(r for r in rec.records if r.dossier_code == "D-STATUS")
    assert "đã xử lý xong ngày 08/10/2026" in r.local
    assert r.portal == "đang xử lý, quá hạn trên Cổng"


def test_a_different_finish_date_is_a_date_difference(rec: Reconciliation) -> None:
    assert causes_of(rec, "D-DATE") == {"date_differs"}
    r = next(r for r in rec.records if r.dossier_code == "D-DATE")
    assert (r.local, r.portal) == ("kết thúc 14/10/2026", "kết thúc 20/10/2026")


def test_an_online_payment_the_portal_did_not_record_is_flagged(rec: Reconciliation) -> None:
    """The seed's "we do take payments online" complaint."""
    assert causes_of(rec, "D-PAY") == {"payment_missing"}
    assert "ONLINE_PAYMENT_DOSSIER" in CAUSES["payment_missing"][1]


def test_a_wrong_unit_code_on_the_portal_is_flagged(rec: Reconciliation) -> None:
    assert causes_of(rec, "D-UNIT") == {"unit_mismatch"}
    r = next(r for r in rec.records if r.dossier_code == "D-UNIT")
    assert (r.unit_code, r.portal_unit_code) == (COMMUNE_A, COMMUNE_B)


def test_a_wrong_tthc_code_on_the_portal_is_flagged(rec: Reconciliation) -> None:
    assert causes_of(rec, "D-TTHC") == {"procedure_mismatch"}
    r = next(r for r in rec.records if r.dossier_code == "D-TTHC")
    assert (r.procedure_code, r.portal_procedure_code) == ("1.000001", "1.000003")


def test_dossiers_counted_in_another_period_are_flagged_both_ways(rec: Reconciliation) -> None:
    """Spec §3: period membership is by reception day; the portal put D-SEPT in October and D-NOV in November."""
    assert causes_of(rec, "D-SEPT") == {"other_period"}
    assert causes_of(rec, "D-NOV") == {"other_period"}
    nov = next(r for r in rec.records if r.dossier_code == "D-NOV")
    assert "kỳ 2026-11" in nov.portal


def test_a_dossier_only_on_the_portal_is_flagged(rec: Reconciliation) -> None:
    assert causes_of(rec, "D-GHOST") == {"portal_only"}


def test_a_dossier_that_matches_is_not_listed(rec: Reconciliation) -> None:
    assert causes_of(rec, "D-OK") == set()


def test_every_cause_is_found_once_and_counted(rec: Reconciliation) -> None:
    assert rec.cause_counts() == {
        "not_synced": 1,
        "status_differs": 1,
        "date_differs": 1,
        "payment_missing": 1,
        "unit_mismatch": 1,
        "procedure_mismatch": 1,
        "other_period": 2,
        "portal_only": 1,
    }
    assert rec.top_causes(1) == [("other_period", 2)]


def test_the_other_commune_sees_the_dossier_filed_under_its_code(world: StoreBuilder) -> None:
    other = reconcile(world.store, unit=COMMUNE_B, period=PERIOD, as_of=AS_OF)
    assert {(r.dossier_code, r.cause) for r in other.records} == {("D-UNIT", "unit_mismatch")}


def test_local_figures_are_the_engines(world: StoreBuilder, rec: Reconciliation) -> None:
    engine = score_units_in_store(world.store, PERIOD, as_of=AS_OF, units=[COMMUNE_A])[0]
    assert rec.local.total == engine.total
    assert {g.code: g.local_points for g in rec.groups} == engine.groups
    progress = next(i for i in rec.indicators if i.code == "PROGRESS_ON_TIME")
    assert progress.local_denominator == engine.indicators["PROGRESS_ON_TIME"].denominator


def test_group_differences_are_local_minus_portal(rec: Reconciliation) -> None:
    by = {g.code: g for g in rec.groups}
    assert by["CKMB"].portal_points == 0.3
    assert by["TDGQ"].difference == round(by["TDGQ"].local_points or 0, 2)  # the portal published 0
    assert rec.total_difference == round(rec.local.total - 47.17, 2)


def test_groups_that_do_not_add_up_to_the_total_are_flagged(rec: Reconciliation) -> None:
    """Spec §5: the seed's groups sum to 37.5 while its total says 47.17."""
    assert rec.totals is not None
    assert not rec.totals.ok
    assert (rec.totals.groups_sum, rec.totals.total, rec.totals.difference) == (37.5, 47.17, 9.67)
    assert "37,5" in rec.totals.message_vi() and "47,17" in rec.totals.message_vi()


def test_totals_check_of_the_whole_table_lists_bad_rows_first(world: StoreBuilder) -> None:
    checks = totals_checks(world.store, PERIOD)
    assert [(c.unit_code, c.ok) for c in checks] == [(COMMUNE_A, False), (COMMUNE_B, True)]


def test_indicator_points_are_scored_from_published_counts_when_only_counts_are_given(tmp_path: Path) -> None:
    """Spec §1: points = round2(max × min(1, ratio / T)); 20 × 144625 / 184513 = 15.68."""
    from chiso.reconcile import import_portal_file
    from tests.reconcile_support import local_world

    b = local_world()
    f = tmp_path / "counts.csv"
    f.write_text(f"MaDonVi,TDGQ,PROGRESS_ON_TIME_TuSo,PROGRESS_ON_TIME_MauSo\n{COMMUNE_A},15.68,144625,184513\n")
    import_portal_file(b.store, f, PERIOD)
    r = reconcile(b.store, unit=COMMUNE_A, period=PERIOD, as_of=AS_OF)
    progress = next(i for i in r.indicators if i.code == "PROGRESS_ON_TIME")
    assert (progress.portal_numerator, progress.portal_denominator, progress.portal_points) == (144625, 184513, 15.68)
    assert not r.dossier_list and r.records == []


def test_without_portal_data_the_error_says_how_to_import_it(tiny: StoreBuilder) -> None:
    with pytest.raises(ReconcileError, match="chiso portal import --period 2026-10"):
        reconcile(tiny.store, unit=COMMUNE_A, period=PERIOD, as_of=AS_OF)


def test_an_unknown_unit_is_an_error(world: StoreBuilder) -> None:
    with pytest.raises(ReconcileError, match="Không có đơn vị mã 'X'"):
        reconcile(world.store, unit="X", period=PERIOD, as_of=AS_OF)
