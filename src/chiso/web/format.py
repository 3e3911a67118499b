"""How the pages write numbers, dates and coded values: as Vietnamese officials do (47,17; ngày 28 tháng 11 năm
2026), shared as Jinja filters."""

from __future__ import annotations

import datetime as dt
from typing import Any

from chiso.timeutil import VN_TZ, format_date_vi, format_number_vi, format_percent_vi

LEVELS_VI = {
    "ministry": "Bộ, ngành",
    "province": "Tỉnh, thành phố",
    "department": "Sở, ban, ngành",
    "district": "Huyện, quận",
    "commune": "Xã, phường",
}
STATE_VI = {
    "finished": "Đã xử lý xong",
    "result_returned": "Đã trả kết quả",
    "refused": "Từ chối, dừng xử lý",
    "withdrawn": "Rút hồ sơ",
    None: "Đang xử lý",
}
CHANNEL_VI = {"online": "Trực tuyến", "in_person": "Trực tiếp", "postal": "Bưu chính"}
ONLINE_VI = {"full": "Toàn trình", "partial": "Một phần", "none": "Không"}
APPLICANT_VI = {"citizen": "Công dân", "business": "Doanh nghiệp", "both": "Công dân, doanh nghiệp"}
SOURCE_VI = {
    "dossier": "hồ sơ",
    "procedure": "thủ tục hành chính",
    "petition": "phản ánh, kiến nghị",
    "unit": "đơn vị",
    "catalogue": "thủ tục hành chính",
}
# CSS class of each classification band.
CLASS_CSS = {"xuat_sac": "c-xs", "tot": "c-tot", "kha": "c-kha", "trung_binh": "c-tb", "yeu": "c-yeu"}


def number(value: float | int | None, decimals: int = 2) -> str:
    """47,17 — the decimal comma; thousands with dots."""
    return format_number_vi(value, decimals)


def percent(value: float | None) -> str:
    """A ratio as 35,97%."""
    return format_percent_vi(value)


def long_date(value: dt.date | dt.datetime | None) -> str:
    """ngày 28 tháng 11 năm 2026."""
    if value is None:
        return "—"
    if isinstance(value, dt.datetime):
        value = value.astimezone(VN_TZ).date()
    return format_date_vi(value)


def short_datetime(value: Any) -> str:
    """A record's instant as a table cell: 02/11/2026 08:30 (local time)."""
    if value is None:
        return "—"
    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(value)
        except ValueError:
            return str(value)
    if isinstance(value, dt.datetime):
        local = value.astimezone(VN_TZ) if value.tzinfo else value
        return local.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return str(value)


def clock_time(value: dt.datetime) -> str:
    """10:25, ngày 28 tháng 11 năm 2026."""
    local = value.astimezone(VN_TZ)
    return f"{local:%H:%M}, {format_date_vi(local.date())}"


def cell(column: str, value: Any) -> str:
    """A record's value as the listing shows it."""
    if column == "terminal_state":
        return STATE_VI.get(value, str(value))
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if column == "channel":
        return CHANNEL_VI.get(value, str(value))
    if column == "online_level":
        return ONLINE_VI.get(value, str(value))
    if column == "applicant_type":
        return APPLICANT_VI.get(value, str(value))
    if column == "level":
        return LEVELS_VI.get(value, str(value))
    if isinstance(value, dt.datetime | dt.date):
        return short_datetime(value)
    if isinstance(value, int | float):
        return number(value, 1)
    return str(value)


FILTERS = {
    "number": number,
    "percent": percent,
    "long_date": long_date,
    "short_datetime": short_datetime,
    "clock_time": clock_time,
    "level_vi": lambda v: LEVELS_VI.get(v, v),
    "class_css": lambda v: CLASS_CSS.get(v, ""),
}
