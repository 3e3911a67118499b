"""Record hypothetical actions for real, through the store's one write path.

What the overlay of :mod:`chiso.plan.overlay` pretends, this writes: a ``finished`` event, an online payment, the
synced/e-result/digitised flags, a PAKN's handling time, a TTHC's payment integration. Used to check a plan on a
copy of the store (the tests do exactly that), and by anyone who wants to record a plan once it is carried out.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import pyarrow as pa

from chiso.plan.actions import Actions
from chiso.store.writer import COLUMNS, write_records

if TYPE_CHECKING:
    from chiso.store.db import Store


def _rows(store: Store, entity: str, where: str, args: list[Any]) -> list[dict[str, Any]]:
    cols = list(COLUMNS[entity])
    sql = f"SELECT {', '.join(cols)} FROM {entity} WHERE {where}"
    rows: list[dict[str, Any]] = store.con.execute(sql, args).to_arrow_table().to_pylist()
    return rows


def _version(row: dict[str, Any], at: dt.datetime) -> dt.datetime:
    """A version stamp that wins over the stored one (the writer keeps the newer ``source_updated_at``)."""
    stored = row.get("source_updated_at")
    return max(stored, at) if stored is not None else at


def _table(entity: str, rows: list[dict[str, Any]]) -> pa.Table:
    schema = pa.schema([(name, typ) for name, (typ, _) in COLUMNS[entity].items()])
    return pa.Table.from_pylist(rows, schema=schema)


def apply_actions(store: Store, actions: Actions, *, at: dt.datetime, authority: str, as_of: dt.datetime) -> None:
    """Write ``actions`` into ``store`` at instant ``at`` (one transaction). Dossiers already terminal at ``as_of``
    are not finished again and PAKN already handled are not answered again, as in the overlay."""
    tables: dict[str, pa.Table] = {}
    flags = {"sync": "synced", "e_result": "e_result", "digitise": "digitised"}
    changed: dict[str, dict[str, Any]] = {}
    for kind in ("sync", "e_result", "digitise"):
        codes = sorted(actions.codes(kind))
        if not codes:
            continue
        for row in _rows(store, "dossiers", "code IN (SELECT unnest(?))", [codes]):
            row = changed.setdefault(row["code"], row)
            row[flags[kind]] = True
            if kind == "digitise":
                row["e_result"] = True
            if kind == "sync" and row.get("synced_at") is None:
                row["synced_at"] = at
            row["source_updated_at"] = _version(row, at)
    if changed:
        tables["dossiers"] = _table("dossiers", list(changed.values()))

    finish = sorted(actions.codes("finish"))
    if finish:
        open_codes = [
            r[0]
            for r in store.con.execute(
                "SELECT code FROM dossiers WHERE code IN (SELECT unnest(?))"
                " AND (terminal_at IS NULL OR terminal_at > ?)",
                [finish, as_of],
            ).fetchall()
        ]
        tables["dossier_events"] = _table(
            "dossier_events",
            [
                {"event_id": f"plan-finish-{c}", "dossier_code": c, "event_type": "finished", "occurred_at": at}
                for c in sorted(open_codes)
            ],
        )
    pay = sorted(actions.codes("pay_online"))
    if pay:
        tables["payments"] = _table(
            "payments",
            [
                {"payment_id": f"plan-pay-{c}", "dossier_code": c, "amount": 1, "method": "online", "paid_at": at}
                for c in pay
            ],
        )
    answer = sorted(actions.codes("answer_petition"))
    if answer:
        rows = _rows(
            store,
            "petitions",
            "code IN (SELECT unnest(?)) AND NOT coalesce(coalesce(handled_at, refused_at) <= ?, false)",
            [answer, as_of],
        )
        for row in rows:
            row["handled_at"] = at
            row["source_updated_at"] = _version(row, at)
        tables["petitions"] = _table("petitions", rows)
    integrate = sorted(actions.codes("integrate_payment"))
    if integrate:
        rows = _rows(store, "procedures", "authority_code = ? AND code IN (SELECT unnest(?))", [authority, integrate])
        for row in rows:
            row["fee_integrated"] = True
            row["source_updated_at"] = _version(row, at)
        tables["procedures"] = _table("procedures", rows)
    if tables:
        write_records(store, tables)
