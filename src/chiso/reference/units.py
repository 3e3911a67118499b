"""Official units: the 34 provinces and 3,321 communes of ``vietnam_provinces`` (2025 codes), plus departments.

Provinces are stored with 2-digit codes ("01"), communes with 5-digit codes ("00070"), departments with
``<province>.<abbreviation>`` ("01.STP"). Tables come out in the canonical columns of
:data:`chiso.store.writer.COLUMNS` ``["units"]``, ready for :func:`chiso.store.writer.write_units`.
"""

from __future__ import annotations

import difflib
import functools
from dataclasses import dataclass

import pyarrow as pa
from vietnam_provinces import Province, Ward

from chiso.errors import ChisoError
from chiso.reference.departments import departments_of
from chiso.reference.text import place_key

UNIT_SCHEMA = pa.schema(
    [
        ("code", pa.string()),
        ("name", pa.string()),
        ("level", pa.string()),
        ("parent_code", pa.string()),
        ("division_type", pa.string()),
        ("e_certified_copy", pa.bool_()),
        ("active", pa.bool_()),
    ]
)

# Names people use that neither the official name nor its unaccented form gives.
_ALIASES = {
    "hcm": "79",
    "tphcm": "79",
    "saigon": "79",
    "hn": "01",
    "thuathienhue": "46",
    "hp": "31",
    "danang": "48",
}


class UnknownProvinceError(ChisoError):
    """A province code or name that matches none of the 34 provinces."""


@dataclass(frozen=True)
class ProvinceInfo:
    """One province: stored code, display name ("Tỉnh Lào Cai", "Thành phố Hà Nội"), short name, type."""

    code: str
    name: str
    short_name: str
    division_type: str  # tỉnh | thành phố
    codename: str

    @property
    def kind(self) -> str:
        """How departments name their province: "tỉnh" or "thành phố"."""
        return self.division_type


def _short(name: str) -> str:
    for prefix in ("Thành phố ", "Tỉnh "):
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


@functools.cache
def provinces() -> tuple[ProvinceInfo, ...]:
    """The 34 provinces, in official code order."""
    out = []
    for p in Province.iter_all():
        city = "thành phố" in str(p.division_type.value)
        short = _short(p.name)
        out.append(
            ProvinceInfo(
                code=f"{int(p.code.value):02d}",
                name=f"Thành phố {short}" if city else f"Tỉnh {short}",
                short_name=short,
                division_type="thành phố" if city else "tỉnh",
                codename=p.codename,
            )
        )
    return tuple(sorted(out, key=lambda x: x.code))


@functools.cache
def _index() -> dict[str, ProvinceInfo]:
    idx: dict[str, ProvinceInfo] = {}
    for p in provinces():
        for key in (place_key(p.short_name), place_key(p.name), place_key(p.codename)):
            idx[key] = p
    by_code = {p.code: p for p in provinces()}
    for alias, code in _ALIASES.items():
        idx.setdefault(alias, by_code[code])
    return idx


def resolve_province(province: str | int) -> ProvinceInfo:
    """The province for a code ("01", "1", 1) or a name with or without diacritics or prefix ("Hà Nội",
    "ha noi", "Thành phố Hà Nội"). Raises :class:`UnknownProvinceError` (Vietnamese, with close matches)."""
    text = str(province).strip()
    by_code = {p.code: p for p in provinces()}
    if text.isdigit():
        code = f"{int(text):02d}"
        if code in by_code:
            return by_code[code]
        valid = ", ".join(by_code)
        raise UnknownProvinceError(f"Không có tỉnh, thành phố mã {text}. Mã hợp lệ (sau sắp xếp năm 2025): {valid}.")
    key = place_key(text)
    found = _index().get(key)
    if found is not None and key:
        return found
    folded = {place_key(p.short_name): p for p in provinces()}
    close = difflib.get_close_matches(key, list(folded), n=4, cutoff=0.6)
    # A partial name ("Lao") is also a hint worth offering.
    close += [k for k in folded if key and key in k and k not in close][: max(0, 4 - len(close))]
    if close:
        hints = ", ".join(f"{folded[k].short_name} ({folded[k].code})" for k in close)
        raise UnknownProvinceError(f"Không tìm thấy tỉnh, thành phố «{text}». Có phải bạn muốn: {hints}?")
    raise UnknownProvinceError(
        f"Không tìm thấy tỉnh, thành phố «{text}». Hãy nhập mã 2 chữ số (ví dụ 15) hoặc tên sau sắp xếp năm 2025 "
        f"(ví dụ Lào Cai, Thành phố Hà Nội); các tỉnh: " + ", ".join(p.short_name for p in provinces()) + "."
    )


@functools.cache
def _wards_by_province() -> dict[str, tuple[tuple[str, str, str], ...]]:
    grouped: dict[str, list[tuple[str, str, str]]] = {}
    for w in Ward.iter_all():
        prov = f"{int(w.province_code.value):02d}"
        grouped.setdefault(prov, []).append((f"{int(w.code.value):05d}", w.name, str(w.division_type.value)))
    return {k: tuple(sorted(v)) for k, v in grouped.items()}


def communes_of(province: str | int) -> tuple[tuple[str, str, str], ...]:
    """(code, name, division type) of every commune, ward and special zone of the province, by code."""
    return _wards_by_province()[resolve_province(province).code]


def province_units(province: str | int) -> pa.Table:
    """The province row, its communes/wards/special zones (level "commune") and its departments (level
    "department"), in the canonical unit columns. Flags are defaults (no electronic certified copies)."""
    p = resolve_province(province)
    codes = [p.code]
    names = [p.name]
    levels = ["province"]
    parents: list[str | None] = [None]
    types = [p.division_type]
    for d in departments_of(p.code):
        codes.append(f"{p.code}.{d.abbrev}")
        names.append(d.name.format(kind=p.kind))
        levels.append("department")
        parents.append(p.code)
        types.append(d.division_type)
    for code, name, kind in communes_of(p.code):
        codes.append(code)
        names.append(name)
        levels.append("commune")
        parents.append(p.code)
        types.append(kind)
    n = len(codes)
    return pa.table(
        {
            "code": codes,
            "name": names,
            "level": levels,
            "parent_code": parents,
            "division_type": types,
            "e_certified_copy": [False] * n,
            "active": [True] * n,
        },
        schema=UNIT_SCHEMA,
    )


def country_units() -> pa.Table:
    """:func:`province_units` of all 34 provinces, concatenated."""
    return pa.concat_tables([province_units(p.code) for p in provinces()])
