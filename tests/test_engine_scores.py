"""The engine end to end: raw records → counts → scores (spec §1, §2, §5), explain, and agreement with
``score --aggregates`` on the engine's own counts."""

from __future__ import annotations

import datetime as dt

import pyarrow as pa
import pytest

from chiso.compute.engine import (
    compute_counts,
    inputs_from_counts,
    score_subtree,
    score_units_in_store,
    unit_info,
)
from chiso.explain import explain_indicator, explain_unit
from chiso.methodology import load_methodology
from chiso.score import score_aggregates, to_aggregates
from chiso.store import Store, write_records, write_units
from tests.builders import COMMUNE_A, COMMUNE_B, DEPARTMENT, PROVINCE, StoreBuilder, at

LATER = at(2026, 11, 28, 12)


@pytest.fixture
def month(tiny: StoreBuilder) -> StoreBuilder:
    """October 2026 in the tiny province: a mix of on-time, overdue, online, synced and fee dossiers, and PAKN."""
    b = tiny
    for i in range(6):
        b.dossier(
            at(2026, 10, 5 + i, 9),
            due=at(2026, 10, 9 + i, 17),
            events=[("finished", at(2026, 10, 7 + i + 2 * (i % 3), 9))],
            channel="online" if i % 2 else "in_person",
            synced=i != 3,
            digitised=True,
            e_result=i < 4,
        )
    b.dossier(at(2026, 10, 6, 9), unit=COMMUNE_B, procedure="1.000002", due=at(2026, 10, 7, 17), fee_required=True)
    b.dossier(at(2026, 10, 6, 9), unit=DEPARTMENT, procedure="2.000001", due=at(2026, 10, 30, 17), channel="online")
    write_records(
        b.store,
        {
            "petitions": pa.table(
                {
                    "code": ["K1", "K2"],
                    "unit_code": [COMMUNE_A, COMMUNE_A],
                    "received_at": [at(2026, 10, 2, 9), at(2026, 10, 3, 9)],
                    "handled_at": [at(2026, 10, 10, 9), None],
                    "likes": [2, 0],
                    "dislikes": [0, 3],
                }
            )
        },
    )
    return b


def test_scores_of_a_unit_and_its_children_add_up(month: StoreBuilder) -> None:
    """§1 [firm]: group = sum of rounded indicator points; total = sum of groups; the class follows the bands."""
    m = load_methodology("dvcqg-2026")
    scores = score_subtree(month.store, unit=PROVINCE, period="2026-10", as_of=LATER)
    assert scores[0].id == PROVINCE
    assert {s.id for s in scores[1:]} == {COMMUNE_A, COMMUNE_B, DEPARTMENT}
    for s in scores:
        for g in m.groups:
            points = [r.points or 0 for r in s.indicators.values() if r.group == g.code]
            assert s.groups[g.code] == pytest.approx(round(sum(points), 2))
            assert 0 <= s.groups[g.code] <= g.max_points
        assert s.total == pytest.approx(round(sum(s.groups.values()), 2))
        assert s.classification == m.classify(s.total).code


def test_ranking_is_among_peers_of_the_same_parent_and_level(month: StoreBuilder) -> None:
    """§4: communes rank among communes, departments among departments; ranks are 1..peers."""
    scores = score_subtree(month.store, unit=PROVINCE, period="2026-10", as_of=LATER)
    communes = [s for s in scores if s.level == "commune"]
    assert sorted(s.rank for s in communes if s.rank) == [1, 2]
    assert all(s.peers == 2 for s in communes)
    dept = next(s for s in scores if s.level == "department")
    assert (dept.rank, dept.peers) == (1, 1)
    best = min(communes, key=lambda s: s.rank or 0)
    assert best.total >= max(s.total for s in communes)


def test_engine_aggregates_scored_as_json_give_the_engine_scores(month: StoreBuilder) -> None:
    """Issue 3: ``score --aggregates`` on the engine's own aggregates gives the engine's own scores."""
    m = load_methodology("dvcqg-2026")
    counts = compute_counts(month.store, "2026-10", as_of=LATER, methodology=m)
    inputs = inputs_from_counts(counts, unit_info(month.store), m)
    via_json = {u["id"]: u for u in score_aggregates(to_aggregates(m, inputs), m)["units"]}
    direct = score_units_in_store(month.store, "2026-10", as_of=LATER, methodology=m)
    assert len(direct) == 4
    for s in direct:
        j = via_json[s.id]
        assert j["total"] == s.total
        assert j["groups"] == s.groups
        assert j["classification"] == s.classification
        assert {k: v["points"] for k, v in j["indicators"].items()} == {k: v.points for k, v in s.indicators.items()}


def test_explain_lists_exactly_the_records_that_cost_points(month: StoreBuilder) -> None:
    """Issue 3 §5: the records in the denominator but not the numerator, with the delay in working days."""
    ex = explain_indicator(month.store, unit=COMMUNE_A, period="2026-10", indicator="PROGRESS_ON_TIME", as_of=LATER)
    r = ex.indicator
    assert r.numerator is not None and r.denominator is not None
    assert ex.missing_total == r.denominator - r.numerator
    assert ex.counted_total == r.numerator
    assert ex.missing, "some dossiers of the fixture are late"
    for row in ex.missing:
        assert row["on_time"] is False
        assert row["overdue_working_days"] >= 1
        assert row["terminal_at"] > row["effective_due_at"]
    delays = [row["overdue_days"] for row in ex.missing]
    assert delays == sorted(delays, reverse=True)


def test_explain_unit_orders_indicators_by_points_lost(month: StoreBuilder) -> None:
    """Explain: the biggest losses first, each with its records."""
    score, explanations = explain_unit(month.store, unit=COMMUNE_A, period="2026-10", as_of=LATER)
    lost = [e.indicator.lost_points for e in explanations]
    assert lost == sorted(lost, reverse=True)
    assert all((x or 0) > 0 for x in lost)
    # Items that do not apply to a commune (null in 2026) are not "lost": nothing can recover them.
    not_applicable = sum(r.max_points for r in score.indicators.values() if not r.applies)
    assert sum(x or 0 for x in lost) + not_applicable == pytest.approx(100 - score.total, abs=0.05)


def test_explain_rejects_an_unknown_indicator(month: StoreBuilder) -> None:
    """Errors are values users can act on: the message lists the known codes."""
    from chiso.errors import ChisoError

    with pytest.raises(ChisoError, match="PROGRESS_ON_TIME"):
        explain_indicator(month.store, unit=COMMUNE_A, period="2026-10", indicator="NOPE", as_of=LATER)


def _seed_commune_store() -> Store:
    """Records that give the seed's sub-rates (spec §5, Lục Bình, dvcqg-2025 method).

    139 commune TTHC: 50 fully online (35,97 %), 14 partly online; 8 of the 64 online TTHC received online dossiers
    (12,5 %); every dossier online (100 %), every one overdue (0 % on time); no fee dossiers; no PAKN; every dossier
    with an e-result, digitised, feeding the citizen's data store and using citizen data, none reusing data; the
    commune offers electronic certified copies; 1 dossier in 20 synced."""
    store = Store.open(":memory:")
    write_units(
        store,
        pa.table(
            {
                "code": ["99", "99100"],
                "name": ["Tỉnh Thử Nghiệm", "Xã Lục Bình"],
                "level": ["province", "commune"],
                "parent_code": [None, "99"],
                "e_certified_copy": [False, True],
            }
        ),
    )
    codes = [f"1.{100000 + i}" for i in range(139)]
    used = codes[:8]  # fully online TTHC that received dossiers; their applicants are businesses
    write_records(
        store,
        {
            "procedures": pa.table(
                {
                    "authority_code": ["99"] * 139,
                    "code": codes,
                    "name": [f"Thủ tục {i}" for i in range(139)],
                    "level": ["commune"] * 139,
                    "online_level": ["full"] * 50 + ["partial"] * 14 + ["none"] * 75,
                    "fee_bearing": [False] * 130 + [True] * 9,
                    "applicant_type": ["business"] * 8 + ["citizen"] * 131,
                    "public_date": [dt.date(2023, 1, 5)] * 139,
                    "time_limit": [3.0] * 139,
                    "time_limit_unit": ["working_day"] * 139,
                }
            ),
            "dossiers": pa.table(
                {
                    "code": [f"LB{i:03d}" for i in range(20)],
                    "unit_code": ["99100"] * 20,
                    "procedure_code": [used[i % 8] for i in range(20)],
                    "channel": ["online"] * 20,
                    "received_at": [dt.datetime(2023, 10, 2 + i, 9, tzinfo=at(2023, 1, 1).tzinfo) for i in range(20)],
                    "due_at": [dt.datetime(2023, 10, 3 + i, 17, tzinfo=at(2023, 1, 1).tzinfo) for i in range(20)],
                    "synced": [i == 0 for i in range(20)],
                    "e_result": [True] * 20,
                    "digitised": [True] * 20,
                    "personal_storage": [True] * 20,
                    "citizen_data": [True] * 20,
                }
            ),
            "dossier_events": pa.table(
                {
                    "event_id": [f"LB{i:03d}-f" for i in range(20)],
                    "dossier_code": [f"LB{i:03d}" for i in range(20)],
                    "event_type": ["finished"] * 20,
                    "occurred_at": [dt.datetime(2023, 10, 6 + i, 9, tzinfo=at(2023, 1, 1).tzinfo) for i in range(20)],
                }
            ),
        },
    )
    return store


def test_seed_commune_groups_consistent_with_the_spec() -> None:
    """§5: Lục Bình's groups that are consistent with the spec — TDGQ 0, CLGQ 7,22, TTTT 0, MDHL 12, MDSH 18 — come
    out of its records, CKMB is out of 18 (not 20), and the total is the sum of the groups (not the stated 47,17)."""
    store = _seed_commune_store()
    s = score_units_in_store(store, "2023-10", as_of=at(2023, 11, 30, 12), units=["99100"], methodology="dvcqg-2025")[0]
    assert s.groups["TDGQ"] == 0
    assert s.groups["CLGQ"] == pytest.approx(7.22)
    assert s.groups["TTTT"] == 0
    assert s.groups["MDHL"] == 12
    assert s.groups["MDSH"] == 18
    assert s.indicators["DOSSIER_SYNC"].points == pytest.approx(0.3)
    assert s.groups["CKMB"] <= 18
    assert s.total == pytest.approx(round(sum(s.groups.values()), 2))
    assert s.total != pytest.approx(47.17)
    assert s.classification == "yeu"
