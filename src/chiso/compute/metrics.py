"""The counting rules of every indicator, written once as Ibis expressions (spec §2 and §3).

Each counting key (the ``counting`` field of an indicator in the methodology catalogue) yields a numerator and a
denominator for every unit, aggregated over the unit's whole subtree (summed counts, never averaged scores).
The same expressions compile to DuckDB, PostgreSQL and Spark: nothing here is backend-specific.

Four sources feed the keys:
- dossier rows (one flag pair per dossier, period = reception day),
- procedure applicability (distinct TTHC per unit, some with a per-period dossier condition),
- petitions (PAKN, period = first reception day),
- the catalogue of a province/ministry (publication timeliness, content completeness),
- unit flags (electronic certified copies).

Per-row flags are exposed (:func:`dossier_rows`, :func:`petition_rows`, :func:`procedure_rows`) so that explain
lists exactly the records the aggregate counted: one definition, two uses.
"""

from __future__ import annotations

import datetime as dt
import functools
import operator
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import ibis

Expr = Any  # ibis expressions are dynamically typed

# --------------------------------------------------------------------------------------------------------------
# Settings a methodology may override (``[settings.counting]`` in the catalogue); defaults follow spec §2–§3.


@dataclass(frozen=True)
class CountingSettings:
    """Parameters of the counting rules; [open]/[likely] rules of the spec live here, not in code paths."""

    publish_lead_working_days: int = 5  # QĐ công bố ≥ 5 working days before the legal basis takes effect
    publish_lead_working_days_ministry: int = 20
    public_update_working_days: int = 5  # made public ≤ decision + 5 working days
    public_update_working_days_ministry: int = 10
    petition_handle_working_days: int = 15  # PAKN handled within 15 working days when no deadline is recorded
    second_supplement_overdue: bool = True  # a second request for more documents makes a dossier overdue
    subtract_applicant_time: bool = True  # the applicant's waiting time is not the unit's delay
    no_due_date_on_time: bool = True  # a dossier with neither due date nor legal limit cannot be judged late

    @classmethod
    def from_mapping(cls, values: Mapping[str, Any] | None) -> CountingSettings:
        """Build from a methodology's settings table, ignoring unknown keys."""
        if not values:
            return cls()
        known = {f for f in cls.__dataclass_fields__}
        return cls(**{k: v for k, v in values.items() if k in known})


@dataclass(frozen=True)
class Window:
    """What a query evaluates: reception days ``start..end`` judged at ``judged_at`` = min(as_of, period end)."""

    start: dt.date
    end: dt.date
    as_of: dt.datetime
    judged_at: dt.datetime
    settings: CountingSettings = field(default_factory=CountingSettings)

    def values(self) -> dict[str, Any]:
        """The window's values by parameter name (instants in UTC), as :data:`SENTINELS` names them."""
        from chiso.timeutil import local_day

        return {
            "start": self.start,
            "end": self.end,
            "as_of": self.as_of.astimezone(dt.UTC),
            "judged": self.judged_at.astimezone(dt.UTC),
            "judged_day": local_day(self.judged_at),
            "as_of_s": int(self.as_of.timestamp()),
            "judged_s": int(self.judged_at.timestamp()),
        }


# Sentinel values the compiled SQL carries in place of a window's values; each query substitutes the real ones
# as literals (so the database sees constants it can prune row groups with, which a sub-query would hide).
SENTINELS: dict[str, Any] = {
    "start": dt.date(1901, 1, 1),
    "end": dt.date(1901, 1, 2),
    "as_of": dt.datetime(1901, 1, 3, tzinfo=dt.UTC),
    "judged": dt.datetime(1901, 1, 4, tzinfo=dt.UTC),
    "judged_day": dt.date(1901, 1, 5),
    "as_of_s": -2177280000,  # 1901-01-03 as Unix seconds
    "judged_s": -2177193600,  # 1901-01-04
}


@dataclass(frozen=True)
class Params:
    """The window's values as Ibis literals. Built from :data:`SENTINELS` for a query compiled once and run for any
    period and instant (compiling is ~10× slower than running a live query), or from a real window."""

    start: Expr
    end: Expr
    as_of: Expr
    judged: Expr
    judged_day: Expr
    as_of_s: Expr
    judged_s: Expr
    settings: CountingSettings

    @classmethod
    def sentinels(cls, settings: CountingSettings) -> Params:
        """Placeholders for :func:`chiso.compute.query.compiled` to replace."""
        return cls(**{k: ibis.literal(v) for k, v in SENTINELS.items()}, settings=settings)

    @classmethod
    def of(cls, window: Window) -> Params:
        """The literal values of ``window``."""
        return cls(**{k: ibis.literal(v) for k, v in window.values().items()}, settings=window.settings)


@dataclass(frozen=True)
class Tables:
    """The store's tables as Ibis expressions (any backend)."""

    units: Expr
    closure: Expr
    procedures: Expr
    dossiers: Expr
    petitions: Expr
    calendar: Expr

    @classmethod
    def from_backend(cls, table: Callable[[str], Expr]) -> Tables:
        """Bind to a backend's tables by name."""
        return cls(
            units=table("units"),
            closure=table("unit_closure"),
            procedures=table("procedures"),
            dossiers=table("dossiers"),
            petitions=table("petitions"),
            calendar=table("work_calendar"),
        )


def _i(cond: Expr) -> Expr:
    """A boolean as a 0/1 count (NULL counts as 0)."""
    # CASE, not CAST: PostgreSQL has no boolean → bigint cast (DuckDB plans both alike).
    return cond.ifelse(ibis.literal(1, "int64"), ibis.literal(0, "int64"))


# --------------------------------------------------------------------------------------------------------------
# Dossiers


def dossier_window(t: Tables, w: Params, scope: Expr | None) -> Expr:
    """Dossiers received in the window and before the judging instant, under ``scope`` when given."""
    d = t.dossiers.filter(
        t.dossiers.received_day >= w.start,
        t.dossiers.received_day <= w.end,
        t.dossiers.received_at < w.judged,
    )
    if scope is not None:
        d = d.semi_join(scope, d.unit_code == scope.scope_unit)
    return d


def dossier_base(t: Tables, w: Params, scope: Expr | None) -> Expr:
    """Dossiers received in the window (and before as_of), with their facts and catalogue attributes, plus the
    timeliness judgement of spec §3: ``on_time`` and ``overdue_seconds`` (how late, at the judging instant)."""
    d = dossier_window(t, w, scope)
    p = t.procedures.select(
        p_auth="authority_code",
        p_code="code",
        p_issues_result="issues_result",
    )
    # The catalogue is small (thousands of rows): joining it costs little; the facts are on the dossier row.
    x = d.left_join(p, [d.authority_code == p.p_auth, d.procedure_code == p.p_code])

    s = w.settings
    # What has happened is known as of ``as_of``; only dossiers still in process then are judged at
    # min(as_of, period end) — a dossier finished after the period closed is judged by its real finish.
    # Instants are compared as Unix seconds (facts derived on write): integer arithmetic keeps this cheap.
    a = w.as_of_s
    terminal = (x.terminal_s <= a).fill_null(False)
    second = (x.supplement2_s <= a).fill_null(False)
    waiting = (x.supplement1_s <= a).fill_null(False) & (x.supplement1_done_s > a).fill_null(True)
    applicant = x.applicant_seconds if s.subtract_applicant_time else ibis.literal(0, "int64")
    # The instant the dossier is judged at, net of the applicant's time (spec §3).
    judged = ibis.cases(
        (terminal, x.terminal_s - applicant),
        (waiting, x.supplement1_s),
        else_=w.judged_s - applicant,
    )
    due = x.due_s
    late_seconds = ibis.cases((due.isnull(), ibis.literal(0, "int64")), else_=judged - due)
    on_time = ibis.cases(
        (second if s.second_supplement_overdue else ibis.literal(False), False),
        (due.isnull(), s.no_due_date_on_time),
        else_=judged <= due,
    )
    return x.mutate(
        is_terminal=terminal,
        is_waiting=waiting,
        on_time=on_time,
        overdue_seconds=ibis.greatest(late_seconds, 0).cast("int64"),
    )


# Dossier counting keys: name → (numerator, denominator) built from a dossier_base row.
DossierRule = Callable[[Expr], tuple[Expr, Expr]]

DOSSIER_RULES: dict[str, DossierRule] = {
    "dossiers_synced": lambda r: (r.synced, ibis.literal(True)),
    "dossiers_on_time": lambda r: (r.on_time, ibis.literal(True)),
    "dossiers_online": lambda r: (r.channel == "online", ibis.literal(True)),
    "fee_dossiers_paid_online": lambda r: (r.fee_required & r.paid_online, r.fee_required),
    "dossiers_satisfied": lambda r: (
        r.on_time & ~r.complaint & (r.rating.isnull() | (r.rating != "unsatisfied")),
        ibis.literal(True),
    ),
    "result_dossiers_with_e_result": lambda r: (
        r.p_issues_result.fill_null(True) & r.e_result,
        r.p_issues_result.fill_null(True),
    ),
    "dossiers_digitised": lambda r: (
        r.digitised & (r.e_result | ~r.p_issues_result.fill_null(True)),
        ibis.literal(True),
    ),
    "dossiers_reused_data": lambda r: (r.reused_data, ibis.literal(True)),
    "dossiers_personal_storage": lambda r: (r.personal_storage, ibis.literal(True)),
    "dossiers_citizen_data": lambda r: (r.citizen_data, ibis.literal(True)),
}


def dossier_rows(t: Tables, w: Params, scope: Expr | None = None) -> Expr:
    """One row per dossier in the window with ``<key>__num`` / ``<key>__den`` 0/1 columns for every dossier key."""
    r = dossier_base(t, w, scope)
    cols: dict[str, Expr] = {}
    for key, rule in DOSSIER_RULES.items():
        num, den = rule(r)
        cols[f"{key}__num"] = _i(num & den)
        cols[f"{key}__den"] = _i(den)
    return r.mutate(**cols)


# --------------------------------------------------------------------------------------------------------------
# Procedures (distinct TTHC per unit)

PROCEDURE_LEVEL_OF_UNIT = {"commune": "commune", "district": "district", "department": "province"}


def applicable_procedures(t: Tables, scope: Expr | None) -> Expr:
    """Pairs (unit, TTHC) of the TTHC that apply to each unit: those its agency handles, or — when a TTHC names
    no agency — every unit whose level matches the TTHC's level. Roots get their whole catalogue via roll-up."""
    u = t.units.select(a_unit="code", a_root="root_code", a_level="level")
    if scope is not None:
        u = u.semi_join(scope, u.a_unit == scope.scope_unit)
    lvl = ibis.cases(
        *((u.a_level == k, v) for k, v in PROCEDURE_LEVEL_OF_UNIT.items()),
        else_=ibis.null("string"),
    )
    u = u.mutate(a_plevel=lvl)
    p = t.procedures
    pairs = u.join(
        p,
        [
            u.a_root == p.authority_code,
            (p.agency_code == u.a_unit) | (p.agency_code.isnull() & (p.level == u.a_plevel)),
        ],
    )
    return pairs.select(
        unit_code=pairs.a_unit,
        procedure_code=pairs.code,
        online_level=pairs.online_level,
        fee_bearing=pairs.fee_bearing,
        fee_integrated=pairs.fee_integrated,
        applicant_type=pairs.applicant_type,
    )


# What the procedure keys need to know of the dossiers of each (unit, TTHC): name → per-dossier condition.
ACTIVITY_FLAGS: dict[str, Callable[[Expr], Expr]] = {
    "has_online": lambda r: r.channel == "online",
    "has_paid_online": lambda r: r.fee_required & r.paid_online,
    "has_citizen_data": lambda r: r.citizen_data,
}


def dossier_activity(rows: Expr) -> Expr:
    """Per (unit, TTHC) of the window: whether there was an online dossier, an online fee payment, a citizen-data
    use — what the procedure keys need from the dossiers."""
    return rows.group_by(act_unit=rows.unit_code, act_proc=rows.procedure_code).aggregate(
        **{name: flag(rows).fill_null(False).any() for name, flag in ACTIVITY_FLAGS.items()}
    )


def window_activity(t: Tables, w: Params, scope: Expr | None) -> Expr:
    """:func:`dossier_activity` straight from the window's dossiers, for the whole-query path.

    Only dossiers with some activity flag matter, so they are filtered before grouping by (unit, TTHC); and the
    scan is separate from the unit sums' scan on purpose: sharing one would make the database materialise the
    window's millions of rows for two consumers, which costs more than reading the columns twice."""
    d = dossier_window(t, w, scope)
    any_flag = functools.reduce(operator.or_, (flag(d).fill_null(False) for flag in ACTIVITY_FLAGS.values()))
    return dossier_activity(d.filter(any_flag))


ProcedureRule = Callable[[Expr], tuple[Expr, Expr]]

PROCEDURE_RULES: dict[str, ProcedureRule] = {
    "procedures_online": lambda r: (r.online_level.isin(["partial", "full"]), ibis.literal(True)),
    "procedures_full_online": lambda r: (r.online_level == "full", ibis.literal(True)),
    "online_procedures_with_online_dossier": lambda r: (
        r.has_online,
        r.online_level.isin(["partial", "full"]),
    ),
    "fee_procedures_with_online_payment": lambda r: (r.has_paid_online, r.fee_bearing),
    "fee_procedures_integrated": lambda r: (r.fee_integrated, r.fee_bearing),
    "citizen_procedures_with_citizen_data": lambda r: (
        r.has_citizen_data,
        r.applicant_type.isin(["citizen", "both"]),
    ),
}


def procedure_rows(t: Tables, w: Params, scope: Expr | None, ancestors: Expr, activity: Expr | None = None) -> Expr:
    """One row per (ancestor unit, applicable TTHC) with ``<key>__num``/``__den`` flags for every procedure key.

    A TTHC counts once per ancestor however many units below it offer it (distinct, not summed). ``activity`` is
    :func:`dossier_activity` of the same window when the caller already has it."""
    pairs = applicable_procedures(t, scope)
    c = ancestors
    up = pairs.join(c, pairs.unit_code == c.c_unit)
    per_anc = up.group_by(
        ancestor_code=up.c_anc,
        procedure_code=up.procedure_code,
        online_level=up.online_level,
        fee_bearing=up.fee_bearing,
        fee_integrated=up.fee_integrated,
        applicant_type=up.applicant_type,
    ).aggregate(units_offering=up.unit_code.nunique())
    act = activity if activity is not None else dossier_activity(dossier_rows(t, w, scope))
    act = act.join(c, act.act_unit == c.c_unit)
    act = act.group_by(act_anc=act.c_anc, act_proc=act.act_proc).aggregate(
        has_online=act.has_online.any(),
        has_paid_online=act.has_paid_online.any(),
        has_citizen_data=act.has_citizen_data.any(),
    )
    r = per_anc.left_join(act, [per_anc.ancestor_code == act.act_anc, per_anc.procedure_code == act.act_proc])
    r = r.mutate(
        has_online=r.has_online.fill_null(False),
        has_paid_online=r.has_paid_online.fill_null(False),
        has_citizen_data=r.has_citizen_data.fill_null(False),
    )
    cols: dict[str, Expr] = {}
    for key, rule in PROCEDURE_RULES.items():
        num, den = rule(r)
        cols[f"{key}__num"] = _i(num & den)
        cols[f"{key}__den"] = _i(den)
    return r.mutate(**cols)


# --------------------------------------------------------------------------------------------------------------
# Catalogue of a province/ministry (computed for the root, not per dossier)


def catalogue_rows(t: Tables, w: Params) -> Expr:
    """One row per TTHC of every catalogue with the publication-timeliness and content flags (spec §2 CKMB)."""
    s = w.settings
    p = t.procedures
    u = t.units.select(r_code="code", r_level="level")
    cal = t.calendar
    c_dec = cal.select(dec_day="day", dec_ord="wd_ordinal")
    c_eff = cal.select(eff_day="day", eff_ord="wd_ordinal")
    c_pub = cal.select(pub_day="day", pub_ord="wd_ordinal")
    x = (
        p.left_join(u, p.authority_code == u.r_code)
        .left_join(c_dec, ibis._.decision_date == c_dec.dec_day)
        .left_join(c_eff, ibis._.legal_effective_date == c_eff.eff_day)
        .left_join(c_pub, ibis._.public_date == c_pub.pub_day)
    )
    ministry = x.r_level == "ministry"
    lead = ibis.cases((ministry, s.publish_lead_working_days_ministry), else_=s.publish_lead_working_days)
    upd = ibis.cases((ministry, s.public_update_working_days_ministry), else_=s.public_update_working_days)
    j_day = w.judged_day

    def in_period(col: Expr) -> Expr:
        return col.notnull() & (col >= w.start) & (col <= w.end)

    decided = in_period(x.decision_date)
    published_on_time = decided & x.eff_ord.notnull() & (x.dec_ord <= x.eff_ord - lead)
    public_in_period = in_period(x.public_date) & (x.public_date <= j_day)
    public_on_time = public_in_period & (x.pub_ord <= x.dec_ord + upd)
    # Still due: decided, its deadline passed within the window, and not yet public at the judging day.
    deadline_passed = x.decision_date.notnull() & x.dec_ord.notnull()
    not_public = x.public_date.isnull() | (x.public_date > j_day)
    public_den = public_in_period | (deadline_passed & not_public & (x.decision_date <= j_day))
    is_public = x.public_date.notnull() & (x.public_date <= j_day)
    return x.mutate(
        ancestor_code=x.authority_code,
        procedures_published_on_time__num=_i(published_on_time),
        procedures_published_on_time__den=_i(decided),
        procedures_public_on_time__num=_i(public_on_time),
        procedures_public_on_time__den=_i(public_den),
        procedures_content_full__num=_i(is_public & x.content_complete),
        procedures_content_full__den=_i(is_public),
    )


CATALOGUE_KEYS = ("procedures_published_on_time", "procedures_public_on_time", "procedures_content_full")
# Communes and departments receive the province's value for content completeness (spec §2 CKMB).
BROADCAST_KEYS = ("procedures_content_full",)


# --------------------------------------------------------------------------------------------------------------
# Petitions (PAKN)


def petition_rows(t: Tables, w: Params, scope: Expr | None = None) -> Expr:
    """One row per PAKN received in the window with its timeliness and satisfaction flags (spec §2 MDHL)."""
    j = w.judged
    pt = t.petitions
    pt = pt.filter(pt.received_day >= w.start, pt.received_day <= w.end, pt.received_at < j)
    if scope is not None:
        pt = pt.semi_join(scope, pt.unit_code == scope.scope_unit)
    cal = t.calendar.select(pc_day="day", pc_ord="wd_ordinal")
    due_cal = t.calendar.filter(t.calendar.is_working).select(pd_ord="wd_ordinal", pd_end="day_end")
    # As for dossiers: what has happened is known as of ``as_of``; a PAKN still open then is judged at
    # min(as_of, period end).
    a = w.as_of
    allp = t.petitions.filter(t.petitions.received_at <= a, t.petitions.repeat_of.notnull())
    repeats = allp.group_by(rep_of=allp.repeat_of).aggregate(repeat_count=allp.count())
    x = pt.left_join(cal, pt.received_day == cal.pc_day)
    x = x.mutate(pd_target=(x.pc_ord + w.settings.petition_handle_working_days).cast("int32"))
    x = x.left_join(due_cal, ibis._.pd_target == due_cal.pd_ord).left_join(repeats, ibis._.code == repeats.rep_of)
    due = ibis.coalesce(x.due_at, x.pd_end)
    end = ibis.coalesce(x.handled_at, x.refused_at)
    ended = end.notnull() & (end <= a)
    on_time = ibis.cases((ended, end <= due), else_=j <= due)
    first = x.repeat_of.isnull()
    disliked = x.dislikes > x.likes
    repeated = x.repeat_count.fill_null(0) > 0
    return x.mutate(
        effective_due_at=due,
        on_time=on_time,
        petitions_on_time__num=_i(on_time),
        petitions_on_time__den=ibis.literal(1, "int64"),
        petitions_satisfied__num=_i(first & on_time & ~disliked & ~repeated),
        petitions_satisfied__den=_i(first),
    )


# --------------------------------------------------------------------------------------------------------------
# Unit flags


def unit_rows(t: Tables, scope: Expr | None) -> Expr:
    """One row per unit with the electronic-certified-copy flag (a commune counts 1 if it provides it)."""
    u = t.units
    if scope is not None:
        u = u.semi_join(scope, u.code == scope.scope_unit)
    commune = u.level == "commune"
    return u.mutate(
        communes_e_certified_copy__num=_i(commune & u.e_certified_copy),
        communes_e_certified_copy__den=_i(commune),
    )


# --------------------------------------------------------------------------------------------------------------

DOSSIER_KEYS = tuple(DOSSIER_RULES)
PROCEDURE_KEYS = tuple(PROCEDURE_RULES)
PETITION_KEYS = ("petitions_on_time", "petitions_satisfied")
UNIT_KEYS = ("communes_e_certified_copy",)
ALL_KEYS = DOSSIER_KEYS + PROCEDURE_KEYS + PETITION_KEYS + UNIT_KEYS + CATALOGUE_KEYS


def key_source(key: str) -> str:
    """Which kind of record a counting key counts: dossier | procedure | petition | unit | catalogue."""
    for source, keys in (
        ("dossier", DOSSIER_KEYS),
        ("procedure", PROCEDURE_KEYS),
        ("petition", PETITION_KEYS),
        ("unit", UNIT_KEYS),
        ("catalogue", CATALOGUE_KEYS),
    ):
        if key in keys:
            return source
    raise KeyError(key)


def scope_of(t: Tables, targets: Expr) -> tuple[Expr, Expr]:
    """(ancestors, scope): closure rows under ``targets`` and the set of units they cover."""
    cl = t.closure
    ancestors = cl.semi_join(targets, cl.ancestor_code == targets.code).select(
        c_anc="ancestor_code", c_unit="unit_code"
    )
    return ancestors, ancestors.select(scope_unit=ancestors.c_unit).distinct()


def _sum_by_ancestor(rows: Expr, unit_col: str, keys: tuple[str, ...], ancestors: Expr) -> Expr:
    """Sum per-unit counts first (small), then roll them up the tree through the closure."""
    per_unit = rows.group_by(su_unit=rows[unit_col]).aggregate(
        **{f"{k}__{p}": rows[f"{k}__{p}"].sum() for k in keys for p in ("num", "den")}
    )
    up = per_unit.join(ancestors, per_unit.su_unit == ancestors.c_unit)
    return up.group_by(ancestor_code=up.c_anc).aggregate(
        **{f"{k}__{p}": up[f"{k}__{p}"].sum() for k in keys for p in ("num", "den")}
    )


def counts_expression(t: Tables, w: Params, targets: Expr) -> Expr:
    """Numerator and denominator of every counting key for each unit in ``targets`` (a table with a ``code``
    column), aggregated over each target's subtree. One query; rows are the targets, columns ``<key>__num/__den``.
    """
    ancestors, scope_or_all = scope_of(t, targets)
    # Every unit at once (the whole-country run): filtering the records by a scope that holds every unit is work
    # for nothing.
    scope = None if targets.equals(t.units.select("code")) else scope_or_all
    rows = dossier_rows(t, w, scope)
    dossier = _sum_by_ancestor(rows, "unit_code", DOSSIER_KEYS, ancestors)
    # A few units (a live query): their few thousand rows are cheapest read once and shared. The whole country:
    # a second, filtered scan beats materialising ten million rows for two consumers (see window_activity).
    activity = dossier_activity(rows) if scope is not None else window_activity(t, w, scope)
    petition = _sum_by_ancestor(petition_rows(t, w, scope), "unit_code", PETITION_KEYS, ancestors)
    unit = _sum_by_ancestor(unit_rows(t, scope), "code", UNIT_KEYS, ancestors)
    procs = procedure_rows(t, w, scope, ancestors, activity)
    procedure = procs.group_by("ancestor_code").aggregate(
        **{f"{k}__{p}": procs[f"{k}__{p}"].sum() for k in PROCEDURE_KEYS for p in ("num", "den")}
    )
    cat = catalogue_rows(t, w)
    if scope is not None:  # only the catalogues of the targets' provinces/ministries, not the whole country's
        roots = t.units.semi_join(targets, t.units.code == targets.code).select(cat_of="root_code")
        cat = cat.semi_join(roots, cat.ancestor_code == roots.cat_of)
    catalogue = cat.group_by(cat_root=cat.ancestor_code).aggregate(
        **{f"{k}__{p}": cat[f"{k}__{p}"].sum() for k in CATALOGUE_KEYS for p in ("num", "den")}
    )

    tu = t.units.select(tu_code="code", tu_root="root_code")
    base = targets.select(unit_code=targets.code)
    base = base.join(tu, base.unit_code == tu.tu_code)
    out = base
    for name, part in (
        ("dossier", dossier),
        ("petition", petition),
        ("unit", unit),
        ("procedure", procedure),
    ):
        part = part.rename(**{f"anc_{name}": "ancestor_code"})
        out = out.left_join(part, out.unit_code == part[f"anc_{name}"])
    out = out.left_join(catalogue, out.tu_root == catalogue.cat_root)
    cols: dict[str, Expr] = {"unit_code": out.unit_code}
    for k in DOSSIER_KEYS + PETITION_KEYS + UNIT_KEYS + PROCEDURE_KEYS:
        for p in ("num", "den"):
            cols[f"{k}__{p}"] = out[f"{k}__{p}"].fill_null(0).cast("int64")
    for k in CATALOGUE_KEYS:
        for p in ("num", "den"):
            col = out[f"{k}__{p}"].fill_null(0).cast("int64")
            if k not in BROADCAST_KEYS:
                col = ibis.cases((out.unit_code == out.tu_root, col), else_=ibis.literal(0, "int64"))
            cols[f"{k}__{p}"] = col
    return out.select(**cols)
