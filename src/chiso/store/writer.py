"""Writing records into the store: validated Arrow tables in, upserts by natural key, derived facts refreshed.

Callers (the importer, the generator, later the ingest API) hand over Arrow tables whose columns are the canonical
names of :data:`COLUMNS`; optional columns may be missing. Every public function here runs inside one transaction:
either everything is written, or nothing is.

Versioning: a dossier, procedure or petition whose ``source_updated_at`` is older than the stored one is ignored,
so a late re-send of an old version never overwrites a newer one. Events are append-only and keyed by
``event_id``: a newer version of a dossier adds to its history, never erases it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pyarrow as pa
import pyarrow.compute as pc

if TYPE_CHECKING:
    from chiso.audit.log import WriteNote
    from chiso.store.db import Store

TS = pa.timestamp("us", tz="UTC")

# Canonical columns per table: name → (arrow type, required?). Derived columns are not listed: the writer sets them.
COLUMNS: dict[str, dict[str, tuple[pa.DataType, bool]]] = {
    "units": {
        "code": (pa.string(), True),
        "name": (pa.string(), True),
        "level": (pa.string(), True),
        "parent_code": (pa.string(), False),
        "division_type": (pa.string(), False),
        "e_certified_copy": (pa.bool_(), False),
        "active": (pa.bool_(), False),
    },
    "procedures": {
        "authority_code": (pa.string(), True),
        "code": (pa.string(), True),
        "name": (pa.string(), True),
        "level": (pa.string(), True),
        "field": (pa.string(), False),
        "agency_code": (pa.string(), False),
        "online_level": (pa.string(), True),
        "fee_bearing": (pa.bool_(), False),
        "fee_integrated": (pa.bool_(), False),
        "issues_result": (pa.bool_(), False),
        "applicant_type": (pa.string(), False),
        "decision_number": (pa.string(), False),
        "decision_date": (pa.date32(), False),
        "legal_effective_date": (pa.date32(), False),
        "public_date": (pa.date32(), False),
        "content_complete": (pa.bool_(), False),
        "time_limit": (pa.float64(), False),
        "time_limit_unit": (pa.string(), False),
        "source_updated_at": (TS, False),
    },
    "dossiers": {
        "code": (pa.string(), True),
        "unit_code": (pa.string(), True),
        "procedure_code": (pa.string(), True),
        "channel": (pa.string(), True),
        "received_at": (TS, True),
        "due_at": (TS, False),
        "synced": (pa.bool_(), False),
        "synced_at": (TS, False),
        "fee_required": (pa.bool_(), False),
        "digitised": (pa.bool_(), False),
        "e_result": (pa.bool_(), False),
        "reused_data": (pa.bool_(), False),
        "personal_storage": (pa.bool_(), False),
        "citizen_data": (pa.bool_(), False),
        "rating": (pa.string(), False),
        "complaint": (pa.bool_(), False),
        "source_updated_at": (TS, False),
    },
    "dossier_events": {
        "event_id": (pa.string(), True),
        "dossier_code": (pa.string(), True),
        "event_type": (pa.string(), True),
        "occurred_at": (TS, True),
        "actor": (pa.string(), False),
        "note": (pa.string(), False),
    },
    "payments": {
        "payment_id": (pa.string(), True),
        "dossier_code": (pa.string(), True),
        "amount": (pa.int64(), True),
        "method": (pa.string(), True),
        "gateway": (pa.string(), False),
        "paid_at": (TS, True),
        "synced": (pa.bool_(), False),
    },
    "petitions": {
        "code": (pa.string(), True),
        "unit_code": (pa.string(), True),
        "received_at": (TS, True),
        "repeat_of": (pa.string(), False),
        "due_at": (TS, False),
        "refused_at": (TS, False),
        "info_requested_at": (TS, False),
        "handled_at": (TS, False),
        "published_at": (TS, False),
        "likes": (pa.int32(), False),
        "dislikes": (pa.int32(), False),
        "source_updated_at": (TS, False),
    },
}

KEYS: dict[str, tuple[str, ...]] = {
    "units": ("code",),
    "procedures": ("authority_code", "code"),
    "dossiers": ("code",),
    "dossier_events": ("event_id",),
    "payments": ("payment_id",),
    "petitions": ("code",),
}

# Defaults for optional boolean/int columns that the table declares NOT NULL.
_DEFAULTS: dict[str, object] = {
    "e_certified_copy": False,
    "active": True,
    "fee_bearing": False,
    "fee_integrated": False,
    "issues_result": True,
    "applicant_type": "citizen",
    "content_complete": True,
    "synced": False,
    "fee_required": False,
    "digitised": False,
    "e_result": False,
    "reused_data": False,
    "personal_storage": False,
    "citizen_data": False,
    "complaint": False,
    "likes": 0,
    "dislikes": 0,
}

# Derived local-day columns: target column → source instant column.
_DAY_COLUMNS: dict[str, dict[str, str]] = {
    "dossiers": {"received_day": "received_at", "due_day": "due_at"},
    "dossier_events": {"occurred_day": "occurred_at"},
    "petitions": {"received_day": "received_at"},
}


@dataclass(frozen=True)
class WriteResult:
    """What a write did, per table: rows offered and rows actually inserted or changed."""

    offered: dict[str, int]
    written: dict[str, int]


def conform(entity: str, table: pa.Table, written_at: dt.datetime | None = None) -> pa.Table:
    """Cast ``table`` to the canonical columns of ``entity``: add missing optional ones (defaults), order them,
    derive local-day columns and ``written_at``. Raises ``KeyError`` for a missing required column."""
    spec = COLUMNS[entity]
    n = table.num_rows
    arrays: dict[str, pa.Array | pa.ChunkedArray] = {}
    for name, (typ, required) in spec.items():
        if name in table.column_names:
            col = table.column(name)
            if col.type != typ:
                col = col.cast(typ)
            if name in _DEFAULTS:
                col = pc.fill_null(col, pa.scalar(_DEFAULTS[name], typ))
            arrays[name] = col
        elif required:
            raise KeyError(name)
        elif name in _DEFAULTS:
            arrays[name] = pa.array([_DEFAULTS[name]] * n, typ)
        else:
            arrays[name] = pa.nulls(n, typ)
    now = written_at or dt.datetime.now(dt.UTC)
    if "source_updated_at" in spec and entity != "procedures":
        # A record without a source version is versioned by the moment it reached chiso.
        arrays["source_updated_at"] = pc.fill_null(arrays["source_updated_at"], pa.scalar(now, TS))
    for day_col, src in _DAY_COLUMNS.get(entity, {}).items():
        local = pc.local_timestamp(
            pc.assume_timezone(arrays[src].cast(pa.timestamp("us")), "UTC").cast(
                pa.timestamp("us", tz="Asia/Ho_Chi_Minh")
            )
        )
        arrays[day_col] = local.cast(pa.date32())
    if entity != "units" and entity != "procedures":
        arrays["written_at"] = pa.array([now] * n, TS)
    return pa.table(arrays)


def _insert_sql(store: Store, entity: str, staging: str, columns: Sequence[str]) -> str:
    keys = KEYS[entity]
    cols = ", ".join(f'"{c}"' for c in columns)
    updates = ", ".join(f'"{c}" = excluded."{c}"' for c in columns if c not in keys)
    conflict = ", ".join(keys)
    if entity == "dossier_events":
        return f"INSERT INTO {entity} ({cols}) SELECT {cols} FROM {staging} ON CONFLICT ({conflict}) DO NOTHING"
    where = ""
    if "source_updated_at" in columns:
        where = (
            f" WHERE {entity}.source_updated_at IS NULL OR excluded.source_updated_at IS NULL"
            f" OR excluded.source_updated_at >= {entity}.source_updated_at"
        )
    return (
        f"INSERT INTO {entity} ({cols}) SELECT {cols} FROM {staging} "
        f"ON CONFLICT ({conflict}) DO UPDATE SET {updates}{where}"
    )


def _write(store: Store, entity: str, table: pa.Table, *, fresh: bool = False) -> int:
    """Upsert conformed rows of ``entity``; returns the number of rows inserted or changed."""
    if table.num_rows == 0:
        return 0
    staging = f"_staging_{entity}"
    store.con.register(staging, table)
    try:
        if fresh:
            cols = ", ".join(f'"{c}"' for c in table.column_names)
            store.con.execute(f"INSERT INTO {entity} ({cols}) SELECT {cols} FROM {staging}")
            return int(table.num_rows)
        # PostgreSQL's row count of an upsert is exact (inserted + updated); counting the table, as DuckDB needs
        # (its count here can miss inserted rows, and its count(*) is free), would read the whole table.
        exact = store.backend == "postgres"
        before = 0 if exact else store.count(entity)
        result = store.con.execute(_insert_sql(store, entity, staging, table.column_names)).fetchone()
        changed = int(result[0]) if result else 0
        return changed if exact else max(changed, store.count(entity) - before)
    finally:
        store.con.unregister(staging)


def write_units(store: Store, table: pa.Table) -> WriteResult:
    """Upsert units and rebuild the unit tree's closure (any depth). Rejects cycles and unknown parents."""
    from chiso.store.units import rebuild_closure

    rows = conform("units", table)
    with store.transaction():
        written = _write(store, "units", rows)
        rebuild_closure(store)
    return WriteResult({"units": rows.num_rows}, {"units": written})


def write_records(
    store: Store,
    tables: dict[str, pa.Table],
    *,
    fresh: bool = False,
    refresh: bool = True,
    audit: Sequence[WriteNote] = (),
) -> WriteResult:
    """Write procedures, dossiers, events, payments and petitions in one transaction, then refresh the derived
    facts of every dossier touched. ``fresh=True`` is the bulk path for a store known not to hold these keys
    (the generator): plain inserts, no conflict handling."""
    from chiso.store.facts import refresh_facts

    order = ("procedures", "dossiers", "dossier_events", "payments", "petitions")
    unknown = set(tables) - set(order)
    if unknown:
        raise ValueError(f"unknown entities: {sorted(unknown)}")
    offered: dict[str, int] = {}
    written: dict[str, int] = {}
    with store.transaction():
        touched: list[pa.Array | pa.ChunkedArray] = []
        for entity in order:
            if entity not in tables:
                continue
            rows = conform(entity, tables[entity])
            offered[entity] = rows.num_rows
            written[entity] = _write(store, entity, rows, fresh=fresh)
            if entity == "dossiers":
                touched.append(rows.column("code"))
            elif entity in ("dossier_events", "payments"):
                touched.append(rows.column("dossier_code"))
        if refresh:
            if "procedures" in tables:
                refresh_facts(store, None)  # a changed time limit can move any dossier's due date
            elif touched:
                codes = pa.chunked_array(
                    [c.combine_chunks() if isinstance(c, pa.ChunkedArray) else c for c in touched]
                ).unique()
                refresh_facts(store, codes)
        if audit:  # who asked for this write: recorded in the same transaction (chiso.audit)
            from chiso.audit.log import record_writes

            record_writes(store, tables, audit)
    return WriteResult(offered, written)


def existing_keys(store: Store, entity: str, column: str, values: Iterable[str]) -> set[str]:
    """Which of ``values`` already exist in ``entity.column`` (for reference checks by the importer)."""
    arr = pa.array(list(set(values)), pa.string())
    if len(arr) == 0:
        return set()
    store.con.register("_probe", pa.table({"v": arr}))
    try:
        rows = store.con.execute(
            f'SELECT DISTINCT p.v FROM _probe p JOIN "{entity}" t ON t."{column}" = p.v'
        ).fetchall()
    finally:
        store.con.unregister("_probe")
    return {r[0] for r in rows}
