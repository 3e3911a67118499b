"""Vietnam's working-day calendar, stored as a table so due dates are computed set-based on any backend.

Working days come from the ``holidays`` package: Monday–Friday minus public holidays (Tết, Hùng Kings, 30/4,
1/5, 2/9 and their observed/substituted days), plus the official make-up Saturdays it knows.
"""

from __future__ import annotations

import datetime as dt
import functools
from typing import TYPE_CHECKING

import holidays
import pyarrow as pa

from chiso.timeutil import VN_TZ

if TYPE_CHECKING:
    from chiso.store.db import Store

CALENDAR_START = dt.date(2018, 1, 1)
CALENDAR_END = dt.date(2035, 12, 31)


def vn_holidays(years: range) -> holidays.HolidayBase:
    """Vietnam's public holidays for ``years``."""
    return holidays.country_holidays("VN", years=years)


def is_working_day(day: dt.date, calendar: holidays.HolidayBase | None = None) -> bool:
    """True when ``day`` is an official working day in Vietnam (make-up Saturdays included)."""
    cal = calendar if calendar is not None else vn_holidays(range(day.year, day.year + 1))
    return bool(cal.is_working_day(day))


@functools.lru_cache(maxsize=4)
def calendar_table(start: dt.date = CALENDAR_START, end: dt.date = CALENDAR_END) -> pa.Table:
    """The calendar rows from ``start`` to ``end`` inclusive."""
    cal = vn_holidays(range(start.year, end.year + 1))
    days: list[dt.date] = []
    working: list[bool] = []
    wd_ordinals: list[int] = []
    day_ordinals: list[int] = []
    ends: list[dt.datetime] = []
    count = 0
    day = start
    index = 0
    while day <= end:
        is_work = bool(cal.is_working_day(day))
        count += int(is_work)
        days.append(day)
        working.append(is_work)
        wd_ordinals.append(count)
        day_ordinals.append(index)
        ends.append(dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min, tzinfo=VN_TZ))
        day += dt.timedelta(days=1)
        index += 1
    return pa.table(
        {
            "day": pa.array(days, pa.date32()),
            "is_working": pa.array(working, pa.bool_()),
            "wd_ordinal": pa.array(wd_ordinals, pa.int32()),
            "day_ordinal": pa.array(day_ordinals, pa.int32()),
            "day_end": pa.array(ends, pa.timestamp("us", tz="Asia/Ho_Chi_Minh")),
        }
    )


def populate_calendar(store: Store) -> None:
    """Fill ``work_calendar`` (called by the first migration)."""
    rows = calendar_table()
    store.con.register("_calendar_rows", rows)
    try:
        store.con.execute("INSERT INTO work_calendar SELECT * FROM _calendar_rows")
    finally:
        store.con.unregister("_calendar_rows")
