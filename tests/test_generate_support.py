"""Shared part of tests/test_generate_*.py: one small generated province per test process.

(No tests here.) Lai Châu (province 12: 38 communes, 16 departments) for January–February 2026 at a small scale:
February holds Tết (17 February 2026) and is the live month, generated up to its last day.
"""

from __future__ import annotations

import datetime as dt
import functools
from typing import Any

from chiso.generate import GenerateSummary, generate_province
from chiso.store import Store
from tests.backends import select_except

PROVINCE = "12"
END = dt.date(2026, 2, 28)
MONTHS = 2
SEED = 20260217
SCALE = 0.05

# Natural keys, for comparing table contents row by row.
TABLE_KEYS = {
    "units": "code",
    "procedures": "authority_code, code",
    "dossiers": "code",
    "dossier_events": "event_id",
    "payments": "payment_id",
    "petitions": "code",
}


@functools.cache
def generated() -> tuple[Store, GenerateSummary]:
    """The shared store (in memory) and the summary of its generation. Tests must not write to it."""
    store = Store.open(":memory:")
    summary = generate_province(store, PROVINCE, months=MONTHS, seed=SEED, end=END, scale=SCALE)
    return store, summary


def rows(store: Store, sql: str, params: list[Any] | None = None) -> list[tuple[Any, ...]]:
    """The rows of a query."""
    return store.con.execute(sql, params or []).fetchall()


def contents(store: Store, table: str) -> Any:
    """A table's contents ordered by natural key, without the write instant (an Arrow table)."""
    exclude = ("written_at",) if table not in ("units", "procedures") else ()
    query = select_except(store, table, *exclude)
    return store.con.execute(f"{query} ORDER BY {TABLE_KEYS[table]}").to_arrow_table()
