"""The departments (sở, ban, ngành) of a province's People's Committee that handle province-level TTHC.

Since the 2025 reorganisation every province has the same core set; a few cities and border or tourist provinces keep
extra bodies (Sở Quy hoạch - Kiến trúc, Sở Du lịch, Sở Ngoại vụ). Codes are chiso's: ``<province>.<abbreviation>``.
Công an tỉnh is listed because it receives TTHC dossiers (passports, vehicle registration, driving licences).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Department:
    """One department template: abbreviation (code suffix), name, display type and relative dossier volume."""

    abbrev: str
    name: str
    division_type: str
    monthly_dossiers: int  # typical monthly dossiers of a mid-sized province at scale 1.0
    only_in: tuple[str, ...] = ()  # province codes that have it; empty = every province
    fallback: str | None = None  # who handles its fields where it does not exist


DEPARTMENTS: tuple[Department, ...] = (
    Department("VPUB", "Văn phòng Ủy ban nhân dân {kind}", "văn phòng", 150),
    Department("STP", "Sở Tư pháp", "sở", 3200),
    Department("STC", "Sở Tài chính", "sở", 2600),
    Department("SXD", "Sở Xây dựng", "sở", 1800),
    Department("SNNMT", "Sở Nông nghiệp và Môi trường", "sở", 3600),
    Department("SCT", "Sở Công Thương", "sở", 900),
    Department("SYT", "Sở Y tế", "sở", 1500),
    Department("SGDDT", "Sở Giáo dục và Đào tạo", "sở", 900),
    Department("SNV", "Sở Nội vụ", "sở", 1300),
    Department("SKHCN", "Sở Khoa học và Công nghệ", "sở", 350),
    Department("SVHTTDL", "Sở Văn hóa, Thể thao và Du lịch", "sở", 450),
    Department("SDTTG", "Sở Dân tộc và Tôn giáo", "sở", 80),
    Department("CA", "Công an {kind}", "công an", 5200),
    Department("BQLKCN", "Ban Quản lý các khu công nghiệp", "ban", 300),
    Department("TTR", "Thanh tra {kind}", "thanh tra", 60),
    Department("BCHQS", "Bộ Chỉ huy Quân sự {kind}", "bộ chỉ huy", 40),
    Department("SQHKT", "Sở Quy hoạch - Kiến trúc", "sở", 500, only_in=("01", "79"), fallback="SXD"),
    Department(
        "SDL", "Sở Du lịch", "sở", 250, only_in=("01", "79", "22", "46", "48", "56", "68", "91"), fallback="SVHTTDL"
    ),
    Department(
        "SNGV", "Sở Ngoại vụ", "sở", 120, only_in=("01", "79", "48", "22", "15", "20", "04", "11"), fallback="VPUB"
    ),
)

DEPARTMENT_BY_ABBREV = {d.abbrev: d for d in DEPARTMENTS}


def departments_of(province_code: str) -> tuple[Department, ...]:
    """The departments that exist in ``province_code``."""
    return tuple(d for d in DEPARTMENTS if not d.only_in or province_code in d.only_in)


def handling_department(abbrev: str, province_code: str) -> str:
    """The abbreviation of the department that handles ``abbrev``'s fields in ``province_code``."""
    dept = DEPARTMENT_BY_ABBREV[abbrev]
    while dept.only_in and province_code not in dept.only_in and dept.fallback:
        dept = DEPARTMENT_BY_ABBREV[dept.fallback]
    return dept.abbrev
