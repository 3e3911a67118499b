"""Early warning: dossiers still in process that will become overdue within the next few working days — the ones
an officer can still save.

One set-based query over dossiers, their derived facts and the working-day calendar (no loop over dossiers):
working days left = the due day's working-day ordinal − today's, plus one when today is itself a working day
(so a dossier due today has 1 day left, and on a Saturday a dossier due Monday has 1 too). A dossier waiting for
the applicant after a request for more documents is left out: it is judged at the request time (spec §3), and a
second request has already made it overdue.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from chiso.timeutil import VN_TZ, ensure_aware

if TYPE_CHECKING:
    from chiso.store.db import Store

WARNING_SQL = """
WITH today AS (
    SELECT wd_ordinal, is_working FROM work_calendar WHERE day = CAST(? AS DATE)
)
SELECT d.code, d.unit_code, u.name AS unit_name, d.procedure_code, p.name AS procedure_name,
       d.received_at, f.effective_due_at AS due_at,
       CAST(due.wd_ordinal - t.wd_ordinal + CASE WHEN t.is_working THEN 1 ELSE 0 END AS INTEGER)
           AS working_days_left,
       -- window totals are computed before LIMIT: the counts stay exact when the list is cut
       count(*) OVER () AS total_within,
       count(*) FILTER (WHERE due.wd_ordinal - t.wd_ordinal + CASE WHEN t.is_working THEN 1 ELSE 0 END <= 1)
           OVER () AS total_within_1
FROM dossiers d
JOIN unit_closure c ON c.unit_code = d.unit_code AND c.ancestor_code = ?
JOIN dossier_facts f ON f.dossier_code = d.code
JOIN units u ON u.code = d.unit_code
LEFT JOIN procedures p ON p.authority_code = u.root_code AND p.code = d.procedure_code
JOIN work_calendar due ON due.day = f.effective_due_day
CROSS JOIN today t
WHERE f.terminal_state IS NULL
  AND f.effective_due_at >= CAST(? AS TIMESTAMPTZ)
  AND d.received_at <= CAST(? AS TIMESTAMPTZ)
  AND f.supplement2_at IS NULL
  AND NOT (f.supplement1_at IS NOT NULL AND f.supplement1_done_at IS NULL)
  AND due.wd_ordinal - t.wd_ordinal + CASE WHEN t.is_working THEN 1 ELSE 0 END <= ?
ORDER BY f.effective_due_at, d.code
LIMIT ?
"""


@dataclass
class EarlyWarnings:
    """The dossiers about to become overdue (the first ``limit``) and how many there are in all."""

    dossiers: list[dict[str, Any]]
    total: int  # within the window of days asked for
    within_one: int  # within 1 working day


def early_warnings(store: Store, *, unit: str, as_of: dt.datetime, days: int = 3, limit: int = 200) -> EarlyWarnings:
    """Dossiers of ``unit``'s subtree in process at ``as_of`` that become overdue within ``days`` working days."""
    instant = ensure_aware(as_of)
    today = instant.astimezone(VN_TZ).date()
    cur = store.con.execute(WARNING_SQL, [today, unit, instant, instant, days, limit])
    cols = [c[0] for c in cur.description]
    rows = [dict(zip(cols, row, strict=True)) for row in cur.fetchall()]
    total = int(rows[0]["total_within"]) if rows else 0
    within_one = int(rows[0]["total_within_1"]) if rows else 0
    for r in rows:
        del r["total_within"], r["total_within_1"]
    return EarlyWarnings(rows, total, within_one)
