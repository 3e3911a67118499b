"""PAKN (phản ánh, kiến nghị) of one unit in one month: reception, deadline, refusal or request for more
information, handling, publication, likes/dislikes and repeated complaints — vectorised.

Handling deadlines follow the spec's [likely] limits: refuse within 2 working days, request information within 5,
handle within 15, publish within 2 of handling. Some PAKN carry no recorded deadline (the methodology's limit then
applies). Times after the cut-off are left empty: those PAKN are still being handled.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from chiso.generate.calendar import US_PER_HOUR, US_PER_MINUTE, Calendar
from chiso.generate.profiles import Profiles


@dataclass
class PetitionBlock:
    """Column arrays of one unit-month of PAKN; ``*_null`` masks mark empty instants, ``repeat_of`` is a local
    index (-1 = none)."""

    unit: np.ndarray
    day: np.ndarray
    seq: np.ndarray
    received: np.ndarray
    due: np.ndarray
    due_null: np.ndarray
    refused: np.ndarray
    refused_null: np.ndarray
    info: np.ndarray
    info_null: np.ndarray
    handled: np.ndarray
    handled_null: np.ndarray
    published: np.ndarray
    published_null: np.ndarray
    likes: np.ndarray
    dislikes: np.ndarray
    repeat_of: np.ndarray
    updated: np.ndarray

    def __len__(self) -> int:
        return len(self.unit)


def petition_block(
    rng: np.random.Generator,
    *,
    unit: int,
    prof: Profiles,
    cal: Calendar,
    days: np.ndarray,
    cutoff_us: int,
    expected: float,
) -> PetitionBlock:
    """Generate the PAKN unit ``unit`` receives on ``days``."""
    i = unit
    n = int(rng.poisson(expected)) if expected > 0 else 0
    weights = np.where(cal.is_working[days], 1.0, 0.4)
    day = np.sort(rng.choice(days, n, p=weights / weights.sum())) if n else np.zeros(0, dtype=np.int64)
    received = cal.midnight_us(day) + (rng.uniform(6 * 60, 22 * 60, n) * US_PER_MINUTE).astype(np.int64)
    order = np.argsort(received, kind="stable")
    day, received = day[order], received[order]
    seq = (np.arange(n) - np.searchsorted(day, day, side="left") + 1).astype(np.int32)

    def at_working(offset: np.ndarray) -> np.ndarray:
        target = cal.working_day_after(day, offset)
        return cal.midnight_us(target) + rng.integers(8 * US_PER_HOUR, 17 * US_PER_HOUR, n)

    due = cal.midnight_us(cal.working_day_after(day, np.full(n, 15))) + 17 * US_PER_HOUR
    due_null = rng.random(n) < 0.12
    on_time = rng.random(n) < prof.petition_on_time[i]
    refused_flag = rng.random(n) < 0.07
    refused = at_working(np.where(on_time, rng.integers(1, 3, n), rng.integers(3, 8, n)))
    info_flag = ~refused_flag & (rng.random(n) < 0.1)
    info = at_working(rng.integers(1, 6, n))
    handled_offset = np.where(on_time, rng.integers(2, 16, n), rng.integers(16, 40, n))
    handled = np.maximum(at_working(handled_offset), np.where(info_flag, info + US_PER_HOUR, 0))
    handled_flag = ~refused_flag
    publish_flag = handled_flag & (rng.random(n) < prof.petition_publish[i])
    pub_offset = np.where(rng.random(n) < 0.85, rng.integers(0, 3, n), rng.integers(3, 11, n))
    published = np.maximum(
        cal.midnight_us(cal.working_day_after(cal.working_day_after(day, handled_offset), pub_offset))
        + rng.integers(8 * US_PER_HOUR, 17 * US_PER_HOUR, n),
        handled + US_PER_MINUTE,
    )
    likes = rng.poisson(0.5 + 3.0 * prof.q[i], n).astype(np.int32)
    dislikes = rng.poisson(0.3 + 1.5 * (1.0 - prof.q[i]) + 2.5 * ~on_time, n).astype(np.int32)
    # A repeated complaint points at an earlier PAKN of the same unit on the same matter.
    repeat = (np.arange(n) > 0) & (rng.random(n) < 0.05 + 0.1 * (1.0 - prof.q[i]))
    earlier = np.floor(rng.random(n) * np.arange(n)).astype(np.int64)
    repeat_of = np.where(repeat, earlier, -1)

    refused_null = ~refused_flag | (refused > cutoff_us)
    info_null = ~info_flag | (info > cutoff_us)
    handled_null = ~handled_flag | (handled > cutoff_us)
    published_null = ~publish_flag | (published > cutoff_us) | handled_null
    updated = received.copy()
    for value, null in (
        (refused, refused_null),
        (info, info_null),
        (handled, handled_null),
        (published, published_null),
    ):
        updated = np.where(null, updated, np.maximum(updated, value))
    return PetitionBlock(
        unit=np.full(n, unit, dtype=np.int32),
        day=day,
        seq=seq,
        received=received,
        due=due,
        due_null=due_null,
        refused=refused,
        refused_null=refused_null,
        info=info,
        info_null=info_null,
        handled=handled,
        handled_null=handled_null,
        published=published,
        published_null=published_null,
        likes=likes,
        dislikes=dislikes,
        repeat_of=repeat_of,
        updated=updated,
    )
