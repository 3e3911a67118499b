"""Parsing of cell values: one scalar parser per kind of value (the rule) and a vectorised twin (the speed).

Every input cell arrives as text (CSV), or is turned into text by the reader (JSON numbers, Excel dates), so one
set of rules serves every format. :meth:`ValueType.parse` decides a single cell and explains a refusal in
Vietnamese (it runs inside the pydantic row models); :meth:`ValueType.parse_array` decides a whole column at once
with Arrow compute and NumPy and must agree with ``parse`` cell for cell — a property test holds them together.
Both share the same regular expressions (written for RE2 and Python alike: ASCII digits only, explicit spaces).

Instants: ISO 8601 with or without offset, ``dd/mm/yyyy`` and ``dd/mm/yyyy HH:MM[:SS]``; a value without offset is
Vietnam local time (UTC+7, no daylight saving since 1975). A *deadline* written as a bare date means the end of
that day (23:59:59), since "hẹn trả ngày 15/01" means any time that day.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from chiso.ingest.issues import IssueCode, ValueProblem
from chiso.ingest.text import TRIM_CHARS, fold, trim
from chiso.ingest.vocab import (
    FALSE_KEYS,
    FALSE_SYMBOLS,
    TIME_LIMIT_UNIT,
    TRUE_KEYS,
    TRUE_SYMBOLS,
    Vocabulary,
)
from chiso.timeutil import VN_TZ

TS_TYPE = pa.timestamp("us", tz="UTC")
MIN_YEAR = 1990
MAX_YEAR = 2100
VN_OFFSET_SECONDS = 7 * 3600  # Asia/Ho_Chi_Minh over MIN_YEAR..MAX_YEAR

_TS_BODY = (
    r"(?:(?P<y>[0-9]{4})[-/](?P<m>[0-9]{1,2})[-/](?P<d>[0-9]{1,2})"
    r"|(?P<d2>[0-9]{1,2})[/.-](?P<m2>[0-9]{1,2})[/.-](?P<y2>[0-9]{4}))"
    r"(?:(?:T|[ \t]+)(?P<H>[0-9]{1,2}):(?P<M>[0-9]{2})(?::(?P<S>[0-9]{2})(?:[.,](?P<f>[0-9]{1,9}))?)?"
    r"(?:[ \t]*(?P<z>Z|(?P<zs>[+-])(?P<zh>[0-9]{2})(?::?(?P<zm>[0-9]{2}))?))?)?"
)
_INT_BODY = (
    r"(?P<sign>[+-]?)(?:(?P<plain>[0-9]{1,18})|(?P<gdot>[0-9]{1,3}(?:\.[0-9]{3}){1,5})"
    r"|(?P<gcomma>[0-9]{1,3}(?:,[0-9]{3}){1,5})|(?P<zero>[0-9]{1,18})[.,]0{1,2})"
)
_DURATION_BODY = r"(?P<num>[0-9]{1,9}(?:[.,][0-9]{1,6})?)(?:[ \t]*(?P<unit>[^0-9 \t].*))?"

_TS_RE = re.compile(_TS_BODY, re.ASCII)
_INT_RE = re.compile(_INT_BODY, re.ASCII)
_DURATION_RE = re.compile(_DURATION_BODY, re.ASCII)

TS_FORMATS_VI = "dd/mm/yyyy, dd/mm/yyyy HH:MM[:SS] hoặc ISO 8601 (yyyy-mm-dd[THH:MM[:SS]][+07:00])"

KINDS = ("text", "bool", "int", "duration", "date", "timestamp", "deadline", "vocab")


@dataclass(frozen=True)
class Parsed:
    """A parsed column: ``values`` (nulls where empty or bad), ``bad`` (cells refused), ``extra`` (the unit of
    a duration, when one was written after the number)."""

    values: pa.Array
    bad: np.ndarray
    extra: pa.Array | None = None


@dataclass(frozen=True)
class ValueType:
    """How one column's cells are read. ``parse`` returns ``None`` for an empty cell."""

    kind: str
    vocab: Vocabulary | None = None
    minimum: int | None = None
    maximum: int | None = None
    arrow: pa.DataType | None = None

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown kind {self.kind!r}")
        if (self.kind == "vocab") != (self.vocab is not None):
            raise ValueError("a vocab column needs a vocabulary, and only it")

    @property
    def arrow_type(self) -> pa.DataType:
        """The Arrow type of the parsed values."""
        if self.arrow is not None:
            return self.arrow
        return {
            "text": pa.string(),
            "vocab": pa.string(),
            "bool": pa.bool_(),
            "int": pa.int64(),
            "duration": pa.float64(),
            "date": pa.date32(),
            "timestamp": TS_TYPE,
            "deadline": TS_TYPE,
        }[self.kind]

    def describe_vi(self) -> str:
        """What a cell must look like, in Vietnamese (for the documentation and messages)."""
        return {
            "text": "văn bản",
            "vocab": "một giá trị trong danh mục",
            "bool": "có/không (Có, Không, x, 1, 0, true, false)",
            "int": "số nguyên",
            "duration": "số (có thể kèm đơn vị, ví dụ 15 ngày làm việc)",
            "date": "ngày",
            "timestamp": "ngày giờ",
            "deadline": "ngày giờ (chỉ có ngày = hết ngày đó)",
        }[self.kind]

    # -- one cell ---------------------------------------------------------------------------------------------

    def parse(self, raw: object) -> Any:
        """The value of one cell; ``None`` when empty. Raises :class:`ValueProblem` with a Vietnamese reason."""
        if raw is None:
            return None
        if not isinstance(raw, str):
            raise ValueProblem(IssueCode.INVALID_VALUE, "Giá trị phải là văn bản")
        text = trim(raw)
        if text == "":
            return None
        return _SCALAR[self.kind](self, text)

    # -- a column ---------------------------------------------------------------------------------------------

    def parse_array(self, arr: pa.Array | pa.ChunkedArray) -> Parsed:
        """Parse a whole column of text cells; agrees with :meth:`parse` on every cell."""
        if isinstance(arr, pa.ChunkedArray):
            arr = arr.combine_chunks()
        if arr.type != pa.string():
            arr = arr.cast(pa.string())
        text = pc.utf8_trim(arr, characters=TRIM_CHARS)
        text = pc.if_else(pc.equal(text, ""), pa.scalar(None, pa.string()), text)
        return _VECTOR[self.kind](self, text)


# -- scalar parsers ---------------------------------------------------------------------------------------------


def _scalar_text(vt: ValueType, text: str) -> Any:
    return text


def _scalar_vocab(vt: ValueType, text: str) -> Any:
    assert vt.vocab is not None
    value = vt.vocab.lookup(text)
    if value is None:
        raise ValueProblem(
            IssueCode.NOT_IN_VOCABULARY,
            f"Không thuộc danh mục {vt.vocab.label}; giá trị hợp lệ: {vt.vocab.hint()}",
        )
    return value


def _scalar_bool(vt: ValueType, text: str) -> Any:
    if text in TRUE_SYMBOLS:
        return True
    if text in FALSE_SYMBOLS:
        return False
    key = fold(text)
    if key in TRUE_KEYS:
        return True
    if key in FALSE_KEYS:
        return False
    raise ValueProblem(IssueCode.INVALID_VALUE, "Không phải giá trị có/không (Có, Không, x, 1, 0, true, false)")


def _scalar_int(vt: ValueType, text: str) -> Any:
    m = _INT_RE.fullmatch(text)
    if m is None:
        raise ValueProblem(IssueCode.INVALID_VALUE, "Không phải số nguyên")
    digits = m["plain"] or m["zero"] or (m["gdot"] or "").replace(".", "") or (m["gcomma"] or "").replace(",", "")
    value = int(digits)
    if m["sign"] == "-":
        value = -value
    _check_range(vt, value)
    return value


def _check_range(vt: ValueType, value: int) -> None:
    if vt.minimum is not None and value < vt.minimum:
        raise ValueProblem(IssueCode.INVALID_VALUE, f"Phải lớn hơn hoặc bằng {vt.minimum}")
    if vt.maximum is not None and value > vt.maximum:
        raise ValueProblem(IssueCode.INVALID_VALUE, f"Phải nhỏ hơn hoặc bằng {vt.maximum}")


def _scalar_duration(vt: ValueType, text: str) -> Any:
    m = _DURATION_RE.fullmatch(text)
    if m is None:
        raise ValueProblem(IssueCode.INVALID_VALUE, "Không phải số (ví dụ 15, 0,5 hoặc 15 ngày làm việc)")
    value = float(m["num"].replace(",", "."))
    unit = None
    if m["unit"]:
        unit = TIME_LIMIT_UNIT.lookup(m["unit"])
        if unit is None:
            raise ValueProblem(
                IssueCode.NOT_IN_VOCABULARY,
                f"Đơn vị thời hạn không rõ; dùng: {TIME_LIMIT_UNIT.hint()}",
            )
    return (value, unit)


def _ts_fields(m: re.Match[str]) -> tuple[int, int, int, int, int, int, int, bool]:
    """(year, month, day, hour, minute, second, microsecond, has_time) of a matched instant."""

    def g(name: str) -> str:
        return m[name] or ""

    if g("y"):
        y, mo, d = int(g("y")), int(g("m")), int(g("d"))
    else:
        y, mo, d = int(g("y2")), int(g("m2")), int(g("d2"))
    has_time = bool(g("H"))
    hh = int(g("H") or 0)
    mi = int(g("M") or 0)
    ss = int(g("S") or 0)
    us = int((g("f") + "000000")[:6])
    return (y, mo, d, hh, mi, ss, us, has_time)


def _scalar_instant(vt: ValueType, text: str) -> dt.datetime:
    m = _TS_RE.fullmatch(text)
    if m is None:
        raise ValueProblem(IssueCode.INVALID_VALUE, f"Không đọc được ngày giờ; dùng dạng {TS_FORMATS_VI}")
    y, mo, d, hh, mi, ss, us, has_time = _ts_fields(m)
    if not MIN_YEAR <= y <= MAX_YEAR:
        raise ValueProblem(IssueCode.INVALID_VALUE, f"Năm {y} nằm ngoài khoảng {MIN_YEAR}–{MAX_YEAR}")
    if vt.kind == "deadline" and not has_time:
        hh, mi, ss = 23, 59, 59
    try:
        naive = dt.datetime(y, mo, d, hh, mi, ss, us)
    except ValueError:
        raise ValueProblem(IssueCode.INVALID_VALUE, "Ngày hoặc giờ không tồn tại (ví dụ 31/02 hoặc 25:00)") from None
    tz: dt.tzinfo = VN_TZ
    if m["z"]:
        if m["z"] == "Z":
            tz = dt.UTC
        else:
            zh, zm = int(m["zh"]), int(m["zm"] or 0)
            if zh > 23 or zm > 59:
                raise ValueProblem(IssueCode.INVALID_VALUE, "Múi giờ không hợp lệ")
            delta = dt.timedelta(hours=zh, minutes=zm)
            tz = dt.timezone(-delta if m["zs"] == "-" else delta)
    return naive.replace(tzinfo=tz).astimezone(dt.UTC)


def _scalar_date(vt: ValueType, text: str) -> dt.date:
    m = _TS_RE.fullmatch(text)
    if m is None:
        raise ValueProblem(IssueCode.INVALID_VALUE, f"Không đọc được ngày; dùng dạng {TS_FORMATS_VI}")
    _scalar_instant(ValueType("timestamp"), text)  # validates every part, time and offset included
    # A date is the calendar day as written, whatever time or offset follows it.
    y, mo, d, *_ = _ts_fields(m)
    return dt.date(y, mo, d)


_SCALAR: dict[str, Callable[[ValueType, str], Any]] = {
    "text": _scalar_text,
    "vocab": _scalar_vocab,
    "bool": _scalar_bool,
    "int": _scalar_int,
    "duration": _scalar_duration,
    "timestamp": _scalar_instant,
    "deadline": _scalar_instant,
    "date": _scalar_date,
}


# -- vectorised parsers -----------------------------------------------------------------------------------------


def _np_bool(arr: pa.Array | pa.ChunkedArray) -> np.ndarray:
    """A boolean Arrow array as NumPy, nulls as False."""
    return np.asarray(pc.fill_null(arr, False).to_numpy(zero_copy_only=False), dtype=bool)


def _by_distinct(vt: ValueType, text: pa.Array, out_type: pa.DataType) -> Parsed:
    """Apply the scalar parser once per distinct value: exact, and fast for low-cardinality columns."""
    encoded = pc.dictionary_encode(text)
    if isinstance(encoded, pa.ChunkedArray):
        encoded = encoded.combine_chunks()
    values: list[Any] = []
    bad: list[bool] = []
    for item in encoded.dictionary.to_pylist():
        try:
            values.append(_SCALAR[vt.kind](vt, item))
            bad.append(False)
        except ValueProblem:
            values.append(None)
            bad.append(True)
    extra = None
    if vt.kind == "duration":
        extra_dict = pa.array([v[1] if v else None for v in values], pa.string())
        extra = extra_dict.take(encoded.indices)
        values = [v[0] if v else None for v in values]
    value_dict = pa.array(values, out_type)
    out = value_dict.take(encoded.indices)
    bad_mask = _np_bool(pa.array(bad, pa.bool_()).take(encoded.indices))
    return Parsed(out, bad_mask, extra)


def _vector_text(vt: ValueType, text: pa.Array) -> Parsed:
    return Parsed(text, np.zeros(len(text), dtype=bool))


def _vector_lookup(vt: ValueType, text: pa.Array) -> Parsed:
    return _by_distinct(vt, text, vt.arrow_type)


def _groups(text: pa.Array, body: str) -> tuple[pa.StructArray, np.ndarray]:
    matched = pc.extract_regex(text, f"^{body}$")
    if isinstance(matched, pa.ChunkedArray):
        matched = matched.combine_chunks()
    return matched, _np_bool(matched.is_valid())


def _group_text(groups: pa.StructArray, name: str) -> pa.Array:
    """One capture group as text, "" where absent (RE2 gives "" for a group that did not take part)."""
    return pc.fill_null(groups.field(name), "")


def _group_int(groups: pa.StructArray, name: str) -> np.ndarray:
    text = _group_text(groups, name)
    text = pc.if_else(pc.equal(text, ""), "0", text)
    return np.asarray(text.cast(pa.int64()).to_numpy(zero_copy_only=False), dtype=np.int64)


def _present(groups: pa.StructArray, name: str) -> np.ndarray:
    return _np_bool(pc.not_equal(_group_text(groups, name), ""))


def _vector_int(vt: ValueType, text: pa.Array) -> Parsed:
    groups, matched = _groups(text, _INT_BODY)
    digits = pc.binary_join_element_wise(
        _group_text(groups, "plain"),
        _group_text(groups, "zero"),
        pc.replace_substring(_group_text(groups, "gdot"), ".", ""),
        pc.replace_substring(_group_text(groups, "gcomma"), ",", ""),
        "",
    )
    digits = pc.if_else(pc.equal(digits, ""), "0", digits)
    values = np.asarray(digits.cast(pa.int64()).to_numpy(zero_copy_only=False), dtype=np.int64)
    negative = _np_bool(pc.equal(_group_text(groups, "sign"), "-"))
    values = np.where(negative, -values, values)
    ok = matched.copy()
    if vt.minimum is not None:
        ok &= values >= vt.minimum
    if vt.maximum is not None:
        ok &= values <= vt.maximum
    present = _np_bool(text.is_valid())
    bad = present & ~ok
    out = pa.array(values, pa.int64(), mask=~ok)
    if vt.arrow_type != pa.int64():
        out = out.cast(vt.arrow_type)
    return Parsed(out, bad)


def _vector_duration(vt: ValueType, text: pa.Array) -> Parsed:
    groups, matched = _groups(text, _DURATION_BODY)
    num = pc.replace_substring(_group_text(groups, "num"), ",", ".")
    num = pc.if_else(pc.equal(num, ""), "0", num)
    values = np.asarray(num.cast(pa.float64()).to_numpy(zero_copy_only=False), dtype=np.float64)
    unit_text = _group_text(groups, "unit")
    unit_text = pc.if_else(pc.equal(unit_text, ""), pa.scalar(None, pa.string()), unit_text)
    units = _by_distinct(ValueType("vocab", vocab=TIME_LIMIT_UNIT), unit_text, pa.string())
    ok = matched & ~units.bad
    present = _np_bool(text.is_valid())
    out = pa.array(values, pa.float64(), mask=~ok)
    extra = pc.if_else(pa.array(ok), units.values, pa.scalar(None, pa.string()))
    return Parsed(out, present & ~ok, extra)


def _days_from_civil(y: np.ndarray, m: np.ndarray, d: np.ndarray) -> np.ndarray:
    """Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm), vectorised."""
    y = y - (m <= 2)
    era = np.floor_divide(y, 400)
    yoe = y - era * 400
    mp = np.where(m > 2, m - 3, m + 9)
    doy = (153 * mp + 2) // 5 + d - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return np.asarray(era * 146097 + doe - 719468, dtype=np.int64)


_DAYS_IN_MONTH = np.array([0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31], dtype=np.int64)


def _instant_parts(text: pa.Array) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    groups, matched = _groups(text, _TS_BODY)
    iso = _present(groups, "y")
    parts = {
        "y": np.where(iso, _group_int(groups, "y"), _group_int(groups, "y2")),
        "m": np.where(iso, _group_int(groups, "m"), _group_int(groups, "m2")),
        "d": np.where(iso, _group_int(groups, "d"), _group_int(groups, "d2")),
        "H": _group_int(groups, "H"),
        "M": _group_int(groups, "M"),
        "S": _group_int(groups, "S"),
        "has_time": _present(groups, "H"),
        "zh": _group_int(groups, "zh"),
        "zm": _group_int(groups, "zm"),
        "has_z": _present(groups, "z"),
        "negative_z": _np_bool(pc.equal(_group_text(groups, "zs"), "-")),
    }
    frac = pc.utf8_slice_codeunits(pc.utf8_rpad(_group_text(groups, "f"), 6, "0"), 0, 6)
    parts["us"] = np.asarray(frac.cast(pa.int64()).to_numpy(zero_copy_only=False), dtype=np.int64)
    y, m, d = parts["y"], parts["m"], parts["d"]
    leap = ((y % 4 == 0) & (y % 100 != 0)) | (y % 400 == 0)
    month_ok = (m >= 1) & (m <= 12)
    dim = _DAYS_IN_MONTH[np.clip(m, 0, 12)] + ((m == 2) & leap)
    ok = (
        matched
        & (y >= MIN_YEAR)
        & (y <= MAX_YEAR)
        & month_ok
        & (d >= 1)
        & (d <= dim)
        & (parts["H"] <= 23)
        & (parts["M"] <= 59)
        & (parts["S"] <= 59)
        & (parts["zh"] <= 23)
        & (parts["zm"] <= 59)
    )
    return ok, parts


def _vector_instant(vt: ValueType, text: pa.Array) -> Parsed:
    ok, p = _instant_parts(text)
    hh, mi, ss = p["H"], p["M"], p["S"]
    if vt.kind == "deadline":
        bare = ~p["has_time"]
        hh = np.where(bare, 23, hh)
        mi = np.where(bare, 59, mi)
        ss = np.where(bare, 59, ss)
    offset = np.where(p["has_z"], (p["zh"] * 3600 + p["zm"] * 60) * np.where(p["negative_z"], -1, 1), VN_OFFSET_SECONDS)
    days = _days_from_civil(p["y"], np.clip(p["m"], 1, 12), p["d"])
    seconds = days * 86400 + hh * 3600 + mi * 60 + ss - offset
    micros = seconds * 1_000_000 + p["us"]
    present = _np_bool(text.is_valid())
    out = pa.array(micros, pa.int64(), mask=~ok).cast(TS_TYPE)
    return Parsed(out, present & ~ok)


def _vector_date(vt: ValueType, text: pa.Array) -> Parsed:
    ok, p = _instant_parts(text)
    days = _days_from_civil(p["y"], np.clip(p["m"], 1, 12), p["d"])
    present = _np_bool(text.is_valid())
    out = pa.array(days.astype(np.int32), pa.int32(), mask=~ok).cast(pa.date32())
    return Parsed(out, present & ~ok)


_VECTOR: dict[str, Callable[[ValueType, pa.Array], Parsed]] = {
    "text": _vector_text,
    "vocab": _vector_lookup,
    "bool": _vector_lookup,
    "int": _vector_int,
    "duration": _vector_duration,
    "timestamp": _vector_instant,
    "deadline": _vector_instant,
    "date": _vector_date,
}


def cell_text(value: object) -> str | None:
    """A JSON value or an Excel cell as the text a CSV would hold, so every format goes through the same rules.

    Integral floats lose their ``.0`` (Excel stores every number as a float); an Excel date-time at exactly
    midnight is a date (a date cell), written ``yyyy-mm-dd``; other date-times are ISO 8601."""
    if value is None:
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e18:
            return str(int(value))
        return repr(value)
    if isinstance(value, dt.datetime):
        if value.tzinfo is None and value.time() == dt.time(0, 0):
            return value.date().isoformat()
        return value.isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return json.dumps(value, ensure_ascii=False)
