"""Hypothetical actions as an overlay on the engine's input tables: the engine's own counting expressions run on
``dossiers``, ``petitions`` and ``procedures`` as they would be after the actions, so the what-if needs no second
copy of any indicator rule (spec §2–§3 stay in :mod:`chiso.compute.metrics`).

The actions travel as small registered tables joined onto the real ones; the SQL is compiled once per shape with the
engine's sentinel window values, which are replaced by the real ones on each run.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import ibis
import pyarrow as pa

from chiso.compute.metrics import (
    DOSSIER_KEYS,
    PETITION_KEYS,
    PROCEDURE_KEYS,
    SENTINELS,
    Params,
    Tables,
    Window,
    counts_expression,
    dossier_rows,
    petition_rows,
    procedure_rows,
    scope_of,
)
from chiso.compute.query import _lock, compiled, literal_sql
from chiso.plan.actions import Actions
from chiso.store.facts import _epoch
from chiso.timeutil import local_day

if TYPE_CHECKING:
    from chiso.store.db import Store

Expr = Any

TS = pa.timestamp("us", tz="UTC")
DOSSIER_ACTIONS = "_chiso_plan_dossier_actions"
PETITION_ACTIONS = "_chiso_plan_petition_actions"
PROCEDURE_ACTIONS = "_chiso_plan_procedure_actions"
TARGETS = "_chiso_plan_targets"

_DOSSIER_SCHEMA = pa.schema(
    [
        ("pa_code", pa.string()),
        ("pa_finish", pa.bool_()),
        ("pa_sync", pa.bool_()),
        ("pa_pay", pa.bool_()),
        ("pa_e_result", pa.bool_()),
        ("pa_digitise", pa.bool_()),
        ("pa_at", TS),
        ("pa_at_day", pa.date32()),
    ]
)
_PETITION_SCHEMA = pa.schema([("pe_code", pa.string()), ("pe_at", TS)])
_PROCEDURE_SCHEMA = pa.schema([("pr_auth", pa.string()), ("pr_code", pa.string())])


def _action_tables(actions: Actions, at: dt.datetime, authority: str | None) -> dict[str, pa.Table]:
    """The registered tables carrying ``actions`` (one row per record, a flag per kind)."""
    kinds = ("finish", "sync", "pay_online", "e_result", "digitise")
    codes = sorted(set().union(*(actions.codes(k) for k in kinds)))
    utc = at.astimezone(dt.UTC)
    dossier = pa.table(
        {
            "pa_code": pa.array(codes, pa.string()),
            "pa_finish": [c in actions.codes("finish") for c in codes],
            "pa_sync": [c in actions.codes("sync") for c in codes],
            "pa_pay": [c in actions.codes("pay_online") for c in codes],
            "pa_e_result": [c in actions.codes("e_result") for c in codes],
            "pa_digitise": [c in actions.codes("digitise") for c in codes],
            "pa_at": pa.array([utc] * len(codes), TS),
            "pa_at_day": pa.array([local_day(at)] * len(codes), pa.date32()),
        },
        schema=_DOSSIER_SCHEMA,
    )
    petitions = sorted(actions.codes("answer_petition"))
    petition = pa.table(
        {"pe_code": pa.array(petitions, pa.string()), "pe_at": pa.array([utc] * len(petitions), TS)},
        schema=_PETITION_SCHEMA,
    )
    procs = sorted(actions.codes("integrate_payment")) if authority else []
    procedure = pa.table(
        {"pr_auth": pa.array([authority] * len(procs), pa.string()), "pr_code": pa.array(procs, pa.string())},
        schema=_PROCEDURE_SCHEMA,
    )
    return {DOSSIER_ACTIONS: dossier, PETITION_ACTIONS: petition, PROCEDURE_ACTIONS: procedure}


def overlay_tables(
    t: Tables, p: Params, dossier_actions: Expr, petition_actions: Expr, procedure_actions: Expr
) -> Tables:
    """``t`` as it would be after the actions: the same columns, some values changed.

    - sync: the dossier is synced to the portal; pay_online: an online payment is recorded;
    - e_result: an electronic result is issued; digitise: components digitised and the result issued electronically;
    - finish: a dossier not terminal at the evaluation instant is finished at the action instant — on time only if
      that instant is within its due date (spec §3: the judgement is the engine's, on the changed finish time);
    - answer_petition: a PAKN still open is handled at the action instant;
    - integrate_payment: the TTHC's fees are integrated with online payment.
    """
    d = t.dossiers
    a = dossier_actions
    x = d.left_join(a, d.code == a.pa_code)

    def flag(col: str) -> Expr:
        return x[col].fill_null(False)

    finish = flag("pa_finish") & ~(x.terminal_s <= p.as_of_s).fill_null(False)
    digitise = flag("pa_digitise")
    cols = {c: x[c] for c in d.columns}
    cols["synced"] = x.synced.fill_null(False) | flag("pa_sync")
    cols["paid_online"] = x.paid_online.fill_null(False) | flag("pa_pay")
    cols["e_result"] = x.e_result.fill_null(False) | flag("pa_e_result") | digitise
    cols["digitised"] = x.digitised.fill_null(False) | digitise
    # The same expression the stored facts use for their epoch seconds (chiso.store.facts), so a hypothetical finish
    # compares with the evaluation instant exactly as a recorded one does.
    cols["terminal_s"] = finish.ifelse(_epoch(x.pa_at), x.terminal_s)
    cols["terminal_at"] = finish.ifelse(x.pa_at.cast(x.terminal_at.type()), x.terminal_at)
    cols["terminal_day"] = finish.ifelse(x.pa_at_day, x.terminal_day)
    cols["terminal_state"] = finish.ifelse(ibis.literal("finished"), x.terminal_state)
    dossiers = x.select(**cols)

    pt = t.petitions
    e = petition_actions
    y = pt.left_join(e, pt.code == e.pe_code)
    ended = (ibis.coalesce(y.handled_at, y.refused_at) <= p.as_of).fill_null(False)
    answer = y.pe_code.notnull() & ~ended
    pcols = {c: y[c] for c in pt.columns}
    pcols["handled_at"] = answer.ifelse(y.pe_at.cast(y.handled_at.type()), y.handled_at)
    petitions = y.select(**pcols)

    pr = t.procedures
    r = procedure_actions
    z = pr.left_join(r, [pr.authority_code == r.pr_auth, pr.code == r.pr_code])
    rcols = {c: z[c] for c in pr.columns}
    rcols["fee_integrated"] = z.fee_integrated.fill_null(False) | z.pr_code.notnull()
    procedures = z.select(**rcols)
    return dataclasses.replace(t, dossiers=dossiers, petitions=petitions, procedures=procedures)


Build = Callable[[Tables, Params, Expr], Expr]

# Rendering a literal goes through the SQL compiler (milliseconds); the same few values recur on every run.
_literal = functools.lru_cache(maxsize=512)(literal_sql)


def run_overlaid(
    store: Store,
    window: Window,
    units: Sequence[str],
    name: str,
    build: Build,
    actions: Actions,
    authority: str | None,
) -> pa.Table:
    """Run ``build(tables, params, targets)`` on the tables as they would be after ``actions``."""
    at = actions.at or window.as_of
    with _lock:
        tables = _action_tables(actions, at, authority)
        for table_name, table in tables.items():
            store.con.register(table_name, table)
        store.con.register(TARGETS, pa.table({"code": pa.array(list(units), pa.string())}))
        try:

            def build2(t: Tables, p: Params) -> Expr:
                ot = overlay_tables(
                    t, p, store.table(DOSSIER_ACTIONS), store.table(PETITION_ACTIONS), store.table(PROCEDURE_ACTIONS)
                )
                return build(ot, p, store.table(TARGETS))

            sql = compiled(store, (window.settings, f"plan:{name}"), build2)
            values = window.values()
            for key, sentinel in SENTINELS.items():
                sql = sql.replace(_literal(sentinel, store.dialect), _literal(values[key], store.dialect))
            return store.run_compiled(sql).to_arrow_table()
        finally:
            for table_name in (*tables, TARGETS):
                store.con.unregister(table_name)


# --------------------------------------------------------------------------------------------------------------
# What the planner reads: counts, and per-record flags of every key (the explain data, for all keys at once).


def counts_build(t: Tables, p: Params, targets: Expr) -> Expr:
    """Every counting key of the targets (the engine's query)."""
    return counts_expression(t, p, targets)


def dossier_flags_build(t: Tables, p: Params, targets: Expr) -> Expr:
    """One row per dossier of the targets' subtrees: code, TTHC, terminal flag and every dossier key's flags."""
    _, scope = scope_of(t, targets)
    r = dossier_rows(t, p, scope)
    keys = [f"{k}__{s}" for k in DOSSIER_KEYS for s in ("num", "den")]
    return r.select("code", "procedure_code", "is_terminal", *keys)


def petition_flags_build(t: Tables, p: Params, targets: Expr) -> Expr:
    """One row per PAKN of the targets' subtrees with whether it is still open and its keys' flags."""
    _, scope = scope_of(t, targets)
    r = petition_rows(t, p, scope)
    ended = (ibis.coalesce(r.handled_at, r.refused_at) <= p.as_of).fill_null(False)
    keys = [f"{k}__{s}" for k in PETITION_KEYS for s in ("num", "den")]
    return r.select("code", *keys, is_open=~ended)


def procedure_flags_build(t: Tables, p: Params, targets: Expr) -> Expr:
    """One row per TTHC applicable to each target (counted once per target) with its keys' flags."""
    ancestors, scope = scope_of(t, targets)
    r = procedure_rows(t, p, scope, ancestors)
    r = r.semi_join(targets, r.ancestor_code == targets.code)
    keys = [f"{k}__{s}" for k in PROCEDURE_KEYS for s in ("num", "den")]
    return r.select("ancestor_code", "procedure_code", *keys)
