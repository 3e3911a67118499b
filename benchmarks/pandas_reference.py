"""The engine's whole computation written as plain pandas: the yardstick of the engine benchmark.

Every counting key of :mod:`chiso.compute.metrics` (dossiers, TTHC, PAKN, unit flags, the catalogue), rolled up the
unit tree, then scored (points per indicator, groups, total, class) and ranked among peers — with pandas group-bys
and merges over DataFrames, the way an analyst would write it without a query engine. ``engine_bench.py`` checks
that its counts equal the engine's for every unit and key before it prints any ratio, so the comparison is between
two programs that produce the same numbers.

Scoring here uses floats (``floor(x * 100 + 0.5) / 100``) like most hand-written versions; the engine's scoring is
exact, so totals may differ by rounding on exact ties — the benchmark reports the largest difference.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from chiso.compute.metrics import CountingSettings, Window
from chiso.methodology import Methodology
from chiso.store import Store

PROCEDURE_LEVEL_OF_UNIT = {"commune": "commune", "district": "district", "department": "province"}


@dataclass
class Frames:
    """The records the computation reads, as DataFrames."""

    dossiers: pd.DataFrame
    procedures: pd.DataFrame
    units: pd.DataFrame
    closure: pd.DataFrame
    petitions: pd.DataFrame
    calendar: pd.DataFrame


def load(store: Store, start: dt.date, end: dt.date, unit: str | None = None) -> Frames:
    """Read what a period needs from the store into pandas (only ``unit``'s subtree of dossiers and PAKN when
    given: the database filters, pandas computes)."""
    sub = "" if unit is None else "AND unit_code IN (SELECT unit_code FROM unit_closure WHERE ancestor_code = $u)"
    args: dict[str, Any] = {"s": start, "e": end}
    if unit is not None:
        args["u"] = unit
    q = store.con.execute
    dossiers = q(
        f"""SELECT code, unit_code, procedure_code, authority_code, channel, received_at, synced, fee_required,
                   digitised, e_result, reused_data, personal_storage, citizen_data, rating, complaint, due_s,
                   terminal_s, supplement1_s, supplement1_done_s, supplement2_s, applicant_seconds, paid_online
            FROM dossiers WHERE received_day BETWEEN $s AND $e {sub}""",
        args,
    ).df()
    petitions = q(
        "SELECT code, unit_code, received_day, received_at, due_at, handled_at, refused_at, repeat_of, likes, "
        f"dislikes FROM petitions WHERE TRUE {sub}",
        {"u": unit} if unit is not None else {},
    ).df()
    return Frames(
        dossiers=dossiers,
        procedures=q(
            "SELECT authority_code, code, level, agency_code, online_level, fee_bearing, fee_integrated, "
            "applicant_type, issues_result, decision_date, legal_effective_date, public_date, content_complete "
            "FROM procedures"
        ).df(),
        units=q("SELECT code, name, level, parent_code, root_code, e_certified_copy FROM units").df(),
        closure=q("SELECT ancestor_code, unit_code FROM unit_closure").df(),
        petitions=petitions,
        calendar=q("SELECT day, wd_ordinal, is_working, day_end FROM work_calendar").df(),
    )


def _b(s: pd.Series | np.ndarray | bool) -> Any:
    """A nullable boolean (Kleene logic, as SQL)."""
    return pd.Series(s).astype("boolean") if not isinstance(s, bool) else s


def _i(s: Any) -> Any:
    """Null counts as 0, like the engine's ``_i``."""
    return s.fillna(False).astype("int64")


def _roll_up(per_unit: pd.DataFrame, closure: pd.DataFrame) -> pd.DataFrame:
    """Sum per-unit counts over each ancestor's subtree."""
    up = closure.merge(per_unit, left_on="unit_code", right_index=True)
    return up.drop(columns="unit_code").groupby("ancestor_code").sum()


def counts(f: Frames, w: Window, targets: list[str] | None = None) -> pd.DataFrame:
    """Numerator and denominator of every counting key per target unit (all units when ``None``)."""
    s: CountingSettings = w.settings
    a, j = int(w.as_of.timestamp()), int(w.judged_at.timestamp())
    j_ts = pd.Timestamp(w.judged_at)
    j_day = pd.Timestamp(w.judged_at.astimezone(w.as_of.tzinfo).date())
    start, end = pd.Timestamp(w.start), pd.Timestamp(w.end)
    closure = f.closure
    if targets is not None:
        closure = closure[closure.ancestor_code.isin(targets)]
        scope = set(closure.unit_code)
    units = f.units if targets is None else f.units[f.units.code.isin(scope)]

    # Dossiers (spec §3 timing).
    d = f.dossiers
    if targets is not None:
        d = d[d.unit_code.isin(scope)]
    d = d[d.received_at < j_ts]
    proc = f.procedures[["authority_code", "code", "issues_result"]].rename(columns={"code": "procedure_code"})
    d = d.merge(proc, on=["authority_code", "procedure_code"], how="left")
    terminal = (d.terminal_s <= a).fillna(False).to_numpy(bool)
    second = (d.supplement2_s <= a).fillna(False).to_numpy(bool)
    waiting = (d.supplement1_s <= a).fillna(False).to_numpy(bool) & (d.supplement1_done_s > a).fillna(True).to_numpy(
        bool
    )
    applicant = d.applicant_seconds.fillna(0).to_numpy("int64") if s.subtract_applicant_time else 0
    judged = np.where(
        terminal,
        d.terminal_s.fillna(0).to_numpy("int64") - applicant,
        np.where(waiting, d.supplement1_s.fillna(0).to_numpy("int64"), j - applicant),
    )
    due_missing = d.due_s.isna().to_numpy(bool)
    on_time = np.where(
        second & s.second_supplement_overdue,
        False,
        np.where(due_missing, s.no_due_date_on_time, judged <= d.due_s.fillna(0).to_numpy("int64")),
    )
    issues = d.issues_result.fillna(True).to_numpy(bool)
    fee = d.fee_required.fillna(False).to_numpy(bool)
    paid = d.paid_online.fillna(False).to_numpy(bool)
    e_result = d.e_result.fillna(False).to_numpy(bool)
    online = (d.channel == "online").to_numpy(bool)
    citizen = d.citizen_data.fillna(False).to_numpy(bool)
    satisfied = on_time & ~d.complaint.fillna(False).to_numpy(bool) & (d.rating.fillna("") != "unsatisfied").to_numpy()
    one = np.ones(len(d), dtype=np.int64)
    flags = {
        "dossiers_synced": (d.synced.fillna(False).to_numpy(bool), one),
        "dossiers_on_time": (on_time, one),
        "dossiers_online": (online, one),
        "fee_dossiers_paid_online": (fee & paid, fee),
        "dossiers_satisfied": (satisfied, one),
        "result_dossiers_with_e_result": (issues & e_result, issues),
        "dossiers_digitised": (d.digitised.fillna(False).to_numpy(bool) & (e_result | ~issues), one),
        "dossiers_reused_data": (d.reused_data.fillna(False).to_numpy(bool), one),
        "dossiers_personal_storage": (d.personal_storage.fillna(False).to_numpy(bool), one),
        "dossiers_citizen_data": (citizen, one),
    }
    cols: dict[str, Any] = {"unit_code": d.unit_code.to_numpy()}
    for key, (num, den) in flags.items():
        cols[f"{key}__num"] = (num & (den > 0)).astype("int64")
        cols[f"{key}__den"] = np.asarray(den).astype("int64")
    parts = [_roll_up(pd.DataFrame(cols).groupby("unit_code").sum(), closure)]

    # TTHC applicable to each unit, counted once per ancestor; the dossiers' activity per (unit, TTHC).
    u = units[["code", "root_code", "level"]].assign(plevel=units.level.map(PROCEDURE_LEVEL_OF_UNIT))
    p = f.procedures
    pairs = u.merge(p, left_on="root_code", right_on="authority_code", suffixes=("_u", ""))
    pairs = pairs[(pairs.agency_code == pairs.code_u) | (pairs.agency_code.isna() & (pairs.level == pairs.plevel))]
    pairs = pairs.merge(closure, left_on="code_u", right_on="unit_code")
    attrs = ["online_level", "fee_bearing", "fee_integrated", "applicant_type"]
    per_anc = pairs[["ancestor_code", "code", *attrs]].drop_duplicates()
    act = pd.DataFrame(
        {
            "unit_code": d.unit_code.to_numpy(),
            "code": d.procedure_code.to_numpy(),
            "has_online": online,
            "has_paid_online": fee & paid,
            "has_citizen_data": citizen,
        }
    )
    act = act.groupby(["unit_code", "code"], as_index=False).any()
    act = act.merge(closure, on="unit_code").drop(columns="unit_code")
    act = act.groupby(["ancestor_code", "code"], as_index=False).any()
    r = per_anc.merge(act, on=["ancestor_code", "code"], how="left")
    for c in ("has_online", "has_paid_online", "has_citizen_data"):
        r[c] = r[c].astype("boolean").fillna(False)
    onl = r.online_level.isin(["partial", "full"])
    fee_b = _b(r.fee_bearing)
    cit = r.applicant_type.isin(["citizen", "both"])
    pflags = {
        "procedures_online": (onl, True),
        "procedures_full_online": (r.online_level == "full", True),
        "online_procedures_with_online_dossier": (r.has_online, onl),
        "fee_procedures_with_online_payment": (r.has_paid_online, fee_b),
        "fee_procedures_integrated": (_b(r.fee_integrated), fee_b),
        "citizen_procedures_with_citizen_data": (r.has_citizen_data, cit),
    }
    pc: dict[str, Any] = {"ancestor_code": r.ancestor_code}
    for key, (num, den) in pflags.items():
        den_s = _b(den) if not isinstance(den, bool) else pd.Series(True, index=r.index, dtype="boolean")
        pc[f"{key}__num"] = _i(_b(num) & den_s)
        pc[f"{key}__den"] = _i(den_s)
    parts.append(pd.DataFrame(pc).groupby("ancestor_code").sum())

    # PAKN (spec §2 MDHL).
    pt = f.petitions
    repeats = pt[(pt.received_at <= pd.Timestamp(w.as_of)) & pt.repeat_of.notna()].groupby("repeat_of").size()
    pt = pt[(pt.received_day >= start) & (pt.received_day <= end) & (pt.received_at < j_ts)]
    if targets is not None:
        pt = pt[pt.unit_code.isin(scope)]
    cal = f.calendar
    pt = pt.merge(cal[["day", "wd_ordinal"]], left_on="received_day", right_on="day", how="left")
    working = cal[cal.is_working][["wd_ordinal", "day_end"]].rename(columns={"wd_ordinal": "target"})
    pt = pt.assign(target=pt.wd_ordinal + s.petition_handle_working_days).merge(working, on="target", how="left")
    due = pt.due_at.fillna(pt.day_end)
    ended_at = pt.handled_at.fillna(pt.refused_at)
    ended = ended_at.notna() & (ended_at <= pd.Timestamp(w.as_of))
    on_time_p = _b(np.where(ended, ended_at <= due, j_ts <= due)).where(due.notna().to_numpy(), pd.NA)
    first = pt.repeat_of.isna()
    disliked = _b(pt.dislikes > pt.likes).where(pt.dislikes.notna().to_numpy() & pt.likes.notna().to_numpy(), pd.NA)
    repeated = pt.code.map(repeats).fillna(0) > 0
    petition = pd.DataFrame(
        {
            "unit_code": pt.unit_code.to_numpy(),
            "petitions_on_time__num": _i(on_time_p).to_numpy(),
            "petitions_on_time__den": 1,
            "petitions_satisfied__num": _i(_b(first) & on_time_p & ~disliked & ~_b(repeated)).to_numpy(),
            "petitions_satisfied__den": first.astype("int64").to_numpy(),
        }
    )
    parts.append(_roll_up(petition.groupby("unit_code").sum(), closure))

    # Electronic certified copies (communes).
    commune = (units.level == "commune").to_numpy()
    flag = pd.DataFrame(
        {
            "unit_code": units.code.to_numpy(),
            "communes_e_certified_copy__num": (commune & units.e_certified_copy.fillna(False).to_numpy(bool)).astype(
                "int64"
            ),
            "communes_e_certified_copy__den": commune.astype("int64"),
        }
    )
    parts.append(_roll_up(flag.groupby("unit_code").sum(), closure))

    # The catalogue of each province/ministry (spec §2 CKMB).
    c = f.procedures.merge(
        f.units[["code", "level"]].rename(columns={"code": "authority_code", "level": "r_level"}),
        on="authority_code",
        how="left",
    )
    ordinal = cal.set_index("day").wd_ordinal
    dec_ord, eff_ord, pub_ord = (
        pd.to_datetime(c[col]).map(ordinal) for col in ("decision_date", "legal_effective_date", "public_date")
    )
    ministry = (c.r_level == "ministry").to_numpy()
    lead = np.where(ministry, s.publish_lead_working_days_ministry, s.publish_lead_working_days)
    upd = np.where(ministry, s.public_update_working_days_ministry, s.public_update_working_days)
    dec, pub = pd.to_datetime(c.decision_date), pd.to_datetime(c.public_date)
    decided = dec.notna() & (dec >= start) & (dec <= end)
    published = decided & eff_ord.notna() & (dec_ord <= eff_ord - lead)
    public_in = pub.notna() & (pub >= start) & (pub <= end) & (pub <= j_day)
    public_on = public_in & (pub_ord <= dec_ord + upd)
    passed = dec.notna() & dec_ord.notna()
    not_public = pub.isna() | (pub > j_day)
    public_den = public_in | (passed & not_public & (dec <= j_day))
    is_public = pub.notna() & (pub <= j_day)
    content = is_public & c.content_complete.fillna(False).astype(bool)
    cat = (
        pd.DataFrame(
            {
                "root": c.authority_code,
                "procedures_published_on_time__num": published.astype("int64"),
                "procedures_published_on_time__den": decided.astype("int64"),
                "procedures_public_on_time__num": public_on.astype("int64"),
                "procedures_public_on_time__den": public_den.astype("int64"),
                "procedures_content_full__num": content.astype("int64"),
                "procedures_content_full__den": is_public.astype("int64"),
            }
        )
        .groupby("root")
        .sum()
    )

    want = f.units if targets is None else f.units[f.units.code.isin(targets)]
    out = want[["code", "root_code"]].set_index("code")
    for part in parts:
        out = out.join(part, how="left")
    out = out.join(cat, on="root_code", how="left").fillna(0)
    own_root = (out.index == out.root_code).astype("int64")
    for key in ("procedures_published_on_time", "procedures_public_on_time"):
        for side in ("num", "den"):
            out[f"{key}__{side}"] = out[f"{key}__{side}"] * own_root
    return out.drop(columns="root_code").astype("int64")


def score(c: pd.DataFrame, f: Frames, m: Methodology) -> pd.DataFrame:
    """Points per indicator, groups, total, class and rank among peers, vectorised over units (floats)."""
    units = f.units.set_index("code").loc[c.index]
    levels = units.level.to_numpy()
    groups = {g.code: np.zeros(len(c)) for g in m.groups}
    for ind in m.indicators:
        pts = np.zeros(len(c))
        for level in np.unique(levels):
            rule = ind.rule_for(str(level))
            at = levels == level
            if not rule.applies:
                pts[at] = ind.max_points if rule.not_applicable == "full" else 0.0
                continue
            num = c[f"{rule.counting}__num"].to_numpy(float)[at]
            den = c[f"{rule.counting}__den"].to_numpy(float)[at]
            with np.errstate(divide="ignore", invalid="ignore"):
                share = np.minimum(1.0, (num / den) / rule.threshold)
            raw = np.floor(ind.max_points * share * 10**m.decimals + 0.5) / 10**m.decimals
            empty = {"full": ind.max_points, "zero": 0.0}.get(rule.empty_rule, 0.0)
            pts[at] = np.where(den > 0, raw, empty)
        groups[ind.group] += pts
    out = pd.DataFrame({g: np.round(v, m.decimals) for g, v in groups.items()}, index=c.index)
    out["total"] = out.sum(axis=1).round(m.decimals)
    bands = sorted(m.bands, key=lambda b: b.min)
    out["classification"] = pd.cut(
        out.total, [b.min for b in bands] + [float("inf")], labels=[b.code for b in bands], right=False
    )
    out["parent"] = units.parent_code.fillna("").to_numpy()
    out["level"] = levels
    out["rank"] = out.groupby(["parent", "level"]).total.rank(method="min", ascending=False).astype("int64")
    return out
