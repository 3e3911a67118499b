"""Reference data: the 34 provinces and 3,321 communes of 2025 (spec §4), departments, and the TTHC name lists."""

from __future__ import annotations

import re

import pytest

from chiso.errors import ChisoError
from chiso.reference import (
    DEPARTMENTS,
    UnknownProvinceError,
    country_units,
    procedure_templates,
    province_units,
    provinces,
    resolve_province,
)
from chiso.reference.text import fold


def test_there_are_34_provinces_with_two_digit_codes() -> None:
    """Spec §4: since 1 July 2025, 34 provinces; stored with 2-digit codes."""
    codes = [p.code for p in provinces()]
    assert len(codes) == 34
    assert all(re.fullmatch(r"\d{2}", c) for c in codes)
    assert "01" in codes and "79" in codes


@pytest.mark.parametrize("province", provinces(), ids=lambda p: p.code)
def test_every_province_resolves_by_code_and_by_name(province) -> None:  # type: ignore[no-untyped-def]
    """Code with or without the leading zero, name with or without diacritics or administrative prefix."""
    assert resolve_province(province.code) is province
    assert resolve_province(str(int(province.code))) is province
    assert resolve_province(int(province.code)) is province
    assert resolve_province(province.name) is province
    assert resolve_province(province.short_name) is province
    assert resolve_province(fold(province.short_name)) is province
    assert resolve_province(province.short_name.upper()) is province


@pytest.mark.parametrize(
    ("text", "code"),
    [("Hà Nội", "01"), ("ha noi", "01"), ("Thành phố Hà Nội", "01"), ("Lào Cai", "15"), ("tp hcm", "79"),
     ("Huế", "46"), ("Đắk Lắk", "66"), ("dak lak", "66"), ("tỉnh Cà Mau", "96")],
)  # fmt: skip
def test_common_spellings_resolve(text: str, code: str) -> None:
    """The spellings people type, as in the brief."""
    assert resolve_province(text).code == code


def test_unknown_name_lists_close_matches_in_vietnamese() -> None:
    """An unknown province is a user error (ChisoError) that suggests the nearest names with their codes."""
    with pytest.raises(UnknownProvinceError) as info:
        resolve_province("Lao Cay")
    message = str(info.value)
    assert isinstance(info.value, ChisoError)
    assert "Không tìm thấy tỉnh, thành phố" in message
    assert "Lào Cai (15)" in message


def test_unknown_code_lists_valid_codes() -> None:
    """Old (pre-2025) codes such as 02 (Hà Giang) are refused with the list of valid codes."""
    with pytest.raises(UnknownProvinceError, match="Mã hợp lệ") as info:
        resolve_province("02")
    assert "01, 04, 08" in str(info.value)


def test_nonsense_lists_every_province() -> None:
    """With nothing close, the message lists the 34 names."""
    with pytest.raises(UnknownProvinceError) as info:
        resolve_province("xyzxyz")
    assert "Cà Mau" in str(info.value) and "Hà Nội" in str(info.value)


def test_province_units_holds_the_province_its_communes_and_departments() -> None:
    """Lai Châu: its real wards/communes (5-digit codes) and departments "<prov>.<ABBR>" under the province."""
    table = province_units("Lai Châu").to_pylist()
    province = [u for u in table if u["level"] == "province"]
    communes = [u for u in table if u["level"] == "commune"]
    departments = [u for u in table if u["level"] == "department"]
    assert province == [
        {
            "code": "12",
            "name": "Tỉnh Lai Châu",
            "level": "province",
            "parent_code": None,
            "division_type": "tỉnh",
            "e_certified_copy": False,
            "active": True,
        }
    ]
    assert len(communes) == 38
    assert all(re.fullmatch(r"\d{5}", u["code"]) and u["parent_code"] == "12" for u in communes)
    assert {u["division_type"] for u in communes} <= {"xã", "phường", "đặc khu"}
    assert any(u["name"].startswith("Phường ") for u in communes)
    names = {u["code"]: u["name"] for u in departments}
    assert names["12.STP"] == "Sở Tư pháp"
    assert names["12.CA"] == "Công an tỉnh"
    assert names["12.VPUB"] == "Văn phòng Ủy ban nhân dân tỉnh"
    assert 15 <= len(departments) <= 20
    assert all(u["parent_code"] == "12" for u in departments)


def test_cities_name_their_departments_as_cities() -> None:
    """Hà Nội is a thành phố: "Công an thành phố", and it keeps Sở Quy hoạch - Kiến trúc."""
    names = {u["code"]: u["name"] for u in province_units("01").to_pylist()}
    assert names["01"] == "Thành phố Hà Nội"
    assert names["01.CA"] == "Công an thành phố"
    assert names["01.SQHKT"] == "Sở Quy hoạch - Kiến trúc"


def test_country_units_cover_3321_communes() -> None:
    """Spec §4: 3,321 communes/wards/special zones, codes unique across the country."""
    table = country_units()
    levels = table.column("level").to_pylist()
    codes = table.column("code").to_pylist()
    assert levels.count("province") == 34
    assert levels.count("commune") == 3321
    assert len(set(codes)) == len(codes)


def test_tthc_templates_are_hundreds_with_national_looking_codes() -> None:
    """Hundreds of province-level TTHC and 100–300 commune-level ones; codes like 1.001193, unique."""
    templates = procedure_templates()
    province = [t for t in templates if t.level == "province"]
    commune = [t for t in templates if t.level == "commune"]
    assert len(province) >= 300
    assert 100 <= len(commune) <= 300
    codes = [t.code for t in templates]
    assert len(set(codes)) == len(codes)
    assert all(re.fullmatch(r"[123]\.\d{6}", c) for c in codes)
    abbrevs = {d.abbrev for d in DEPARTMENTS}
    assert all(t.department in abbrevs for t in province)
    assert all(t.department is None for t in commune)


def test_tthc_templates_carry_realistic_attributes() -> None:
    """Known names are present; limits in working days mostly, some in days or hours; some fees, some offline."""
    templates = procedure_templates()
    names = {t.name for t in templates}
    for name in ("Đăng ký khai sinh", "Đăng ký kết hôn", "Cấp bản sao trích lục hộ tịch", "Chứng thực di chúc"):
        assert name in names
    units = [t.time_limit_unit for t in templates]
    assert units.count("working_day") > len(units) / 2
    assert "day" in units and "hour" in units
    assert any(t.fee > 0 for t in templates) and any(t.fee == 0 for t in templates)
    assert any(not t.issues_result for t in templates)
    assert {t.applicant_type for t in templates} == {"citizen", "business", "both"}
    assert {t.online_cap for t in templates} == {"full", "partial", "none"}


def test_templates_are_stable_data() -> None:
    """The national list does not depend on any seed: two reads are the same objects' values."""
    procedure_templates.cache_clear()
    first = procedure_templates()
    procedure_templates.cache_clear()
    assert procedure_templates() == first
