"""Dossiers of one unit in one month, with their status histories and payments — vectorised, no loop per dossier.

How a dossier is made (all in numpy arrays of the block's size):

1. the TTHC, by the unit's demand weights; the channel, by the unit's online propensity and the TTHC's online
   level (a TTHC offered offline only gets no online dossiers); the reception day, by the day's seasonal demand
   (Tết, month) — in person on working days only, online any day; the time, in office hours or any hour online;
2. the due date the one-stop system sets: reception + the legal limit, in working days (hours rounded up to days)
   or calendar days, at 17:00 — missing for some dossiers, so the legal limit applies;
3. whether it ends on time (the unit's on-time propensity, raised to the TTHC's difficulty) and when: a processing
   time in working days inside the limit, or past it by a geometric delay;
4. what happens on the way: forwarded, requests for more documents (sometimes twice, sometimes never answered),
   pauses, refusal, withdrawal, finished, result returned; the applicant's waiting time shifts everything after it,
   so the on-time outcome of step 3 holds net of the applicant's time, as the index judges it (spec §3);
5. events after the cut-off instant (end of ``end``) are dropped: those dossiers are still in process;
6. flags (synced, with the unit's sync gaps; digitised; e-result; reused data; citizen data; rating, complaint) and
   a payment for fee-bearing dossiers (online through the national portal or the provincial gateway, or cash).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from chiso.generate.calendar import US_PER_DAY, US_PER_HOUR, US_PER_MINUTE, Calendar
from chiso.generate.catalogue import Catalogue
from chiso.generate.profiles import Profiles

CHANNEL_NAMES = ("online", "in_person", "postal")
ONLINE, IN_PERSON, POSTAL = 0, 1, 2
EVENT_NAMES = (
    "received",
    "forwarded",
    "supplement_requested",
    "supplement_completed",
    "paused",
    "resumed",
    "finished",
    "refused",
    "stopped",
    "withdrawn",
    "result_returned",
)
(RECEIVED, FORWARDED, SUPP_REQ, SUPP_DONE, PAUSED, RESUMED, FINISHED, REFUSED, STOPPED, WITHDRAWN, RETURNED) = range(11)
EVENT_ACTORS = (
    "Bộ phận Một cửa",
    "Bộ phận Một cửa",
    "Cán bộ xử lý",
    "Người nộp hồ sơ",
    "Cán bộ xử lý",
    "Cán bộ xử lý",
    "Cán bộ xử lý",
    "Lãnh đạo đơn vị",
    "Lãnh đạo đơn vị",
    "Người nộp hồ sơ",
    "Bộ phận Một cửa",
)
RATING_NAMES = ("satisfied", "neutral", "unsatisfied")
METHOD_NAMES = ("online", "cash", "transfer")
GATEWAY_NAMES = ("dvcqg", "provincial")

OFFICE_MINUTES = 450  # 7:30–11:30 and 13:30–17:00
DUE_HOUR = 17
# A day's weight for online submissions when it is not a working day (weekend / public holiday).
ONLINE_WEEKEND, ONLINE_HOLIDAY = 0.3, 0.1


@dataclass
class DossierBlock:
    """Column arrays of one unit-month (dossier indices are local to the block)."""

    unit: np.ndarray
    proc: np.ndarray
    channel: np.ndarray
    day: np.ndarray
    seq: np.ndarray
    received: np.ndarray
    due: np.ndarray
    due_null: np.ndarray
    synced: np.ndarray
    synced_at: np.ndarray
    fee_required: np.ndarray
    digitised: np.ndarray
    e_result: np.ndarray
    reused: np.ndarray
    storage: np.ndarray
    citizen_data: np.ndarray
    rating: np.ndarray  # -1 = none
    complaint: np.ndarray
    updated: np.ndarray
    ev_dossier: np.ndarray
    ev_slot: np.ndarray
    ev_type: np.ndarray
    ev_time: np.ndarray
    pay_dossier: np.ndarray
    pay_amount: np.ndarray
    pay_method: np.ndarray
    pay_gateway: np.ndarray  # -1 = none
    pay_at: np.ndarray
    pay_synced: np.ndarray

    def __len__(self) -> int:
        return len(self.unit)


def office_minutes(u: np.ndarray) -> np.ndarray:
    """Map uniform [0, 1) to minutes after midnight inside office hours."""
    m = u * OFFICE_MINUTES
    return np.where(m < 240, 450 + m, 570 + m)


def day_weights(cal: Calendar, days: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Relative demand of each day for counter submissions (working days only) and for online ones."""
    season = cal.season[days]
    working = cal.is_working[days]
    office = season * working
    online = season * np.where(working, 1.0, np.where(cal.is_holiday[days], ONLINE_HOLIDAY, ONLINE_WEEKEND))
    return office, online


def _choose_days(rng: np.random.Generator, days: np.ndarray, weights: np.ndarray, n: int) -> np.ndarray:
    total = weights.sum()
    if n == 0 or total <= 0:
        return rng.choice(days, n) if n else np.zeros(0, dtype=np.int64)
    return rng.choice(days, n, p=weights / total)


def dossier_block(
    rng: np.random.Generator,
    *,
    unit: int,
    prof: Profiles,
    cat: Catalogue,
    proc_idx: np.ndarray,
    proc_p: np.ndarray,
    cal: Calendar,
    days: np.ndarray,
    cutoff_us: int,
    expected: float,
    gateway_dvcqg: float,
    difficulty_norm: float = 1.0,
) -> DossierBlock:
    """Generate the dossiers of unit ``unit`` received on ``days`` (one month, up to ``end``).

    ``difficulty_norm`` is the unit's demand-weighted mean TTHC difficulty: dividing by it keeps the unit's overall
    on-time share at its profile's value whatever its TTHC mix, while harder TTHC stay later than easier ones."""
    i = unit
    n = int(rng.poisson(expected)) if expected > 0 and len(proc_idx) else 0

    # 1. TTHC, channel, reception instant ------------------------------------------------------------------
    proc = proc_idx[rng.choice(len(proc_idx), n, p=proc_p)] if n else np.zeros(0, dtype=np.int64)
    ol = cat.online[proc]
    p_online = prof.online[i] * np.where(ol == 2, 1.0, np.where(ol == 1, 0.55, 0.0))
    u = rng.random(n)
    channel = np.where(u < p_online, ONLINE, np.where(u < p_online + prof.postal[i], POSTAL, IN_PERSON)).astype(np.int8)
    w_office, w_online = day_weights(cal, days)
    if w_office.sum() <= 0:
        w_office = w_online
    is_online = channel == ONLINE
    day = np.empty(n, dtype=np.int64)
    day[is_online] = _choose_days(rng, days, w_online, int(is_online.sum()))
    day[~is_online] = _choose_days(rng, days, w_office, int((~is_online).sum()))
    tod = office_minutes(rng.random(n))
    tod = np.where(is_online & (rng.random(n) < 0.45), rng.uniform(360, 1410, n), tod)
    tod = np.where(cal.is_working[day] | ~is_online, tod, rng.uniform(420, 1380, n))
    received = cal.midnight_us(day) + (tod * US_PER_MINUTE).astype(np.int64) + rng.integers(0, US_PER_MINUTE, n)
    order = np.argsort(received, kind="stable")
    proc, channel, day, tod, received = proc[order], channel[order], day[order], tod[order], received[order]
    is_online = channel == ONLINE
    seq = (np.arange(n) - np.searchsorted(day, day, side="left") + 1).astype(np.int32)

    # 2. due date ---------------------------------------------------------------------------------------------
    limit = cat.limit[proc]
    calendar_days = cat.calendar_days[proc]
    wd0 = cal.wd_ord[day]
    due_day = np.where(calendar_days, day + limit, cal.working_day_after(day, limit))
    limit_wd = cal.wd_ord[due_day] - wd0
    due = cal.midnight_us(due_day) + DUE_HOUR * US_PER_HOUR
    due_null = rng.random(n) < prof.due_missing[i]

    # 3. on time or late, and when processing ends -------------------------------------------------------------
    kmin = np.where(cal.is_working[day] & (tod < 990), 0, 1)
    late = rng.random(n) >= prof.on_time[i] ** (cat.difficulty[proc] / difficulty_norm)
    top = np.maximum(limit_wd, kmin)
    k_ok = np.minimum(kmin + np.floor(rng.beta(1.2, 2.2, n) * (top - kmin + 1)).astype(np.int64), top)
    k_late = top + rng.geometric(prof.delay_p[i], n) + np.floor(limit_wd * rng.uniform(0, 0.3, n)).astype(np.int64)
    fin_day = cal.working_day_after(day, np.where(late, k_late, k_ok))
    finish = cal.midnight_us(fin_day) + rng.integers(8 * US_PER_HOUR, DUE_HOUR * US_PER_HOUR, n)
    soon = received + rng.integers(5 * US_PER_MINUTE, 90 * US_PER_MINUTE, n)
    finish = np.where(fin_day == day, np.maximum(finish, soon), finish)
    span = (finish - received).astype(np.float64)

    # 4. the path: refusal, withdrawal, requests for more documents, pauses ------------------------------------
    ut = rng.random(n)
    refused = ut < prof.refuse[i]
    withdrawn = (ut >= prof.refuse[i]) & (ut < prof.refuse[i] + prof.withdraw[i])
    finished = ~refused & ~withdrawn
    term_type = np.where(
        finished, FINISHED, np.where(withdrawn, WITHDRAWN, np.where(rng.random(n) < 0.3, STOPPED, REFUSED))
    ).astype(np.int8)
    term = np.where(withdrawn, received + (rng.uniform(0.1, 0.9, n) * span).astype(np.int64), finish)

    sup1 = ~withdrawn & (rng.random(n) < prof.supplement[i] * np.sqrt(cat.difficulty[proc]))
    s1 = received + (rng.uniform(0.15, 0.6, n) * span).astype(np.int64)
    w1 = ((rng.gamma(1.3, 2.5, n) + 0.15) * US_PER_DAY).astype(np.int64)
    gave_up = sup1 & (rng.random(n) < 0.1)
    completed = sup1 & ~gave_up
    c1 = s1 + w1
    sup2 = completed & (rng.random(n) < prof.supplement2[i])
    s2 = c1 + (rng.uniform(0.2, 0.7, n) * (finish - s1)).astype(np.int64)
    w2 = ((rng.gamma(1.2, 2.0, n) + 0.1) * US_PER_DAY).astype(np.int64)
    c2 = s2 + w2
    shift = np.where(completed, w1, 0) + np.where(sup2, w2, 0)
    term = np.where(withdrawn, term, term + shift)
    term = np.where(gave_up, s1 + 2 * w1 + US_PER_DAY, term)
    term_type = np.where(gave_up, np.where(rng.random(n) < 0.6, WITHDRAWN, STOPPED), term_type).astype(np.int8)
    finished = finished & ~gave_up

    paused = finished & ~sup1 & (rng.random(n) < 0.012)
    pa_at = received + ((term - received) * 0.35).astype(np.int64)
    re_at = received + ((term - received) * 0.7).astype(np.int64)
    forwarded = rng.random(n) < prof.forward[i]
    nxt = np.where(sup1, s1, np.where(paused, pa_at, term))
    fw_at = received + (rng.uniform(0.03, 0.25, n) * (nxt - received)).astype(np.int64)
    returned = finished & (rng.random(n) < 0.8)
    rt_at = term + (rng.exponential(1.0, n) * US_PER_DAY).astype(np.int64) + 10 * US_PER_MINUTE

    # 5. the history up to the cut-off ------------------------------------------------------------------------
    all_ = np.ones(n, dtype=bool)
    parts = (
        (all_, 0, RECEIVED, received),
        (forwarded, 1, FORWARDED, fw_at),
        (sup1, 2, SUPP_REQ, s1),
        (completed, 3, SUPP_DONE, c1),
        (sup2, 4, SUPP_REQ, s2),
        (sup2, 5, SUPP_DONE, c2),
        (paused, 6, PAUSED, pa_at),
        (paused, 7, RESUMED, re_at),
        (all_, 8, term_type, term),
        (returned, 9, RETURNED, rt_at),
    )
    ev_d, ev_s, ev_t, ev_at = [], [], [], []
    updated = received.copy()
    for mask, slot, kind, at in parts:
        keep = mask & (at <= cutoff_us)
        idx = np.flatnonzero(keep)
        ev_d.append(idx)
        ev_s.append(np.full(len(idx), slot, dtype=np.int8))
        ev_t.append(kind[idx] if isinstance(kind, np.ndarray) else np.full(len(idx), kind, dtype=np.int8))
        ev_at.append(at[idx])
        updated = np.where(keep, np.maximum(updated, at), updated)
    ev_dossier = np.concatenate(ev_d)
    ev_slot = np.concatenate(ev_s)
    ev_order = np.lexsort((ev_slot, ev_dossier))
    done = term <= cutoff_us

    # 6. flags and payments ----------------------------------------------------------------------------------
    gap = (prof.gap_days[i] > 0) & (day >= prof.gap_start[i]) & (day < prof.gap_start[i] + prof.gap_days[i])
    synced = rng.random(n) < np.where(gap, 0.12, prof.sync[i])
    synced_at = np.minimum(received + (rng.exponential(25.0, n) * US_PER_MINUTE).astype(np.int64), cutoff_us)
    fee = cat.fee[proc]
    fee_required = (fee > 0) & (rng.random(n) >= 0.06)
    digitised = rng.random(n) < np.where(is_online, 0.6 + 0.4 * prof.digitise[i], prof.digitise[i])
    e_result = finished & done & cat.issues_result[proc] & (rng.random(n) < prof.e_result[i])
    reused = rng.random(n) < prof.reuse[i]
    storage = rng.random(n) < prof.storage[i]
    citizen_p = np.where(is_online, min(1.0, prof.citizen[i] + 0.1), prof.citizen[i] * 0.85)
    citizen_data = cat.citizen[proc] & (rng.random(n) < citizen_p)
    rated = done & (rng.random(n) < prof.rating[i] * np.where(is_online, 1.5, 1.0))
    ur = rng.random(n)
    unsat = prof.unsatisfied[i] + late * 0.25
    rating = np.where(~rated, -1, np.where(ur < unsat, 2, np.where(ur < unsat + 0.08, 1, 0))).astype(np.int8)
    complaint = rng.random(n) < prof.complaint[i] + late * 0.01

    at_reception = rng.random(n) < 0.85
    paid_at = np.where(
        at_reception,
        received + rng.integers(US_PER_MINUTE, 30 * US_PER_MINUTE, n),
        term + rng.integers(10 * US_PER_MINUTE, 120 * US_PER_MINUTE, n),
    )
    pays = fee_required & (rng.random(n) >= 0.03) & (at_reception | finished) & (paid_at <= cutoff_us)
    pay_online = rng.random(n) < prof.pay_online[i] * np.where(is_online, 1.0, 0.5)
    method = np.where(pay_online, 0, np.where(rng.random(n) < 0.8, 1, 2)).astype(np.int8)
    gateway = np.where(pay_online, np.where(rng.random(n) < gateway_dvcqg, 0, 1), -1).astype(np.int8)
    copies = np.where(cat.per_copy[proc], rng.integers(1, 11, n), 1)
    pay_synced = rng.random(n) < np.where(pay_online, 0.97, 0.55)
    pidx = np.flatnonzero(pays)

    return DossierBlock(
        unit=np.full(n, unit, dtype=np.int32),
        proc=proc.astype(np.int32),
        channel=channel,
        day=day,
        seq=seq,
        received=received,
        due=due,
        due_null=due_null,
        synced=synced,
        synced_at=synced_at,
        fee_required=fee_required,
        digitised=digitised,
        e_result=e_result,
        reused=reused,
        storage=storage,
        citizen_data=citizen_data,
        rating=rating,
        complaint=complaint,
        updated=updated,
        ev_dossier=ev_dossier[ev_order],
        ev_slot=ev_slot[ev_order],
        ev_type=np.concatenate(ev_t)[ev_order],
        ev_time=np.concatenate(ev_at)[ev_order],
        pay_dossier=pidx,
        pay_amount=(fee * copies)[pidx],
        pay_method=method[pidx],
        pay_gateway=gateway[pidx],
        pay_at=paid_at[pidx],
        pay_synced=pay_synced[pidx],
    )
