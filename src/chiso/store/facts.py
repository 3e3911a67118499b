"""Facts of a dossier that do not depend on the evaluation instant, derived once when records are written.

Spec §3: the effective due date (the one-stop system's ngày hẹn trả, or reception + the TTHC's legal time limit in
Vietnamese working days), the terminal state and its time by priority (finished > result returned > refused/stopped
> withdrawn), the requests for more documents and the applicant's waiting time, and payment flags.

Written once as an Ibis expression so it compiles to every backend; the calendar is a table, so adding working
days is a join, not a Python loop.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import ibis
import pyarrow as pa

from chiso.store.vocab import HOURS_PER_WORKING_DAY

if TYPE_CHECKING:
    from chiso.store.db import Store

FACT_COLUMNS = (
    "dossier_code",
    "authority_code",
    "effective_due_at",
    "effective_due_day",
    "due_from_legal_limit",
    "terminal_state",
    "terminal_at",
    "terminal_day",
    "supplement1_at",
    "supplement1_done_at",
    "supplement2_at",
    "applicant_seconds",
    "paid_online",
    "payment_synced",
    "due_s",
    "terminal_s",
    "supplement1_s",
    "supplement1_done_s",
    "supplement2_s",
)


def facts_expression(dossiers: Any, events: Any, payments: Any, procedures: Any, units: Any, calendar: Any) -> Any:
    """The ``dossier_facts`` rows for every dossier in ``dossiers`` (Ibis table expressions in, one out)."""
    d = dossiers
    e = events.select("dossier_code", "event_type", at="occurred_at", at_day="occurred_day")

    def first(kind: tuple[str, ...], col: str) -> Any:
        return e[col].min(where=e.event_type.isin(list(kind)))

    term = e.group_by("dossier_code").aggregate(
        finished_at=first(("finished",), "at"),
        finished_day=first(("finished",), "at_day"),
        returned_at=first(("result_returned",), "at"),
        returned_day=first(("result_returned",), "at_day"),
        refused_at=first(("refused", "stopped"), "at"),
        refused_day=first(("refused", "stopped"), "at_day"),
        withdrawn_at=first(("withdrawn",), "at"),
        withdrawn_day=first(("withdrawn",), "at_day"),
    )
    terminal_state = ibis.cases(
        (term.finished_at.notnull(), "finished"),
        (term.returned_at.notnull(), "result_returned"),
        (term.refused_at.notnull(), "refused"),
        (term.withdrawn_at.notnull(), "withdrawn"),
        else_=ibis.null("string"),
    )
    term = term.mutate(
        terminal_state=terminal_state,
        terminal_at=ibis.coalesce(term.finished_at, term.returned_at, term.refused_at, term.withdrawn_at),
        terminal_day=ibis.coalesce(term.finished_day, term.returned_day, term.refused_day, term.withdrawn_day),
    ).select("dossier_code", "terminal_state", "terminal_at", "terminal_day")

    # The k-th request for more documents is answered by the k-th completion.
    req = e.filter(e.event_type == "supplement_requested")
    req = req.mutate(k=ibis.row_number().over(group_by=req.dossier_code, order_by=req.at)).select(
        rq_code="dossier_code", k="k", req_at="at"
    )
    done = e.filter(e.event_type == "supplement_completed")
    done = done.mutate(k=ibis.row_number().over(group_by=done.dossier_code, order_by=done.at)).select(
        dn_code="dossier_code", dk="k", done_at="at"
    )
    pairs = req.left_join(done, [req.rq_code == done.dn_code, req.k == done.dk])
    waited = (pairs.done_at.epoch_seconds() - pairs.req_at.epoch_seconds()).cast("int64")
    supp = pairs.group_by(dossier_code=pairs.rq_code).aggregate(
        supplement1_at=pairs.req_at.min(where=pairs.k == 0),
        supplement1_done_at=pairs.done_at.min(where=pairs.k == 0),
        supplement2_at=pairs.req_at.min(where=pairs.k == 1),
        applicant_seconds=ibis.greatest(waited, 0).sum(),
    )

    pay = payments.group_by("dossier_code").aggregate(
        paid_online=(payments.method == "online").any(),
        payment_synced=payments.synced.any(),
    )

    # Legal time limit → due day through the working-day calendar.
    u = units.select(u_code="code", root_code="root_code")
    p = procedures.select(
        p_auth="authority_code", p_code="code", time_limit="time_limit", time_limit_unit="time_limit_unit"
    )
    cal0 = calendar.select(c0_day="day", c0_wd="wd_ordinal", c0_dd="day_ordinal")
    ds = d.select("code", "unit_code", "procedure_code", "received_day", "due_at", "due_day")
    base = (
        ds.left_join(u, ds.unit_code == u.u_code)
        .left_join(p, [ibis._.root_code == p.p_auth, ibis._.procedure_code == p.p_code])
        .left_join(cal0, ibis._.received_day == cal0.c0_day)
    )
    limit_wd = ibis.cases(
        (base.time_limit_unit == "hour", (base.time_limit / HOURS_PER_WORKING_DAY).ceil()),
        (base.time_limit_unit == "day", ibis.null("float64")),
        else_=base.time_limit.ceil(),
    )
    limit_days = ibis.cases((base.time_limit_unit == "day", base.time_limit.ceil()), else_=ibis.null("float64"))
    base = base.mutate(
        wd_target=(base.c0_wd + limit_wd).cast("int32"),
        dd_target=(base.c0_dd + limit_days).cast("int32"),
    )
    cal_wd = calendar.filter(calendar.is_working).select(w_ord="wd_ordinal", w_day="day", w_end="day_end")
    cal_dd = calendar.select(x_ord="day_ordinal", x_day="day", x_end="day_end")
    base = base.left_join(cal_wd, base.wd_target == cal_wd.w_ord).left_join(cal_dd, ibis._.dd_target == cal_dd.x_ord)
    base = base.mutate(
        effective_due_at=ibis.coalesce(base.due_at, base.w_end, base.x_end),
        effective_due_day=ibis.coalesce(base.due_day, base.w_day, base.x_day),
        due_from_legal_limit=base.due_at.isnull() & (base.w_end.notnull() | base.x_end.notnull()),
    ).select("code", "root_code", "effective_due_at", "effective_due_day", "due_from_legal_limit")

    out = (
        base.left_join(term, base.code == term.dossier_code)
        .left_join(supp, ibis._.code == supp.dossier_code)
        .left_join(pay, ibis._.code == pay.dossier_code)
    )
    return out.select(
        dossier_code=out.code,
        authority_code=out.root_code,
        effective_due_at=out.effective_due_at,
        effective_due_day=out.effective_due_day,
        due_from_legal_limit=out.due_from_legal_limit,
        terminal_state=out.terminal_state,
        terminal_at=out.terminal_at,
        terminal_day=out.terminal_day,
        supplement1_at=out.supplement1_at,
        supplement1_done_at=out.supplement1_done_at,
        supplement2_at=out.supplement2_at,
        applicant_seconds=out.applicant_seconds.fill_null(0).cast("int64"),
        paid_online=out.paid_online.fill_null(False),
        payment_synced=out.payment_synced.fill_null(False),
        due_s=_epoch(out.effective_due_at),
        terminal_s=_epoch(out.terminal_at),
        supplement1_s=_epoch(out.supplement1_at),
        supplement1_done_s=_epoch(out.supplement1_done_at),
        supplement2_s=_epoch(out.supplement2_at),
    )


_UNIX_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def _epoch(ts: Any) -> Any:
    # Not ts.epoch_seconds(): on DuckDB it compiles to EPOCH(CAST(ts AS TIMESTAMP)), which counts wall-clock seconds
    # of the session zone — and the zone is Asia/Ho_Chi_Minh until the Ibis backend resets it to UTC on first use, so
    # the facts depended on what had run before on the connection (7 hours apart from the window's Unix as_of_s).
    return ts.delta(ibis.literal(_UNIX_EPOCH), unit="second").cast("int64")


_SQL_CACHE: dict[tuple[str, bool], str] = {}


def _facts_sql(store: Store, subset: bool) -> str:
    """The SELECT of the facts, compiled once per shape (compiling costs more than running)."""
    sql = _SQL_CACHE.get((store.dialect, subset))
    if sql is None:
        t = store.table
        dossiers, events, payments = t("dossiers"), t("dossier_events"), t("payments")
        if subset:
            changed = t("_changed_codes")
            dossiers = dossiers.semi_join(changed, dossiers.code == changed.code)
            events = events.semi_join(changed, events.dossier_code == changed.code)
            payments = payments.semi_join(changed, payments.dossier_code == changed.code)
        expr = facts_expression(dossiers, events, payments, t("procedures"), t("units"), t("work_calendar"))
        from chiso.compute.query import to_sql

        sql = to_sql(expr, store.dialect)
        _SQL_CACHE[(store.dialect, subset)] = sql
    return sql


def _apply(store: Store, select_sql: str) -> None:
    """Write the facts computed by ``select_sql`` onto their dossier rows."""
    con = store.con
    sets = ", ".join(f"{c} = f.{c}" for c in FACT_COLUMNS if c != "dossier_code")
    if store.backend == "postgres":  # compiled for PostgreSQL already: one statement, no temporary table
        con.execute_native(f"UPDATE dossiers SET {sets} FROM ({select_sql}) f WHERE dossiers.code = f.dossier_code")
        return
    con.execute(f"CREATE OR REPLACE TEMP TABLE _chiso_facts AS {select_sql}")
    try:
        con.execute(f"UPDATE dossiers SET {sets} FROM _chiso_facts f WHERE dossiers.code = f.dossier_code")
    finally:
        con.execute("DROP TABLE IF EXISTS _chiso_facts")


def refresh_facts(store: Store, codes: pa.Array | pa.ChunkedArray | None) -> None:
    """Recompute the derived facts of the dossiers in ``codes`` (all dossiers when ``None``)."""
    con = store.con
    if codes is None:
        _apply(store, _facts_sql(store, subset=False))
        return
    arr = codes.cast(pa.string())
    con.register("_changed_codes", pa.table({"code": arr}))
    try:
        _apply(store, _facts_sql(store, subset=True))
    finally:
        con.unregister("_changed_codes")
