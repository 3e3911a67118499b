"""A province's TTHC catalogue, drawn from the national templates: which TTHC it keeps, at which online level,
whether fees are integrated for online payment, and the publication history (QĐ công bố, legal effective date,
date made public) that PUBLISH_ON_TIME and PUBLIC_UPDATE_ON_TIME count.

Most TTHC were published before the generated window; each month of the window the province also issues two to
five publication decisions covering a field's TTHC, some of them late (decided less than 5 working days before the
legal basis takes effect) or made public late (more than 5 working days after the decision), and the newest may not
be public yet at ``end``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from chiso.generate.calendar import US_PER_HOUR, Calendar
from chiso.generate.randomness import stream
from chiso.reference.departments import handling_department
from chiso.reference.procedures import ProcedureTemplate, procedure_templates
from chiso.store.vocab import HOURS_PER_WORKING_DAY
from chiso.store.writer import TS

ONLINE_NAMES = ("none", "partial", "full")
E_COPY_NAME = "Chứng thực bản sao điện tử từ bản chính"


@dataclass(frozen=True)
class Catalogue:
    """The province's TTHC as aligned numpy arrays (index = position in ``codes``) plus the Arrow table to write."""

    codes: pa.Array
    level: np.ndarray  # "province" | "commune" (object array)
    agency: np.ndarray  # handling department code, or None (object array)
    online: np.ndarray  # 0 none, 1 partial, 2 full
    fee: np.ndarray  # int64 VND
    per_copy: np.ndarray
    issues_result: np.ndarray
    citizen: np.ndarray  # applicants include citizens
    calendar_days: np.ndarray  # the limit counts calendar days (else working days)
    limit: np.ndarray  # int64: working days (hours rounded up) or calendar days
    demand: np.ndarray
    difficulty: np.ndarray
    e_copy: int  # index of the electronic certified copy TTHC (-1 if absent)
    table: pa.Table

    def __len__(self) -> int:
        return len(self.codes)


def _working_day(cal: Calendar, rng: np.random.Generator, start: int, end: int) -> int:
    """A random working day index in [start, end] (or ``start`` when none)."""
    days = np.arange(start, end + 1)
    days = days[cal.is_working[days]]
    return int(rng.choice(days)) if len(days) else start


def build_catalogue(seed: int, province: str, cal: Calendar, window: tuple[int, int]) -> Catalogue:
    """The catalogue of ``province`` for the window of day indices ``(first, last)`` (last = ``end``)."""
    rng = stream(seed, province, "catalogue")
    maturity = rng.uniform(0.35, 0.95)  # how far the province has taken its services online
    publish_late = 0.12 + 0.45 * (1.0 - maturity)
    public_late = 0.12 + 0.4 * (1.0 - maturity)
    kept: list[ProcedureTemplate] = [t for t in procedure_templates() if t.demand >= 5 or rng.random() < 0.94]
    n = len(kept)
    u = rng.random(n)
    cap = np.array([t.online_cap for t in kept])
    online = np.where(
        cap == "full",
        np.where(u < 0.3 + 0.55 * maturity, 2, np.where(u < 0.85 + 0.1 * maturity, 1, 0)),
        np.where(cap == "partial", np.where(u < 0.75, 1, 0), 0),
    ).astype(np.int8)
    fee = np.array([t.fee for t in kept], dtype=np.int64)
    fee_integrated = (fee > 0) & (rng.random(n) < 0.3 + 0.65 * maturity)
    content_complete = rng.random(n) < 0.94 + 0.055 * maturity

    # Publication: a base decision per field, then the window's decisions re-publishing part of a field.
    first, last = window
    field_names = sorted({t.field for t in kept})
    field_of = np.array([field_names.index(t.field) for t in kept])
    decision = np.zeros(n, dtype=np.int64)
    effective = np.zeros(n, dtype=np.int64)
    public = np.full(n, -1, dtype=np.int64)
    number = np.zeros(n, dtype=np.int64)
    for f in range(len(field_names)):
        idx = np.flatnonzero(field_of == f)
        d = _working_day(cal, rng, first - int(rng.integers(90, 900)), first - 60)
        decision[idx] = d
        effective[idx] = cal.working_day_after(np.array([d]), np.array([int(rng.integers(6, 30))]))[0]
        public[idx] = cal.working_day_after(np.full(len(idx), d), rng.integers(1, 5, len(idx)))
        number[idx] = int(rng.integers(100, 3500))
    month_starts = sorted({cal.index(cal.date(d).replace(day=1)) for d in range(first, last + 1)})
    for m0 in month_starts:
        for _ in range(int(rng.integers(2, 6))):
            f = int(rng.integers(0, len(field_names)))
            idx = np.flatnonzero(field_of == f)
            if len(idx) == 0:
                continue
            idx = rng.choice(idx, size=int(rng.integers(min(len(idx), 3), min(len(idx), 30) + 1)), replace=False)
            d = _working_day(cal, rng, max(m0, first), min(last, m0 + 27))
            # Each TTHC has its own legal basis, so lateness is per TTHC: effective less than 5 working days after
            # the decision (or already in force) is late.
            late = rng.random(len(idx)) < publish_late
            lead = np.where(late, rng.integers(-8, 5, len(idx)), rng.integers(5, 30, len(idx)))
            decision[idx] = d
            effective[idx] = cal.working_day_after(np.full(len(idx), d), lead)
            slow = rng.random(len(idx)) < public_late
            delay = np.where(slow, rng.integers(6, 20, len(idx)), rng.integers(0, 6, len(idx)))
            pub = cal.working_day_after(np.full(len(idx), d), delay)
            public[idx] = np.where(pub <= last, pub, -1)
            number[idx] = 100 + (d - cal.index(cal.date(d).replace(month=1, day=1))) * 9 + int(rng.integers(0, 9))

    levels = np.array([t.level for t in kept], dtype=object)
    agency = np.array(
        [f"{province}.{handling_department(t.department, province)}" if t.department else None for t in kept],
        dtype=object,
    )
    calendar_days = np.array([t.time_limit_unit == "day" for t in kept])
    limit = np.array(
        [
            math.ceil(t.time_limit / HOURS_PER_WORKING_DAY) if t.time_limit_unit == "hour" else math.ceil(t.time_limit)
            for t in kept
        ],
        dtype=np.int64,
    )
    codes = pa.array([t.code for t in kept], pa.string())

    def dates(ix: np.ndarray) -> pa.Array:
        return pa.array([cal.date(int(i)) if i >= 0 else None for i in ix], pa.date32())

    updated = cal.midnight_us(np.maximum(decision, public)) + 8 * US_PER_HOUR
    table = pa.table(
        {
            "authority_code": pa.array([province] * n, pa.string()),
            "code": codes,
            "name": pa.array([t.name for t in kept], pa.string()),
            "level": pa.array(levels.tolist(), pa.string()),
            "field": pa.array([t.field for t in kept], pa.string()),
            "agency_code": pa.array(agency.tolist(), pa.string()),
            "online_level": pa.array([ONLINE_NAMES[i] for i in online], pa.string()),
            "fee_bearing": pa.array(fee > 0),
            "fee_integrated": pa.array(fee_integrated),
            "issues_result": pa.array([t.issues_result for t in kept]),
            "applicant_type": pa.array([t.applicant_type for t in kept], pa.string()),
            "decision_number": pa.array([f"{k}/QĐ-UBND" for k in number], pa.string()),
            "decision_date": dates(decision),
            "legal_effective_date": dates(effective),
            "public_date": dates(public),
            "content_complete": pa.array(content_complete),
            "time_limit": pa.array([float(t.time_limit) for t in kept], pa.float64()),
            "time_limit_unit": pa.array([t.time_limit_unit for t in kept], pa.string()),
            "source_updated_at": pa.array(updated, TS),
        }
    )
    names = [t.name for t in kept]
    return Catalogue(
        codes=codes,
        level=levels,
        agency=agency,
        online=online,
        fee=fee,
        per_copy=np.array([t.fee_per_copy for t in kept]),
        issues_result=np.array([t.issues_result for t in kept]),
        citizen=np.array([t.applicant_type in ("citizen", "both") for t in kept]),
        calendar_days=calendar_days,
        limit=np.maximum(limit, 1),
        demand=np.array([t.demand for t in kept]),
        difficulty=np.array([t.difficulty for t in kept]),
        e_copy=names.index(E_COPY_NAME) if E_COPY_NAME in names else -1,
        table=table,
    )
