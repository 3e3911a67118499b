"""Generated rates vary by unit like real ones (issue 2 item 5), and every indicator of the index is exercised
(spec §2): each one has units where it is counted, units that score on it, and units that fall short."""

from __future__ import annotations

import datetime as dt

from chiso.compute.engine import compute_counts
from chiso.methodology import load_methodology
from chiso.timeutil import VN_TZ
from tests.test_generate_support import END, generated, rows

AS_OF = dt.datetime.combine(END, dt.time(23, 0), tzinfo=VN_TZ)


def q(sql: str) -> list[tuple[object, ...]]:
    return rows(generated()[0], sql)


def test_on_time_share_spreads_across_communes() -> None:
    """Spec §3, on time ⇔ end of processing (net of the applicant's time) ≤ due date: some communes finish under
    70 % of their dossiers on time, some over 95 %."""
    shares = [
        r[1]
        for r in q(
            """
            SELECT d.unit_code,
                   avg(CASE WHEN epoch(f.terminal_at) - f.applicant_seconds <= epoch(f.effective_due_at)
                            AND f.supplement2_at IS NULL THEN 1 ELSE 0 END) AS share
            FROM dossiers d JOIN dossier_facts f ON f.dossier_code = d.code JOIN units u ON u.code = d.unit_code
            WHERE u.level = 'commune' AND f.terminal_state = 'finished'
            GROUP BY 1
            """
        )
    ]
    assert len(shares) >= 30
    assert min(shares) < 0.7
    assert max(shares) > 0.95


def test_online_share_varies_by_unit() -> None:
    """Some communes take most dossiers online, some hardly any."""
    shares = [r[0] for r in q("""
        SELECT avg((channel = 'online')::INT) FROM dossiers d JOIN units u ON u.code = d.unit_code
        WHERE u.level = 'commune' GROUP BY d.unit_code""")]  # fmt: skip
    assert max(shares) - min(shares) > 0.3
    assert {r[0] for r in q("SELECT DISTINCT channel FROM dossiers")} == {"online", "in_person", "postal"}


def test_tet_month_has_fewer_dossiers_than_the_month_before() -> None:
    """Tết 2026 (17 February, from the holidays package) empties February's offices."""
    counts = dict(q("SELECT month(received_day), count(*) FROM dossiers GROUP BY 1"))
    assert counts[2] < 0.85 * counts[1]


def test_holidays_see_only_online_submissions() -> None:
    """On Tết days the counters are closed: what arrives comes online."""
    channels = {
        r[0]
        for r in q("SELECT DISTINCT channel FROM dossiers WHERE received_day BETWEEN '2026-02-17' AND '2026-02-20'")
    }
    assert channels <= {"online"}


def test_wards_are_busier_than_communes() -> None:
    """Urban wards (phường) receive more dossiers than rural communes (xã) on average."""
    avg = dict(q("""
        SELECT u.division_type, count(*) / count(DISTINCT u.code) FROM dossiers d JOIN units u ON u.code = d.unit_code
        WHERE u.level = 'commune' GROUP BY 1"""))  # fmt: skip
    assert avg["phường"] > avg["xã"]


def test_some_units_have_no_petitions() -> None:
    """PAKN are rare: some units received none, others several."""
    per_unit = dict(q("""
        SELECT u.code, count(p.code) FROM units u LEFT JOIN petitions p ON p.unit_code = u.code
        WHERE u.level <> 'province' GROUP BY 1"""))  # fmt: skip
    assert 0 in per_unit.values()
    assert max(per_unit.values()) >= 2


def test_histories_include_every_kind_of_step() -> None:
    """Forwarding, requests for more documents (sometimes twice), pauses, refusals, withdrawals, results."""
    kinds = dict(q("SELECT event_type, count(*) FROM dossier_events GROUP BY 1"))
    for kind in ("received", "forwarded", "supplement_requested", "supplement_completed", "paused", "resumed",
                 "refused", "stopped", "withdrawn", "finished", "result_returned"):  # fmt: skip
        assert kinds.get(kind, 0) > 0, kind
    assert q("SELECT count(*) FROM dossier_facts WHERE supplement2_at IS NOT NULL")[0][0] > 0


def test_the_last_month_is_live() -> None:
    """Dossiers received near the end are still in process, some already past their due date (overdue in
    process), and some dossiers use the legal time limit because the one-stop system set no due date."""
    end = f"TIMESTAMPTZ '{END.isoformat()} 23:59:59+07:00'"
    in_process = q("SELECT count(*) FROM dossier_facts WHERE terminal_state IS NULL")[0][0]
    overdue = q(f"SELECT count(*) FROM dossier_facts WHERE terminal_state IS NULL AND effective_due_at < {end}")[0][0]
    assert in_process > 50
    assert overdue > 0
    assert q("SELECT count(*) FROM dossier_facts WHERE due_from_legal_limit")[0][0] > 0


def test_sync_gaps_and_payment_habits_differ_by_unit() -> None:
    """Some units have sync gaps; some take no online payments while others take many, through both gateways."""
    synced = [r[0] for r in q("SELECT avg(synced::INT) FROM dossiers GROUP BY unit_code HAVING count(*) > 30")]
    assert min(synced) < 0.9 < max(synced)
    paid = [r[0] for r in q("""
        SELECT avg(f.paid_online::INT) FROM dossiers d JOIN dossier_facts f ON f.dossier_code = d.code
        WHERE d.fee_required GROUP BY d.unit_code HAVING count(*) > 20""")]  # fmt: skip
    assert min(paid) == 0 and max(paid) > 0.4
    assert {r[0] for r in q("SELECT DISTINCT gateway FROM payments WHERE method = 'online'")} == {"dvcqg", "provincial"}


def test_catalogue_has_realistic_levels_fees_and_publication() -> None:
    """Online levels none/partial/full, fee-bearing TTHC partly integrated, and publication decisions in the
    window with some published or made public late (PUBLISH_ON_TIME / PUBLIC_UPDATE_ON_TIME below 100 %)."""
    levels = dict(q("SELECT online_level, count(*) FROM procedures GROUP BY 1"))
    assert set(levels) == {"none", "partial", "full"}
    fees = q("SELECT count(*) FILTER (WHERE fee_integrated), count(*) FROM procedures WHERE fee_bearing")[0]
    assert 0 < fees[0] < fees[1]
    assert q("SELECT count(*) FROM procedures WHERE NOT content_complete")[0][0] > 0
    units = {r[0] for r in q("SELECT DISTINCT time_limit_unit FROM procedures")}
    assert units == {"working_day", "day", "hour"}


def test_communes_differ_in_electronic_certified_copies() -> None:
    """ELECTRONIC_CERTIFIED_COPY: some communes provide it, some do not; those that do not get no such dossiers."""
    flags = dict(q("SELECT e_certified_copy, count(*) FROM units WHERE level = 'commune' GROUP BY 1"))
    assert flags.get(True, 0) > 0 and flags.get(False, 0) > 0
    assert q("""
        SELECT count(*) FROM dossiers d JOIN units u ON u.code = d.unit_code
        JOIN procedures p ON p.code = d.procedure_code
        WHERE NOT u.e_certified_copy AND p.name = 'Chứng thực bản sao điện tử từ bản chính'""")[0][0] == 0  # fmt: skip


def test_every_indicator_is_exercised() -> None:
    """Spec §2: for every indicator and every level it applies to, the generated months give units where it is
    counted (denominator > 0), units that score on it (numerator > 0) and units that fall short (num < den)."""
    store = generated()[0]
    methodology = load_methodology("dvcqg-2026")
    level_of = dict(q("SELECT code, level FROM units"))
    per_month = [compute_counts(store, period, as_of=AS_OF).to_pylist() for period in ("2026-01", "2026-02")]
    missing = []
    for indicator in methodology.indicators:
        for level in ("province", "department", "commune"):
            rule = indicator.levels[level]
            if not rule.applies:
                continue
            key = rule.counting
            pairs = [
                (r[f"{key}__num"], r[f"{key}__den"]) for month in per_month for r in month
                if level_of[r["unit_code"]] == level
            ]  # fmt: skip
            if not any(d > 0 for _, d in pairs):
                missing.append(f"{indicator.code}/{level}: no denominator")
            if not any(n > 0 for n, _ in pairs):
                missing.append(f"{indicator.code}/{level}: no numerator")
            if not any(n < d for n, d in pairs):
                missing.append(f"{indicator.code}/{level}: always 100 %")
    assert missing == [], missing
