"""The generator's portal view (issue 6, demo): a realistic view of a generated province with planted sync gaps,
which the reconciliation finds back — every planted dossier under its planted cause — and whose published table
has exactly one row that does not add up (spec §5)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from chiso.compute.period import Period
from chiso.generate import generate_province
from chiso.generate.portal import PortalView, portal_view
from chiso.reconcile import import_portal_file, reconcile, totals_checks
from chiso.store import Store
from chiso.timeutil import VN_TZ

PROVINCE = "19"
AS_OF = dt.datetime(2026, 11, 20, 17, 0, tzinfo=VN_TZ)
PERIOD = Period.parse("2026-10")


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> tuple[Store, PortalView, Path]:
    store = Store.open(":memory:")
    generate_province(store, PROVINCE, months=2, seed=766, end=AS_OF.date(), scale=0.02)
    # One dossier received on the eve of the period, so that the "other period" gap can be planted.
    store.con.execute(
        "UPDATE dossiers SET received_day = DATE '2026-09-30', received_at = TIMESTAMPTZ '2026-09-30 16:00:00+07' "
        "WHERE code = (SELECT min(code) FROM dossiers WHERE synced AND received_day = DATE '2026-10-01')"
    )
    view = portal_view(store, PROVINCE, PERIOD, as_of=AS_OF)
    folder = tmp_path_factory.mktemp("portal")
    for f in view.write(folder):
        import_portal_file(store, f, PERIOD)
    return store, view, folder


def test_the_view_plants_every_kind_of_gap(world: tuple[Store, PortalView, Path]) -> None:
    _, view, _ = world
    assert set(view.planted) >= {"not_synced", "status_differs", "payment_missing", "unit_mismatch"}
    assert all(view.planted[k] for k in view.planted)


def test_the_view_is_deterministic(world: tuple[Store, PortalView, Path]) -> None:
    store, view, _ = world
    again = portal_view(store, PROVINCE, PERIOD, as_of=AS_OF)
    assert again.planted == view.planted and again.broken_total_unit == view.broken_total_unit
    by_id = {u["id"]: u for u in view.results["units"]}
    for u in again.results["units"]:
        assert (u["id"], u["groups"], u["total"]) == (u["id"], by_id[u["id"]]["groups"], by_id[u["id"]]["total"])


def test_exactly_one_published_row_does_not_add_up(world: tuple[Store, PortalView, Path]) -> None:
    store, view, _ = world
    bad = [c for c in totals_checks(store, PERIOD) if not c.ok]
    assert [c.unit_code for c in bad] == [view.broken_total_unit]
    assert bad[0].difference is not None and abs(bad[0].difference) == 9.67


def test_reconciliation_finds_every_planted_gap_under_its_cause(world: tuple[Store, PortalView, Path]) -> None:
    store, view, _ = world
    rec = reconcile(store, unit=PROVINCE, period=PERIOD, as_of=AS_OF)
    found = {(r.dossier_code, r.cause) for r in rec.records}
    for cause, codes in view.planted.items():
        for code in codes:
            assert (code, cause) in found, (code, cause)


def test_local_minus_portal_points_come_from_the_planted_gaps(world: tuple[Store, PortalView, Path]) -> None:
    """The published counts are the engine's minus the planted gaps, so the numerators differ by exactly them."""
    store, view, _ = world
    rec = reconcile(store, unit=PROVINCE, period=PERIOD, as_of=AS_OF)
    sync = next(i for i in rec.indicators if i.code == "DOSSIER_SYNC")
    assert (sync.local_numerator or 0) - (sync.portal_numerator or 0) == len(view.planted["not_synced"])
    pay = next(i for i in rec.indicators if i.code == "ONLINE_PAYMENT_DOSSIER")
    assert (pay.local_numerator or 0) - (pay.portal_numerator or 0) == len(view.planted["payment_missing"])
