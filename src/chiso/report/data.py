"""Everything a report states, gathered from the engine once: scores (this and earlier periods), ranks, the
records behind each point loss, the tasks, and (for a province) its units' results.

A batch of reports shares one :class:`ScoreBook`, so each period is scored once for every unit rather than once
per report.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from chiso.compute.engine import resolve_methodology, score_units_in_store
from chiso.compute.period import Period
from chiso.explain import Explanation
from chiso.methodology import Methodology
from chiso.report.listings import UnitLosses, explain_one
from chiso.report.profile import ProfileBook, UnitProfile, UnitRef, peer_label, unit_ref
from chiso.report.tasks import RecordStats, Task, build_tasks
from chiso.score import UnitScore
from chiso.timeutil import ensure_aware, now_vn

if TYPE_CHECKING:
    from chiso.store.db import Store

TREND_PERIODS = 6


class ScoreBook:
    """Scores of a fixed set of units (all units when ``None``), computed once per period and kept.

    Ranks are among the peers present in the set, so a set must hold every peer of the units reported on."""

    def __init__(
        self, store: Store, methodology: Methodology, as_of: dt.datetime, units: Sequence[str] | None = None
    ) -> None:
        self.store = store
        self.methodology = methodology
        self.as_of = as_of
        self.units = None if units is None else sorted(set(units))
        self._scores: dict[str, dict[str, UnitScore]] = {}

    def has(self, period: Period) -> bool:
        """Whether ``period`` is already scored."""
        return period.key in self._scores

    def get(self, period: Period) -> dict[str, UnitScore]:
        """Every unit's score for ``period``, by unit code."""
        found = self._scores.get(period.key)
        if found is None:
            scores = score_units_in_store(
                self.store, period, as_of=self.as_of, units=self.units, methodology=self.methodology
            )
            found = {s.id: s for s in scores}
            self._scores[period.key] = found
        return found


@dataclass
class ReportData:
    """The facts of one report."""

    ref: UnitRef
    profile: UnitProfile
    methodology: Methodology
    period: Period
    as_of: dt.datetime
    issued_on: dt.date
    score: UnitScore
    previous: UnitScore | None
    previous_period: Period
    trend: list[tuple[Period, float | None]]
    explanations: list[Explanation]  # ``missing`` holds the first records only (the annex)
    stats: dict[str, RecordStats]  # counts over all the records, by indicator
    tasks: list[Task]
    peers_label: str
    children: list[UnitScore] = field(default_factory=list)
    unit_names: dict[str, str] = field(default_factory=dict)
    procedure_names: dict[str, str] = field(default_factory=dict)
    # The reconciliation with Cổng DVCQG when its figures for the period were imported and differ (an annex).
    portal: Any = None

    @property
    def live(self) -> bool:
        """The period has not ended at the evaluation instant: figures still move."""
        return self.as_of < self.period.end_instant


def data_start(store: Store) -> dt.date | None:
    """The first day any dossier was received: earlier periods have no data (not a score of zero)."""
    row = store.con.execute("SELECT min(received_day) FROM dossiers").fetchone()
    return None if row is None else row[0]


def peers_and_children(store: Store, ref: UnitRef) -> tuple[list[str], list[str], list[str]]:
    """Codes of the unit's peers (same parent and level, itself included), of its direct children, and the peers'
    division types (or levels, where a unit has none)."""
    if ref.parent_code is None:
        rows = store.con.execute(
            "SELECT code, coalesce(division_type, level) FROM units WHERE parent_code IS NULL AND level = ?",
            [ref.level],
        ).fetchall()
    else:
        rows = store.con.execute(
            "SELECT code, coalesce(division_type, level) FROM units WHERE parent_code = ? AND level = ?",
            [ref.parent_code, ref.level],
        ).fetchall()
    children = [r[0] for r in store.con.execute("SELECT code FROM units WHERE parent_code = ?", [ref.code]).fetchall()]
    types = [r[1] for r in rows]
    if ref.level not in ("commune", "province"):
        types = [ref.level]  # departments are "sở, ban, ngành" whatever each one's own type
    return [r[0] for r in rows], children, types


def _names(store: Store, table: str, codes: set[str]) -> dict[str, str]:
    if not codes:
        return {}
    rows = store.con.execute(
        f"SELECT code, min(name) FROM {table} WHERE code IN (SELECT unnest(?)) GROUP BY code", [sorted(codes)]
    ).fetchall()
    return {r[0]: r[1] for r in rows}


def collect(
    store: Store,
    unit: str,
    period: Period | str,
    *,
    as_of: dt.datetime | None = None,
    methodology: Methodology | str | None = None,
    profiles: ProfileBook | None = None,
    issued_on: dt.date | None = None,
    book: ScoreBook | None = None,
    annex_rows: int = 20,
    first_day: dt.date | None = None,
    losses: UnitLosses | None = None,
) -> ReportData:
    """Gather one unit's report. ``book`` (shared by a batch) must cover the unit's peers and children; ``losses``
    (from :func:`chiso.report.listings.explain_batch`) saves the per-unit explain queries."""
    m = resolve_methodology(methodology)
    p = Period.parse(period) if isinstance(period, str) else period
    instant = ensure_aware(as_of) if as_of is not None else now_vn()
    ref = unit_ref(store, unit)
    peers, children, peer_types = peers_and_children(store, ref)
    if book is None:
        book = ScoreBook(store, m, instant, sorted({*peers, *children, unit}))
    current = book.get(p)[unit]
    prev_period = p.previous()
    first = first_day if first_day is not None else data_start(store)

    def has_data(q: Period) -> bool:
        return first is not None and q.end >= first

    previous = book.get(prev_period)[unit] if has_data(prev_period) else None
    trend_book = book if book.units is None else ScoreBook(store, m, instant, [unit])
    trend: list[tuple[Period, float | None]] = []
    for q in p.trailing(TREND_PERIODS):
        if not has_data(q):
            trend.append((q, None))
            continue
        source = book if book.has(q) else trend_book
        trend.append((q, source.get(q)[unit].total))

    if losses is None:
        losses = explain_one(store, unit, p, instant, m, current, annex_rows)
    explanations = losses.explanations
    tasks = build_tasks(current, explanations, losses.stats, m, p)

    scores_now = book.get(p)
    kids = sorted(
        (scores_now[c] for c in children if c in scores_now),
        key=lambda s: (s.level != "department", s.level, s.rank or 0, s.id),
    )
    unit_codes = {r["unit_code"] for ex in explanations for r in ex.missing if r.get("unit_code")}
    proc_codes = {r["procedure_code"] for ex in explanations for r in ex.missing if r.get("procedure_code")}
    book_profiles = profiles or ProfileBook.empty()
    return ReportData(
        ref=ref,
        profile=book_profiles.for_unit(ref),
        methodology=m,
        period=p,
        as_of=instant,
        issued_on=issued_on or instant.date(),
        score=current,
        previous=previous,
        previous_period=prev_period,
        trend=trend,
        explanations=explanations,
        stats=losses.stats,
        tasks=tasks,
        peers_label=peer_label(peer_types),
        children=kids,
        unit_names=_names(store, "units", unit_codes | {unit}),
        procedure_names=_names(store, "procedures", proc_codes),
        portal=portal_differences(store, unit, p, instant, m),
    )


def portal_differences(store: Store, unit: str, period: Period, as_of: dt.datetime, m: Methodology) -> Any:
    """The unit's reconciliation with the portal (chiso.reconcile) when the portal's figures of the period were
    imported and something differs; ``None`` otherwise (one cheap query when nothing was imported)."""
    row = store.con.execute(
        "SELECT (SELECT count(*) FROM portal_results WHERE period = ? AND unit_code = ?) "
        "+ (SELECT count(*) FROM portal_dossiers WHERE period = ?)",
        [period.key, unit, period.key],
    ).fetchone()
    if not row or not row[0]:
        return None
    from chiso.reconcile import reconcile

    rec = reconcile(store, unit=unit, period=period, as_of=as_of, methodology=m)
    differs = rec.records or (rec.totals is not None and not rec.totals.ok) or abs(rec.total_difference or 0) >= 0.01
    return rec if differs else None
