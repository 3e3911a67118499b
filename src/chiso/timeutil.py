"""Time and number conventions shared by every layer.

All stored instants are timezone-aware; the index is defined in Vietnam's local time (UTC+7, no DST), so
period membership (which day a dossier was received) is always decided in Asia/Ho_Chi_Minh.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def now_vn() -> dt.datetime:
    """The current instant in Vietnam's time zone (the only place chiso reads the clock)."""
    return dt.datetime.now(tz=VN_TZ)


def ensure_aware(value: dt.datetime) -> dt.datetime:
    """Return ``value`` as an aware datetime; naive values are taken as Vietnam local time."""
    if value.tzinfo is None:
        return value.replace(tzinfo=VN_TZ)
    return value


def local_day(value: dt.datetime) -> dt.date:
    """The calendar day of an instant in Vietnam local time."""
    return ensure_aware(value).astimezone(VN_TZ).date()


def start_of_day(day: dt.date) -> dt.datetime:
    """00:00 local time of ``day`` as an aware datetime."""
    return dt.datetime.combine(day, dt.time.min, tzinfo=VN_TZ)


def format_number_vi(value: float | int | None, decimals: int = 2) -> str:
    """Format a number as Vietnamese users write it: ``47,17``; thousands with dots: ``144.625``.

    Trailing zeros of the fraction are dropped (``12`` not ``12,00``; ``0,3`` not ``0,30``), as in official reports.
    """
    if value is None:
        return "—"
    if isinstance(value, int) or float(value).is_integer():
        return f"{round(float(value)):,}".replace(",", ".")
    text = f"{float(value):,.{decimals}f}".rstrip("0").rstrip(".")
    integer, _, fraction = text.partition(".")
    integer = integer.replace(",", ".")
    return f"{integer},{fraction}" if fraction else integer


def format_percent_vi(ratio: float | None, decimals: int = 2) -> str:
    """A ratio (0..1) as a Vietnamese percentage: ``35,97%``."""
    if ratio is None:
        return "—"
    return f"{format_number_vi(round(ratio * 100, decimals), decimals)}%"


def format_date_vi(day: dt.date) -> str:
    """The administrative long form: ``ngày 28 tháng 11 năm 2026``."""
    return f"ngày {day.day} tháng {day.month} năm {day.year}"
