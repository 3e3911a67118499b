"""Per-unit report profiles: who issues a report, its number, place, signer and recipients.

Nothing about a unit's paperwork is written in code. The defaults (``assets/profile-defaults.toml``) derive every
field from the unit's name, level and division type ("Xã Lục Bình" → "ỦY BAN NHÂN DÂN / XÃ LỤC BÌNH", place
"Lục Bình", "TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH"); a user's profile file (TOML or JSON) overrides any field for every
unit (``[defaults]``) or for one unit (``[units."05443"]``)::

    [defaults]
    legal_basis = ["Thực hiện Quyết định số 766/QĐ-TTg …;", "Thực hiện Kế hoạch số 12/KH-UBND …;"]

    [units."05443"]
    document_number = "125"
    signer_name = "Nguyễn Văn An"
    signature_title = ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
"""

from __future__ import annotations

import functools
import json
import string
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from chiso.errors import ChisoError

if TYPE_CHECKING:
    from chiso.store.db import Store

# Fields a profile may set, and whether each is a list of lines.
PROFILE_FIELDS: dict[str, bool] = {
    "issuing_parent": False,
    "issuing_body": True,
    "short_name": False,
    "place": False,
    "document_number": False,
    "symbol": False,
    "signature_title": True,
    "signer_name": False,
    "recipients": True,
    "legal_basis": True,
    "peers_label": False,
}


class ProfileError(ChisoError):
    """A profile file that cannot be read or has unknown keys."""


class UnknownReportUnitError(ChisoError):
    """A unit code that is not in the store."""


@dataclass(frozen=True)
class UnitRef:
    """What a report needs to know about a unit to name it: its own and its province's names and types."""

    code: str
    name: str
    level: str
    division_type: str | None
    parent_code: str | None
    province_code: str | None
    province_name: str | None
    province_division_type: str | None

    @property
    def abbrev(self) -> str:
        """The part of a chiso-made department code after the province ("19.STP" → "STP")."""
        return self.code.split(".", 1)[1] if "." in self.code else self.code


@dataclass(frozen=True)
class UnitProfile:
    """Everything in a report that is about the issuing unit rather than its figures."""

    unit_code: str
    issuing_parent: str
    issuing_body: tuple[str, ...]
    short_name: str
    place: str
    document_number: str
    symbol: str
    signature_title: tuple[str, ...]
    signer_name: str
    recipients: tuple[str, ...]
    legal_basis: tuple[str, ...]
    peers_label: str = ""

    @property
    def number_line(self) -> str:
        """``Số: 125/BC-UBND``; with no number, the blank the clerk (văn thư) fills in when registering it."""
        number = self.document_number.strip() or "\u00a0" * 6
        return f"Số: {number}/{self.symbol}"


def unit_ref(store: Store, code: str) -> UnitRef:
    """Names and types of ``code`` and of its province (the root of its tree)."""
    row = store.con.execute(
        """
        SELECT u.code, u.name, u.level, u.division_type, u.parent_code, r.code, r.name, r.division_type
        FROM units u LEFT JOIN units r ON r.code = u.root_code
        WHERE u.code = ?
        """,
        [code],
    ).fetchone()
    if row is None:
        raise UnknownReportUnitError(f"Không có đơn vị mã '{code}' trong cơ sở dữ liệu.")
    return UnitRef(*row)


@functools.cache
def _defaults() -> dict[str, Any]:
    raw = resources.files("chiso.report").joinpath("assets/profile-defaults.toml").read_bytes()
    return tomllib.loads(raw.decode("utf-8"))


def _strip_prefix(name: str, prefixes: list[str]) -> str:
    for prefix in prefixes:
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def template_values(ref: UnitRef) -> dict[str, str]:
    """The values profile templates may use ({name}, {place}, {PROVINCE} …) for ``ref``."""
    prefixes: list[str] = _defaults()["place_prefixes"]
    province = ref.province_name or ref.name
    province_kind = (ref.province_division_type or "tỉnh").lower()
    kind = (ref.division_type or "").lower() or _lower_first(ref.name.split(" ")[0])
    return {
        "name": ref.name,
        "name_lc": _lower_first(ref.name),
        "NAME": ref.name.upper(),
        "place": _strip_prefix(ref.name, prefixes),
        "kind": kind,
        "abbrev": ref.abbrev,
        "province": province,
        "province_lc": _lower_first(province),
        "PROVINCE": province.upper(),
        "province_kind": province_kind,
        "province_place": _strip_prefix(province, prefixes),
    }


def _expand(value: str, values: Mapping[str, str], where: str) -> str:
    try:
        return string.Formatter().vformat(value, (), values)
    except (KeyError, IndexError, ValueError) as exc:
        known = ", ".join("{" + k + "}" for k in values)
        raise ProfileError(
            f"{where}: mẫu «{value}» dùng biến không hợp lệ ({exc}); các biến được dùng: {known}."
        ) from exc


def _as_lines(value: Any, where: str) -> tuple[str, ...]:
    if isinstance(value, str):
        return tuple(line for line in value.splitlines() if line.strip()) or ("",)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(value)
    raise ProfileError(f"{where}: phải là chuỗi hoặc danh sách chuỗi (đang là {value!r}).")


@dataclass(frozen=True)
class ProfileBook:
    """The profiles of a file: values for every unit and for single units (unit code → fields)."""

    defaults: Mapping[str, Any]
    units: Mapping[str, Mapping[str, Any]]
    source: str = "<mặc định>"

    @classmethod
    def empty(cls) -> ProfileBook:
        """No overrides: every unit gets the derived defaults."""
        return cls({}, {})

    def for_unit(self, ref: UnitRef) -> UnitProfile:
        """The profile of ``ref``: built-in defaults for its level and division type, then the file's
        ``[defaults]``, then its ``[units."<code>"]``; templates expanded."""
        base = _defaults()
        fields: dict[str, Any] = {"document_number": "", "signer_name": "", "legal_basis": base["legal_basis"]}
        fields.update(base["levels"].get(ref.level, base["levels"]["commune"]))
        if ref.level == "department":
            fields.update(base.get("division_types", {}).get((ref.division_type or "").lower(), {}))
        fields.update(self.defaults)
        fields.update(self.units.get(ref.code, {}))
        values = template_values(ref)
        peers_label = fields.get("peers_label") or ""
        out: dict[str, Any] = {}
        for key, is_list in PROFILE_FIELDS.items():
            where = f"{self.source}: đơn vị {ref.code}, khóa '{key}'"
            raw = fields.get(key, [] if is_list else "")
            if is_list:
                out[key] = tuple(_expand(v, values, where) for v in _as_lines(raw, where))
            else:
                if not isinstance(raw, str | int):
                    raise ProfileError(f"{where}: phải là chuỗi (đang là {raw!r}).")
                out[key] = _expand(str(raw), values, where)
        out["peers_label"] = peers_label
        return UnitProfile(unit_code=ref.code, **out)


def peer_label(levels_or_types: list[str]) -> str:
    """How a report names a unit's peers: "xã, phường" from the division types (or levels) present among them."""
    names: dict[str, str] = _defaults()["peer_names"]
    order = list(names)
    seen = sorted({t.lower() for t in levels_or_types if t.lower() in names}, key=order.index)
    words: list[str] = []
    for t in seen:
        if names[t] not in words:
            words.append(names[t])
    return ", ".join(words) or "đơn vị"


def _check_fields(table: Any, where: str) -> dict[str, Any]:
    if not isinstance(table, dict):
        raise ProfileError(f"{where}: phải là một bảng khóa = giá trị.")
    unknown = sorted(set(table) - set(PROFILE_FIELDS))
    if unknown:
        raise ProfileError(
            f"{where}: khóa không được hỗ trợ: {', '.join(unknown)} (cho phép: {', '.join(PROFILE_FIELDS)})."
        )
    return dict(table)


def parse_profiles(data: Any, source: str) -> ProfileBook:
    """Validate a profile document (``{"defaults": {...}, "units": {"<code>": {...}}}``)."""
    if not isinstance(data, dict):
        raise ProfileError(f"{source}: tệp hồ sơ đơn vị phải chứa một bảng.")
    unknown = sorted(set(data) - {"defaults", "units"})
    if unknown:
        raise ProfileError(f"{source}: khóa không được hỗ trợ: {', '.join(unknown)} (cho phép: defaults, units).")
    defaults = _check_fields(data.get("defaults", {}), f"{source} [defaults]")
    units_raw = data.get("units", {})
    if not isinstance(units_raw, dict):
        raise ProfileError(f'{source}: [units] phải là các bảng [units."<mã đơn vị>"].')
    units = {str(code): _check_fields(t, f'{source} [units."{code}"]') for code, t in units_raw.items()}
    return ProfileBook(defaults, units, source)


def load_profiles(path: str | Path | None) -> ProfileBook:
    """Read a profile file (``.toml`` or ``.json``); ``None`` gives the derived defaults only."""
    if path is None:
        return ProfileBook.empty()
    p = Path(path)
    try:
        raw = p.read_bytes()
    except FileNotFoundError as exc:
        raise ProfileError(f"Không tìm thấy tệp hồ sơ đơn vị '{p}'.") from exc
    except OSError as exc:
        raise ProfileError(f"Không đọc được tệp hồ sơ đơn vị '{p}': {exc}.") from exc
    try:
        text = raw.decode("utf-8")
        data = json.loads(text) if p.suffix.lower() == ".json" else tomllib.loads(text)
    except UnicodeDecodeError as exc:
        raise ProfileError(f"{p}: tệp phải mã hóa UTF-8.") from exc
    except json.JSONDecodeError as exc:
        raise ProfileError(f"{p}: JSON sai cú pháp ở dòng {exc.lineno}, cột {exc.colno}: {exc.msg}.") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ProfileError(f"{p}: TOML sai cú pháp: {exc}.") from exc
    return parse_profiles(data, str(p))
