"""Spec §3 — when is a dossier on time? One test per rule, each with the smallest dossier history that shows it."""

from __future__ import annotations

from tests.builders import COMMUNE_A, COMMUNE_B, DEPARTMENT, PROVINCE, StoreBuilder, at

LATER = at(2026, 11, 28, 12)  # well after October: October is a closed period


def test_finished_before_due_is_on_time_and_after_due_is_overdue(tiny: StoreBuilder) -> None:
    """§3 [firm]: on time ⇔ end of processing ≤ due date; early and on time are one class."""
    tiny.dossier(at(2026, 10, 5, 9), due=at(2026, 10, 8, 17), events=[("finished", at(2026, 10, 6, 10))])
    tiny.dossier(at(2026, 10, 5, 9), due=at(2026, 10, 8, 17), events=[("finished", at(2026, 10, 8, 17))])
    tiny.dossier(at(2026, 10, 5, 9), due=at(2026, 10, 8, 17), events=[("finished", at(2026, 10, 9, 8))])
    assert tiny.on_time("2026-10", LATER) == (2, 3)


def test_finished_has_priority_over_a_late_result_return(tiny: StoreBuilder) -> None:
    """§3 [likely]: returning the result late does not make a dossier finished on time late."""
    tiny.dossier(
        at(2026, 10, 5, 9),
        due=at(2026, 10, 8, 17),
        events=[("finished", at(2026, 10, 7, 9)), ("result_returned", at(2026, 10, 12, 9))],
    )
    assert tiny.on_time("2026-10", LATER) == (1, 1)


def test_result_returned_is_the_end_when_no_finish_is_recorded(tiny: StoreBuilder) -> None:
    """§3: finished > result returned > refused > withdrawn; the highest recorded state ends processing."""
    tiny.dossier(at(2026, 10, 5, 9), due=at(2026, 10, 8, 17), events=[("result_returned", at(2026, 10, 9, 9))])
    assert tiny.on_time("2026-10", LATER) == (0, 1)


def test_refused_and_withdrawn_dossiers_are_judged_at_that_time(tiny: StoreBuilder) -> None:
    """§3: stopped/refused and withdrawn at the applicant's request are terminal states."""
    tiny.dossier(at(2026, 10, 5, 9), due=at(2026, 10, 8, 17), events=[("refused", at(2026, 10, 6, 9))])
    tiny.dossier(at(2026, 10, 5, 9), due=at(2026, 10, 8, 17), events=[("withdrawn", at(2026, 10, 7, 9))])
    tiny.dossier(at(2026, 10, 5, 9), due=at(2026, 10, 8, 17), events=[("refused", at(2026, 10, 20, 9))])
    assert tiny.on_time("2026-10", LATER) == (2, 3)


def test_in_process_dossier_of_a_closed_period_is_judged_at_period_end(tiny: StoreBuilder) -> None:
    """§3 [firm]: still in process → judged at the end of the period (min(as_of, period end))."""
    tiny.dossier(at(2026, 10, 28, 9), due=at(2026, 11, 3, 17))  # due after October ends: on time in October
    tiny.dossier(at(2026, 10, 5, 9), due=at(2026, 10, 20, 17))  # due passed inside October: overdue
    assert tiny.on_time("2026-10", LATER) == (1, 2)


def test_dossier_finished_after_the_period_is_judged_by_its_real_finish(tiny: StoreBuilder) -> None:
    """§3: a dossier no longer in process at the evaluation instant is judged by its terminal time, even when
    that came after the period closed; judged before it finished, it was still in process."""
    tiny.dossier(at(2026, 10, 28, 9), due=at(2026, 11, 3, 17), events=[("finished", at(2026, 11, 10, 9))])
    assert tiny.on_time("2026-10", LATER) == (0, 1)
    assert tiny.on_time("2026-10", at(2026, 11, 2, 9)) == (1, 1)


def test_live_score_moves_as_the_clock_passes_due_dates(tiny: StoreBuilder) -> None:
    """§3 [firm] "theo thời gian thực": the same record is on time before its due date and overdue after."""
    tiny.dossier(at(2026, 11, 20, 9), due=at(2026, 11, 25, 17))
    assert tiny.on_time("2026-11", at(2026, 11, 25, 16)) == (1, 1)
    assert tiny.on_time("2026-11", at(2026, 11, 26, 9)) == (0, 1)


def test_dossier_received_after_the_evaluation_instant_does_not_exist_yet(tiny: StoreBuilder) -> None:
    """§4: published figures are snapshots; a snapshot cannot count a dossier received after it."""
    tiny.dossier(at(2026, 11, 20, 9), due=at(2026, 11, 25, 17))
    assert tiny.on_time("2026-11", at(2026, 11, 19, 9)) == (0, 0)


def test_waiting_for_the_applicant_is_judged_at_the_request_time(tiny: StoreBuilder) -> None:
    """§3 [likely]: a dossier waiting for more documents is judged when the request was made."""
    tiny.dossier(at(2026, 10, 5, 9), due=at(2026, 10, 8, 17), events=[("supplement_requested", at(2026, 10, 7, 9))])
    tiny.dossier(at(2026, 10, 5, 9), due=at(2026, 10, 8, 17), events=[("supplement_requested", at(2026, 10, 9, 9))])
    assert tiny.on_time("2026-10", LATER) == (1, 2)


def test_second_request_for_more_documents_makes_the_dossier_overdue(tiny: StoreBuilder) -> None:
    """§3 [likely]: a second request for more documents makes the dossier overdue."""
    tiny.dossier(
        at(2026, 10, 5, 9),
        due=at(2026, 10, 30, 17),
        events=[
            ("supplement_requested", at(2026, 10, 6, 9)),
            ("supplement_completed", at(2026, 10, 7, 9)),
            ("supplement_requested", at(2026, 10, 8, 9)),
            ("supplement_completed", at(2026, 10, 9, 9)),
            ("finished", at(2026, 10, 12, 9)),
        ],
    )
    assert tiny.on_time("2026-10", LATER) == (0, 1)


def test_applicant_time_is_subtracted_once_finished(tiny: StoreBuilder) -> None:
    """§3 [likely]: for finished dossiers the applicant's waiting time is subtracted."""
    # Due 8 Oct 17:00; finished 12 Oct 9:00 (3 days 16 h late) after the applicant took 5 days (6 → 11 Oct).
    tiny.dossier(
        at(2026, 10, 5, 9),
        due=at(2026, 10, 8, 17),
        events=[
            ("supplement_requested", at(2026, 10, 6, 9)),
            ("supplement_completed", at(2026, 10, 11, 9)),
            ("finished", at(2026, 10, 12, 9)),
        ],
    )
    # The applicant only took one day: the unit is still 2 days 16 h late.
    tiny.dossier(
        at(2026, 10, 5, 9),
        due=at(2026, 10, 8, 17),
        events=[
            ("supplement_requested", at(2026, 10, 6, 9)),
            ("supplement_completed", at(2026, 10, 7, 9)),
            ("finished", at(2026, 10, 12, 9)),
        ],
    )
    assert tiny.on_time("2026-10", LATER) == (1, 2)


def test_no_due_date_uses_the_legal_time_limit_in_working_days(tiny: StoreBuilder) -> None:
    """§3 [likely]: without a due date, compare with the TTHC's legal limit counted in working days.

    TTHC 1.000001 has a limit of 3 working days. Received Friday 28 Aug 2026: 31 Aug (substituted day off) and
    1–2 Sep (National Day) are holidays, so the working days are 3, 4 and 7 Sep: due at the end of Monday 7 Sep."""
    tiny.dossier(at(2026, 8, 28, 9), events=[("finished", at(2026, 9, 7, 16))])
    tiny.dossier(at(2026, 8, 28, 9), events=[("finished", at(2026, 9, 8, 8))])
    assert tiny.on_time("2026-08", LATER) == (1, 2)


def test_make_up_saturday_counts_as_a_working_day(tiny: StoreBuilder) -> None:
    """§3: official make-up Saturdays are working days (22 Aug 2026 makes up for 31 Aug).

    Received Thursday 20 Aug with a 3-working-day limit: 21 (Fri), 22 (make-up Sat), 24 (Mon) → due end of 24."""
    tiny.dossier(at(2026, 8, 20, 9), events=[("finished", at(2026, 8, 24, 16))])
    tiny.dossier(at(2026, 8, 20, 9), events=[("finished", at(2026, 8, 25, 9))])
    assert tiny.on_time("2026-08", LATER) == (1, 2)


def test_period_membership_is_by_local_reception_day(tiny: StoreBuilder) -> None:
    """§3: dossiers belong to the period of their reception date, in Vietnam's local time."""
    tiny.dossier(at(2026, 10, 31, 23, 30), due=at(2026, 11, 5, 17))
    tiny.dossier(at(2026, 11, 1, 0, 30), due=at(2026, 11, 5, 17))
    assert tiny.on_time("2026-10", LATER)[1] == 1
    assert tiny.on_time("2026-11", LATER)[1] == 1


def test_parent_counts_are_the_sum_of_its_subtree(tiny: StoreBuilder) -> None:
    """§1 [firm]: a parent is scored on summed numerators and denominators, never on averaged scores."""
    tiny.dossier(at(2026, 10, 5, 9), unit=COMMUNE_A, due=at(2026, 10, 8, 17))
    tiny.dossier(at(2026, 10, 5, 9), unit=COMMUNE_B, due=at(2026, 11, 5, 17))
    tiny.dossier(at(2026, 10, 5, 9), unit=COMMUNE_B, due=at(2026, 11, 5, 17))
    tiny.dossier(at(2026, 10, 5, 9), unit=DEPARTMENT, procedure="2.000001", due=at(2026, 11, 5, 17))
    counts = tiny.counts("2026-10", LATER)
    assert counts[PROVINCE]["dossiers_on_time"] == (3, 4)
    assert counts[COMMUNE_A]["dossiers_on_time"] == (0, 1)
    assert counts[COMMUNE_B]["dossiers_on_time"] == (2, 2)


def test_petition_handled_late_after_the_period_is_late(tiny: StoreBuilder) -> None:
    """Spec §2 MDHL with §3's rule: a PAKN handled after its deadline is late even when that happened after the
    period closed; judged before it was handled, it was still within time."""
    import pyarrow as pa

    from chiso.store import write_records

    write_records(
        tiny.store,
        {
            "petitions": pa.table(
                {
                    "code": ["K1"],
                    "unit_code": [COMMUNE_A],
                    "received_at": [at(2026, 10, 28, 9)],
                    "due_at": [at(2026, 11, 5, 17)],
                    "handled_at": [at(2026, 11, 20, 9)],
                }
            )
        },
    )
    assert tiny.counts("2026-10", LATER, [COMMUNE_A])[COMMUNE_A]["petitions_on_time"] == (0, 1)
    assert tiny.counts("2026-10", at(2026, 11, 3, 9), [COMMUNE_A])[COMMUNE_A]["petitions_on_time"] == (1, 1)
