"""Generated records hold together: references resolve, histories are ordered, dates are consistent (spec §3)."""

from __future__ import annotations

import datetime as dt

from chiso.store import Store
from chiso.store.vocab import CHANNELS, EVENT_TYPES, PAYMENT_GATEWAYS, PAYMENT_METHODS, RATINGS
from tests.test_generate_support import END, PROVINCE, generated, rows


def store() -> Store:
    return generated()[0]


def one(sql: str) -> object:
    return rows(store(), sql)[0][0]


def none(sql: str) -> None:
    """Assert that the counting query ``sql`` finds no offending row."""
    assert one(sql) == 0, sql


def test_summary_counts_match_the_store() -> None:
    """The printed summary is what was written."""
    s, summary = generated()
    counts = s.counts()
    assert counts["dossiers"] == summary.dossiers > 1000
    assert counts["dossier_events"] == summary.events
    assert counts["payments"] == summary.payments
    assert counts["petitions"] == summary.petitions
    assert counts["procedures"] == sum(summary.procedures.values())
    assert counts["units"] == sum(summary.units.values())


def test_every_dossier_has_a_known_unit_and_an_applicable_tthc() -> None:
    """A commune's dossiers are of commune-level TTHC; a department's, of the TTHC it handles (agency_code)."""
    none("SELECT count(*) FROM dossiers d LEFT JOIN units u ON u.code = d.unit_code WHERE u.code IS NULL")
    bad = one(
        f"""
        SELECT count(*) FROM dossiers d
        JOIN units u ON u.code = d.unit_code
        LEFT JOIN procedures p ON p.authority_code = '{PROVINCE}' AND p.code = d.procedure_code
        WHERE p.code IS NULL
           OR (u.level = 'commune' AND (p.level <> 'commune' OR p.agency_code IS NOT NULL))
           OR (u.level = 'department' AND p.agency_code IS DISTINCT FROM u.code)
           OR u.level NOT IN ('commune', 'department')
        """
    )
    assert bad == 0


def test_province_level_tthc_name_their_department() -> None:
    """The lead's rule: agency_code set for province-level TTHC, NULL for commune-level ones."""
    none("SELECT count(*) FROM procedures WHERE level = 'province' AND agency_code IS NULL")
    none("SELECT count(*) FROM procedures WHERE level = 'commune' AND agency_code IS NOT NULL")
    none(
        "SELECT count(*) FROM procedures p LEFT JOIN units u ON u.code = p.agency_code "
        "WHERE p.agency_code IS NOT NULL AND u.code IS NULL"
    )


def test_events_reference_dossiers_and_start_with_reception() -> None:
    """Every event belongs to a dossier; every dossier has exactly one 'received' event, at its reception."""
    none("SELECT count(*) FROM dossier_events e LEFT JOIN dossiers d ON d.code = e.dossier_code WHERE d.code IS NULL")
    none(
        """
        SELECT count(*) FROM dossiers d LEFT JOIN (
            SELECT dossier_code, count(*) AS n, min(occurred_at) AS first_at FROM dossier_events
            WHERE event_type = 'received' GROUP BY 1
        ) r ON r.dossier_code = d.code
        WHERE r.n IS DISTINCT FROM 1 OR r.first_at <> d.received_at
        """
    )
    types = {r[0] for r in rows(store(), "SELECT DISTINCT event_type FROM dossier_events")}
    assert types <= set(EVENT_TYPES)


def test_events_are_in_chronological_order_per_dossier() -> None:
    """Event ids number the steps of a history; their order is the order in time, and nothing precedes reception."""
    out_of_order = one(
        """
        SELECT count(*) FROM (
            SELECT occurred_at, lag(occurred_at) OVER (
                PARTITION BY dossier_code ORDER BY CAST(split_part(event_id, '-', -1) AS INTEGER)
            ) AS previous
            FROM dossier_events
        ) AS steps WHERE occurred_at < previous
        """
    )
    assert out_of_order == 0
    none(
        "SELECT count(*) FROM dossier_events e JOIN dossiers d ON d.code = e.dossier_code "
        "WHERE e.occurred_at < d.received_at"
    )


def test_due_date_is_never_before_reception() -> None:
    """The one-stop due date (ngày hẹn trả) and the effective one are after reception."""
    none("SELECT count(*) FROM dossiers WHERE due_at < received_at")
    none("SELECT count(*) FROM dossiers WHERE effective_due_at IS NULL OR effective_due_at < received_at")


def test_nothing_happens_after_the_end() -> None:
    """Data stop at the end of ``end``: receptions, events, payments, PAKN steps."""
    limit = dt.datetime.combine(END + dt.timedelta(days=1), dt.time.min).isoformat() + "+07:00"
    for table, column in (
        ("dossiers", "received_at"),
        ("dossier_events", "occurred_at"),
        ("payments", "paid_at"),
        ("petitions", "greatest(received_at, refused_at, info_requested_at, handled_at, published_at)"),
    ):
        assert one(f"SELECT count(*) FROM {table} WHERE {column} >= TIMESTAMPTZ '{limit}'") == 0, table


def test_coded_columns_use_the_vocabulary() -> None:
    """Channels, ratings, payment methods and gateways are the store's allowed values."""
    assert {r[0] for r in rows(store(), "SELECT DISTINCT channel FROM dossiers")} == set(CHANNELS)
    assert {r[0] for r in rows(store(), "SELECT DISTINCT rating FROM dossiers WHERE rating IS NOT NULL")} == set(
        RATINGS
    )
    assert {r[0] for r in rows(store(), "SELECT DISTINCT method FROM payments")} <= set(PAYMENT_METHODS)
    gateways = {r[0] for r in rows(store(), "SELECT DISTINCT gateway FROM payments WHERE gateway IS NOT NULL")}
    assert gateways <= set(PAYMENT_GATEWAYS)


def test_payments_belong_to_fee_dossiers_and_online_ones_name_a_gateway() -> None:
    """Only dossiers with a fee obligation pay; an online payment goes through the portal or the province."""
    none(
        "SELECT count(*) FROM payments p JOIN dossiers d ON d.code = p.dossier_code "
        "WHERE NOT d.fee_required OR p.paid_at < d.received_at OR p.amount <= 0"
    )
    none("SELECT count(*) FROM payments WHERE (method = 'online') <> (gateway IS NOT NULL)")


def test_sync_instant_only_for_synced_dossiers() -> None:
    """synced_at is set exactly when the dossier was synced, never before reception."""
    none("SELECT count(*) FROM dossiers WHERE synced <> (synced_at IS NOT NULL)")
    none("SELECT count(*) FROM dossiers WHERE synced_at < received_at")


def test_repeated_petitions_point_to_an_earlier_one_of_the_same_unit() -> None:
    """A repeated complaint references an earlier PAKN of the same unit."""
    none(
        "SELECT count(*) FROM petitions p LEFT JOIN petitions o ON o.code = p.repeat_of "
        "WHERE p.repeat_of IS NOT NULL AND (o.code IS NULL OR o.unit_code <> p.unit_code "
        "OR o.received_at > p.received_at)"
    )


def test_petition_steps_follow_reception() -> None:
    """Refusal, information request, handling and publication come after reception; publication after handling."""
    none(
        "SELECT count(*) FROM petitions WHERE least(refused_at, info_requested_at, handled_at, published_at) "
        "< received_at OR published_at < handled_at OR (published_at IS NOT NULL AND handled_at IS NULL)"
    )


def test_codes_look_like_one_stop_codes() -> None:
    """Dossier codes are <unit>-<yymmdd>-<seq> with the reception day; event ids extend them."""
    bad = one(
        "SELECT count(*) FROM dossiers WHERE code <> unit_code || '-' || strftime(received_day, '%y%m%d') || '-' "
        "|| lpad(split_part(code, '-', -1), 4, '0')"
    )
    assert bad == 0
    none("SELECT count(*) FROM dossier_events WHERE NOT starts_with(event_id, dossier_code || '-')")
