"""Working days, Tết and seasonal demand as numpy arrays indexed by day, for vectorised generation.

The working-day calendar is the store's own (:func:`chiso.store.calendar.calendar_table`), so the due dates the
generator sets agree with the ones :mod:`chiso.store.facts` derives from legal time limits. Tết dates come from the
``holidays`` package ("Lunar New Year").
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass

import holidays
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from chiso.store.calendar import CALENDAR_END, CALENDAR_START, calendar_table

US_PER_SECOND = 1_000_000
US_PER_MINUTE = 60 * US_PER_SECOND
US_PER_HOUR = 60 * US_PER_MINUTE
US_PER_DAY = 24 * US_PER_HOUR
_UTC_OFFSET_US = 7 * US_PER_HOUR  # Vietnam: UTC+7, no daylight saving

# Demand by calendar month (year-end rush, school enrolment in summer); Tết is handled by day below.
MONTH_FACTOR = np.array([1.0, 1.06, 0.97, 1.02, 1.0, 1.0, 1.03, 1.05, 1.02, 0.98, 1.0, 1.01, 1.08])


@dataclass(frozen=True)
class Calendar:
    """Day-indexed arrays from :data:`CALENDAR_START` (index 0) to :data:`CALENDAR_END`."""

    first: dt.date
    is_working: np.ndarray  # bool per day
    is_holiday: np.ndarray  # bool per day: a public holiday (not a plain weekend)
    wd_ord: np.ndarray  # int64: working days up to and including the day
    working_days: np.ndarray  # int64: day index of the working day with ordinal k at position k - 1
    season: np.ndarray  # float: relative demand of the day (month factor × Tết effect)
    yymmdd: pa.Array  # "260105" per day index, for dossier codes
    epoch_day0: int  # days from 1970-01-01 to ``first``

    def index(self, day: dt.date) -> int:
        """Day index of ``day``."""
        return (day - self.first).days

    def date(self, index: int) -> dt.date:
        """The date of day index ``index``."""
        return self.first + dt.timedelta(days=int(index))

    def midnight_us(self, index: np.ndarray | int) -> np.ndarray:
        """Epoch microseconds (UTC) of local midnight starting day ``index``."""
        return (np.asarray(index, dtype=np.int64) + self.epoch_day0) * US_PER_DAY - _UTC_OFFSET_US

    def working_day_after(self, index: np.ndarray, k: np.ndarray) -> np.ndarray:
        """The working day whose ordinal is ``wd_ord[index] + k`` (k may be negative; k = 0 on a working day is
        the day itself, on a non-working day the working day before it)."""
        target = self.wd_ord[index] + np.asarray(k, dtype=np.int64)
        return np.asarray(self.working_days[np.clip(target - 1, 0, len(self.working_days) - 1)], dtype=np.int64)


def tet_days(years: range) -> list[dt.date]:
    """The first day of the lunar new year (Mùng 1 Tết) of each year."""
    cal = holidays.country_holidays("VN", years=years, language="en_US")
    return sorted(cal.get_named("Lunar New Year", lookup="exact"))


@functools.cache
def calendar() -> Calendar:
    """The shared generator calendar (built once per process)."""
    table = calendar_table()
    first = table.column("day")[0].as_py()
    is_working = table.column("is_working").to_numpy(zero_copy_only=False).astype(bool)
    wd_ord = table.column("wd_ordinal").to_numpy().astype(np.int64)
    n = len(is_working)
    days = [first + dt.timedelta(days=i) for i in range(n)]
    hol = holidays.country_holidays("VN", years=range(CALENDAR_START.year, CALENDAR_END.year + 1))
    is_holiday = np.array([d in hol and d.weekday() < 5 for d in days], dtype=bool)
    months = np.array([d.month for d in days])
    season = MONTH_FACTOR[months].astype(np.float64)
    # Tết: a rush in the three weeks before (licences, notarisation, year-end business), a lull in the days just
    # before the holiday, and a slow restart in the two weeks after it.
    for tet in tet_days(range(CALENDAR_START.year, CALENDAR_END.year + 1)):
        t = (tet - first).days
        for offset, factor in (
            (range(-24, -5), 1.28),
            (range(-5, 0), 0.75),
            (range(4, 11), 0.55),
            (range(11, 18), 0.85),
        ):
            for r in offset:
                if 0 <= t + r < n:
                    season[t + r] *= factor
    yymmdd = pc.strftime(pa.array(days, pa.date32()).cast(pa.timestamp("s")), format="%y%m%d")
    return Calendar(
        first=first,
        is_working=is_working,
        is_holiday=is_holiday,
        wd_ord=wd_ord,
        working_days=np.flatnonzero(is_working).astype(np.int64),
        season=season,
        yymmdd=yymmdd,
        epoch_day0=(first - dt.date(1970, 1, 1)).days,
    )
