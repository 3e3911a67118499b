"""Loading and validating a methodology catalogue (``<id>.toml``): the index as data.

A catalogue declares the groups, the indicators (with their per-level rules), the classification bands, the rounding,
the ranking tie-break and the settings of the counting rules. Nothing in chiso's scoring code names an indicator:
everything it needs is read from here. Loading checks the file as a whole and reports every problem at once, each
with the file and the key at fault, in Vietnamese (the people who correct these files are the index's users).
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from types import MappingProxyType
from typing import Any

from chiso.errors import ChisoError

DEFAULT_METHODOLOGY = "dvcqg-2026"

# The unit levels a catalogue may name (the same vocabulary as the store's units.level).
KNOWN_LEVELS = ("ministry", "province", "department", "district", "commune")
# What an empty denominator gives: no value (0 points), 0 points, or the full points.
EMPTY_RULES = ("null", "zero", "full")
# What an item that does not apply to a level gives: no value (0 points) or the full points.
NOT_APPLICABLE_RULES = ("null", "full")
CONFIDENCES = ("firm", "likely", "open")
ROUNDING_MODES = ("half_up", "half_even")
# The counting keys the engine (chiso.compute.metrics) knows how to count. A catalogue can only use these; a new
# kind of count needs engine code, a new combination of existing counts does not.
COUNTING_KEYS = (
    "procedures_published_on_time",
    "procedures_public_on_time",
    "procedures_content_full",
    "dossiers_synced",
    "dossiers_on_time",
    "procedures_online",
    "procedures_full_online",
    "online_procedures_with_online_dossier",
    "dossiers_online",
    "fee_dossiers_paid_online",
    "fee_procedures_with_online_payment",
    "fee_procedures_integrated",
    "petitions_on_time",
    "petitions_satisfied",
    "dossiers_satisfied",
    "result_dossiers_with_e_result",
    "dossiers_digitised",
    "communes_e_certified_copy",
    "dossiers_reused_data",
    "dossiers_personal_storage",
    "dossiers_citizen_data",
    "citizen_procedures_with_citizen_data",
)
SUPPORTED_SCHEMA = 1

_TOP_KEYS = {
    "schema",
    "id",
    "version",
    "title",
    "valid_from",
    "valid_until",
    "source",
    "levels",
    "scoring",
    "ranking",
    "groups",
    "indicators",
    "bands",
    "settings",
    "open_questions",
}
_INDICATOR_KEYS = {
    "code",
    "group",
    "name",
    "max_points",
    "threshold",
    "empty_rule",
    "counting",
    "numerator",
    "denominator",
    "source",
    "confidence",
    "levels",
}
_LEVEL_KEYS = {"applies", "not_applicable", "threshold", "counting", "empty_rule", "confidence", "note"}
_GROUP_KEYS = {"code", "name", "max_points"}
_BAND_KEYS = {"code", "name", "min", "max", "confidence"}
_QUESTION_KEYS = {"number", "question", "choice"}
_SCORING_KEYS = {"decimals", "rounding", "not_applicable"}
_RANKING_KEYS = {"tie_break"}
TIE_BREAK_ID = "id"

# Vietnamese labels of the coded values, shared by the CLI, reports and web pages.
EMPTY_RULE_VI = {"null": "không có giá trị (0 điểm)", "zero": "0 điểm", "full": "đủ điểm"}
NOT_APPLICABLE_VI = {"null": "không áp dụng (0 điểm)", "full": "không áp dụng (đủ điểm)"}
CONFIDENCE_VI = {"firm": "đã kiểm chứng", "likely": "có tài liệu, chưa kiểm đủ", "open": "chưa rõ, chiso tự chọn"}


class MethodologyError(ChisoError):
    """A methodology that cannot be found or does not validate; ``problems`` lists (key, message) pairs."""

    def __init__(self, message: str, *, file: str | None = None, problems: Sequence[tuple[str, str]] = ()) -> None:
        super().__init__(message)
        self.file = file
        self.problems = list(problems)


@dataclass(frozen=True)
class Group:
    """One of the six groups (CKMB, TDGQ, …) with its Vietnamese name and maximum."""

    code: str
    name: str
    max_points: float


@dataclass(frozen=True)
class ResolvedRule:
    """How an indicator is scored for one unit level, after the level's overrides are applied."""

    applies: bool
    not_applicable: str
    threshold: float
    counting: str
    empty_rule: str
    confidence: str = "firm"
    note: str | None = None


@dataclass(frozen=True)
class Indicator:
    """One scored indicator of spec §2, as the catalogue declares it."""

    code: str
    group: str
    name: str
    max_points: float
    threshold: float
    empty_rule: str
    counting: str
    numerator_text: str
    denominator_text: str
    source: str
    confidence: str
    levels: Mapping[str, ResolvedRule]

    def rule_for(self, level: str) -> ResolvedRule:
        """The rule for units of ``level`` (raises :class:`MethodologyError` for a level the catalogue lacks)."""
        try:
            return self.levels[level]
        except KeyError:
            known = ", ".join(self.levels)
            raise MethodologyError(
                f"Cấp đơn vị '{level}' không có trong phương pháp tính (chỉ tiêu {self.code}); các cấp: {known}."
            ) from None

    def overridden_levels(self) -> dict[str, ResolvedRule]:
        """The levels whose rule differs from the indicator's default (for display)."""
        default = (True, self.threshold, self.counting, self.empty_rule)
        return {
            level: rule
            for level, rule in self.levels.items()
            if (rule.applies, rule.threshold, rule.counting, rule.empty_rule) != default or rule.note
        }


@dataclass(frozen=True)
class Band:
    """A classification band: ``min ≤ total < max`` (the top band also includes its ``max``)."""

    code: str
    name: str
    min: float
    max: float
    confidence: str


@dataclass(frozen=True)
class OpenQuestion:
    """An open question of the spec (§6) and what the catalogue chose meanwhile."""

    number: int
    question: str
    choice: str


@dataclass(frozen=True, eq=False)
class Methodology:
    """A loaded, validated catalogue. Immutable; share it freely (hashable by identity, so it can key caches)."""

    id: str
    version: str
    title: str
    valid_from: dt.date
    groups: tuple[Group, ...]
    indicators: tuple[Indicator, ...]
    bands: tuple[Band, ...]
    decimals: int
    tie_break: tuple[str, ...]
    settings: Mapping[str, Any]
    open_questions: tuple[OpenQuestion, ...]
    source: str
    levels: Mapping[str, str] = field(default_factory=dict)
    rounding: str = "half_up"
    not_applicable: str = "null"
    valid_until: dt.date | None = None
    path: str = ""

    def group(self, code: str) -> Group:
        """The group with ``code``."""
        for g in self.groups:
            if g.code == code:
                return g
        raise MethodologyError(f"Không có nhóm chỉ số '{code}' trong phương pháp {self.id}.")

    def indicator(self, code: str) -> Indicator:
        """The indicator with ``code``."""
        for ind in self.indicators:
            if ind.code == code:
                return ind
        known = ", ".join(i.code for i in self.indicators)
        raise MethodologyError(f"Không có chỉ tiêu '{code}' trong phương pháp {self.id}; các chỉ tiêu: {known}.")

    def indicators_of(self, group: str) -> tuple[Indicator, ...]:
        """The indicators of ``group``, in catalogue order."""
        return tuple(i for i in self.indicators if i.group == group)

    def classify(self, total: float) -> Band:
        """The band ``total`` falls in (bands are contiguous over 0–100; the top one includes 100)."""
        top = max(self.bands, key=lambda b: b.max)
        for band in self.bands:
            if band.min <= total < band.max or (band is top and total == band.max):
                return band
        raise MethodologyError(f"Tổng điểm {total} nằm ngoài thang xếp loại 0–100 của phương pháp {self.id}.")

    def level_name(self, level: str) -> str:
        """The Vietnamese name of a unit level (the code itself when the catalogue has none)."""
        return self.levels.get(level, level)

    def to_dict(self) -> dict[str, Any]:
        """The catalogue as plain JSON-ready data (``chiso methodology show --json``)."""
        return {
            "id": self.id,
            "version": self.version,
            "title": self.title,
            "valid_from": self.valid_from.isoformat(),
            "valid_until": None if self.valid_until is None else self.valid_until.isoformat(),
            "source": self.source,
            "levels": dict(self.levels),
            "scoring": {"decimals": self.decimals, "rounding": self.rounding, "not_applicable": self.not_applicable},
            "ranking": {"tie_break": list(self.tie_break)},
            "groups": [{"code": g.code, "name": g.name, "max_points": g.max_points} for g in self.groups],
            "indicators": [
                {
                    "code": i.code,
                    "group": i.group,
                    "name": i.name,
                    "max_points": i.max_points,
                    "threshold": i.threshold,
                    "empty_rule": i.empty_rule,
                    "counting": i.counting,
                    "numerator": i.numerator_text,
                    "denominator": i.denominator_text,
                    "source": i.source,
                    "confidence": i.confidence,
                    "levels": {
                        level: {
                            "applies": r.applies,
                            "not_applicable": r.not_applicable,
                            "threshold": r.threshold,
                            "counting": r.counting,
                            "empty_rule": r.empty_rule,
                            "confidence": r.confidence,
                            "note": r.note,
                        }
                        for level, r in i.levels.items()
                    },
                }
                for i in self.indicators
            ],
            "bands": [
                {"code": b.code, "name": b.name, "min": b.min, "max": b.max, "confidence": b.confidence}
                for b in self.bands
            ],
            "settings": _thaw(self.settings),
            "open_questions": [
                {"number": q.number, "question": q.question, "choice": q.choice} for q in self.open_questions
            ],
        }


# ----------------------------------------------------------------------------------------------------------------
# Finding catalogues


def _packaged() -> dict[str, Traversable]:
    root = resources.files("chiso.methodology")
    return {p.name[: -len(".toml")]: p for p in root.iterdir() if p.name.endswith(".toml")}


def available_methodologies() -> list[str]:
    """Ids of the catalogues shipped with chiso, sorted (e.g. ``["dvcqg-2025", "dvcqg-2026"]``)."""
    return sorted(_packaged())


def load_methodology(name_or_path: str | Path = DEFAULT_METHODOLOGY) -> Methodology:
    """Load and validate a catalogue: a shipped id (``"dvcqg-2026"``) or a path to a ``.toml`` file.

    Raises :class:`MethodologyError` (Vietnamese message naming the file and every offending key)."""
    if isinstance(name_or_path, str) and name_or_path in _packaged():
        return _load_packaged(name_or_path)
    path = Path(name_or_path)
    if path.suffix == ".toml" or path.exists():
        if not path.is_file():
            raise MethodologyError(f"Không tìm thấy tệp phương pháp tính '{path}'.", file=str(path))
        return _parse_bytes(path.read_bytes(), str(path))
    known = ", ".join(available_methodologies())
    raise MethodologyError(
        f"Không có phương pháp tính '{name_or_path}'. Các phương pháp có sẵn: {known}; hoặc chỉ đường dẫn tệp .toml."
    )


def methodology_for(day: dt.date) -> Methodology:
    """The shipped catalogue in force on ``day``: the latest ``valid_from`` not after it (for reports of old
    periods, e.g. 2023 data → dvcqg-2025)."""
    loaded = [load_methodology(name) for name in available_methodologies()]
    candidates = [m for m in loaded if m.valid_from <= day and (m.valid_until is None or day <= m.valid_until)]
    if not candidates:
        raise MethodologyError(f"Không có phương pháp tính nào áp dụng cho ngày {day.isoformat()}.")
    return max(candidates, key=lambda m: m.valid_from)


@functools.cache
def _load_packaged(name: str) -> Methodology:
    # Shipped files never change while chiso runs, and the engine resolves the methodology on every query.
    resource = _packaged()[name]
    return _parse_bytes(resource.read_bytes(), f"{name}.toml")


def parse_methodology(text: str, file: str = "<văn bản>") -> Methodology:
    """Validate a catalogue given as TOML text (``file`` names it in error messages)."""
    return _parse_bytes(text.encode("utf-8"), file)


# ----------------------------------------------------------------------------------------------------------------
# Validation


class _Problems:
    """Collects every problem of a file so that one load reports them all."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.items: list[tuple[str, str]] = []

    def add(self, key: str, message: str) -> None:
        self.items.append((key, message))

    def raise_if_any(self) -> None:
        if not self.items:
            return
        lines = "\n".join(f"  - khóa '{k}': {m}" for k, m in self.items)
        raise MethodologyError(
            f"Tệp phương pháp tính {self.file} không hợp lệ ({len(self.items)} lỗi):\n{lines}",
            file=self.file,
            problems=self.items,
        )


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _exact(value: float) -> Fraction:
    # Through the decimal text so that 0.8 means 4/5, as the file's author wrote it.
    return Fraction(str(value))


class _Reader:
    """Typed access to a TOML table with problems recorded under dotted key paths."""

    def __init__(self, problems: _Problems) -> None:
        self.p = problems

    def table(self, value: object, key: str) -> dict[str, Any]:
        if isinstance(value, dict):
            return value
        self.p.add(key, "phải là một bảng (table).")
        return {}

    def tables(self, data: Mapping[str, Any], key: str, path: str) -> list[dict[str, Any]]:
        value = data.get(key)
        if value is None:
            self.p.add(path, f"thiếu (phải có ít nhất một mục {key}).")
            return []
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            self.p.add(path, f"phải là một danh sách các bảng {key}.")
            return []
        return value

    def unknown(self, data: Mapping[str, Any], allowed: set[str], path: str) -> None:
        for k in data:
            if k not in allowed:
                self.p.add(
                    f"{path}.{k}" if path else k, f"khóa không được hỗ trợ (cho phép: {', '.join(sorted(allowed))})."
                )

    def text(self, data: Mapping[str, Any], key: str, path: str, *, required: bool = True) -> str:
        value = data.get(key)
        if value is None:
            if required:
                self.p.add(path, "thiếu.")
            return ""
        if not isinstance(value, str) or not value.strip():
            self.p.add(path, "phải là một chuỗi không rỗng.")
            return ""
        return value

    def number(self, data: Mapping[str, Any], key: str, path: str, *, required: bool = True) -> float | None:
        value = data.get(key)
        if value is None:
            if required:
                self.p.add(path, "thiếu.")
            return None
        if not _is_number(value):
            self.p.add(path, f"phải là một số (đang là {value!r}).")
            return None
        return float(value)

    def choice(self, data: Mapping[str, Any], key: str, path: str, allowed: Sequence[str], default: str | None) -> str:
        value = data.get(key, default)
        if value is None:
            self.p.add(path, f"thiếu (một trong: {', '.join(allowed)}).")
            return allowed[0]
        if value not in allowed:
            self.p.add(path, f"giá trị '{value}' không hợp lệ (một trong: {', '.join(allowed)}).")
            return allowed[0]
        return str(value)

    def date(self, data: Mapping[str, Any], key: str, path: str, *, required: bool = True) -> dt.date | None:
        value = data.get(key)
        if value is None:
            if required:
                self.p.add(path, "thiếu (ngày dạng 2026-01-01).")
            return None
        if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
            self.p.add(path, f"phải là một ngày dạng 2026-01-01 (đang là {value!r}).")
            return None
        return value

    def threshold(self, value: object, path: str) -> float:
        if not _is_number(value) or not 0 < float(value) <= 1:  # type: ignore[arg-type]
            self.p.add(path, f"ngưỡng T phải là một số trong (0, 1] (đang là {value!r}).")
            return 1.0
        return float(value)  # type: ignore[arg-type]


def _parse_bytes(raw: bytes, file: str) -> Methodology:
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise MethodologyError(f"Tệp phương pháp tính {file} không phải văn bản UTF-8 ({exc}).", file=file) from exc
    except tomllib.TOMLDecodeError as exc:
        raise MethodologyError(f"Tệp phương pháp tính {file} sai cú pháp TOML: {exc}.", file=file) from exc
    problems = _Problems(file)
    methodology = _build(data, _Reader(problems))
    problems.raise_if_any()
    assert methodology is not None
    return methodology


def _build(data: dict[str, Any], r: _Reader) -> Methodology | None:
    r.unknown(data, _TOP_KEYS, "")
    schema = data.get("schema", SUPPORTED_SCHEMA)
    if schema != SUPPORTED_SCHEMA:
        r.p.add("schema", f"phiên bản định dạng {schema!r} không được hỗ trợ (chiso đọc schema = {SUPPORTED_SCHEMA}).")
    mid = r.text(data, "id", "id")
    version = r.text(data, "version", "version")
    title = r.text(data, "title", "title")
    source = r.text(data, "source", "source")
    valid_from = r.date(data, "valid_from", "valid_from")
    valid_until = r.date(data, "valid_until", "valid_until", required=False)
    if valid_from and valid_until and valid_until < valid_from:
        r.p.add("valid_until", "trước valid_from.")

    levels = _levels(data, r)
    scoring = r.table(data.get("scoring", {}), "scoring")
    r.unknown(scoring, _SCORING_KEYS, "scoring")
    decimals_value = scoring.get("decimals", 2)
    if not isinstance(decimals_value, int) or isinstance(decimals_value, bool) or not 0 <= decimals_value <= 6:
        r.p.add("scoring.decimals", f"phải là số nguyên từ 0 đến 6 (đang là {decimals_value!r}).")
        decimals_value = 2
    rounding = r.choice(scoring, "rounding", "scoring.rounding", ROUNDING_MODES, "half_up")
    not_applicable = r.choice(scoring, "not_applicable", "scoring.not_applicable", NOT_APPLICABLE_RULES, "null")

    groups = _groups(data, r)
    indicators = _indicators(data, r, groups, levels, not_applicable)
    bands = _bands(data, r)
    tie_break = _tie_break(data, r, groups)
    settings = r.table(data.get("settings", {}), "settings")
    questions = _questions(data, r)
    if r.p.items or valid_from is None:
        return None
    return Methodology(
        id=mid,
        version=version,
        title=title,
        valid_from=valid_from,
        groups=tuple(groups),
        indicators=tuple(indicators),
        bands=tuple(sorted(bands, key=lambda b: -b.min)),
        decimals=decimals_value,
        tie_break=tie_break,
        settings=_freeze(settings),
        open_questions=tuple(questions),
        source=source,
        levels=MappingProxyType(dict(levels)),
        rounding=rounding,
        not_applicable=not_applicable,
        valid_until=valid_until,
        path=r.p.file,
    )


def _levels(data: Mapping[str, Any], r: _Reader) -> dict[str, str]:
    table = r.table(data.get("levels"), "levels") if "levels" in data else {}
    if not table:
        r.p.add("levels", f"thiếu bảng levels (tên tiếng Việt của các cấp: {', '.join(KNOWN_LEVELS)}).")
        return {level: level for level in KNOWN_LEVELS}
    out: dict[str, str] = {}
    for level, name in table.items():
        if level not in KNOWN_LEVELS:
            r.p.add(f"levels.{level}", f"cấp không hợp lệ (một trong: {', '.join(KNOWN_LEVELS)}).")
        elif not isinstance(name, str) or not name.strip():
            r.p.add(f"levels.{level}", "tên cấp phải là chuỗi không rỗng.")
        else:
            out[level] = name
    return out


def _groups(data: Mapping[str, Any], r: _Reader) -> list[Group]:
    out: list[Group] = []
    seen: set[str] = set()
    for n, g in enumerate(r.tables(data, "groups", "groups")):
        path = f"groups[{n}]"
        r.unknown(g, _GROUP_KEYS, path)
        code = r.text(g, "code", f"{path}.code")
        name = r.text(g, "name", f"{path}.name")
        max_points = r.number(g, "max_points", f"{path}.max_points")
        if code in seen:
            r.p.add(f"{path}.code", f"mã nhóm '{code}' bị trùng.")
        seen.add(code)
        if max_points is not None and max_points <= 0:
            r.p.add(f"{path}.max_points", "điểm tối đa phải lớn hơn 0.")
        if code and max_points is not None:
            out.append(Group(code, name, max_points))
    total = sum((_exact(g.max_points) for g in out), Fraction(0))
    if out and total != 100:
        r.p.add("groups", f"tổng điểm tối đa của các nhóm là {float(total):g}, phải bằng 100.")
    return out


def _indicators(
    data: Mapping[str, Any], r: _Reader, groups: list[Group], levels: Mapping[str, str], not_applicable: str
) -> list[Indicator]:
    out: list[Indicator] = []
    seen: set[str] = set()
    group_codes = {g.code for g in groups}
    for n, raw in enumerate(r.tables(data, "indicators", "indicators")):
        code_value = raw.get("code")
        path = f"indicators[{n}]" if not isinstance(code_value, str) else f"indicators.{code_value}"
        r.unknown(raw, _INDICATOR_KEYS, path)
        code = r.text(raw, "code", f"{path}.code")
        if code in seen:
            r.p.add(f"{path}.code", f"mã chỉ tiêu '{code}' bị trùng.")
        seen.add(code)
        group = r.text(raw, "group", f"{path}.group")
        if group and group not in group_codes:
            r.p.add(
                f"{path}.group", f"nhóm '{group}' không có trong danh sách groups ({', '.join(sorted(group_codes))})."
            )
        max_points = r.number(raw, "max_points", f"{path}.max_points")
        if max_points is not None and max_points <= 0:
            r.p.add(f"{path}.max_points", "điểm tối đa phải lớn hơn 0.")
        threshold = r.threshold(raw.get("threshold", 1.0), f"{path}.threshold")
        empty_rule = r.choice(raw, "empty_rule", f"{path}.empty_rule", EMPTY_RULES, None)
        counting = r.choice(raw, "counting", f"{path}.counting", COUNTING_KEYS, None)
        confidence = r.choice(raw, "confidence", f"{path}.confidence", CONFIDENCES, None)
        default = ResolvedRule(
            applies=True,
            not_applicable=not_applicable,
            threshold=threshold,
            counting=counting,
            empty_rule=empty_rule,
            confidence=confidence,
        )
        resolved = _level_rules(raw.get("levels", {}), f"{path}.levels", r, default, levels)
        out.append(
            Indicator(
                code=code,
                group=group,
                name=r.text(raw, "name", f"{path}.name"),
                max_points=max_points or 0.0,
                threshold=threshold,
                empty_rule=empty_rule,
                counting=counting,
                numerator_text=r.text(raw, "numerator", f"{path}.numerator"),
                denominator_text=r.text(raw, "denominator", f"{path}.denominator"),
                source=r.text(raw, "source", f"{path}.source"),
                confidence=confidence,
                levels=resolved,
            )
        )
    for g in groups:
        members = [i for i in out if i.group == g.code]
        if not members:
            r.p.add(f"groups.{g.code}", "nhóm không có chỉ tiêu nào.")
            continue
        total = sum((_exact(i.max_points) for i in members), Fraction(0))
        if total != _exact(g.max_points):
            r.p.add(
                f"groups.{g.code}",
                f"tổng điểm tối đa các chỉ tiêu là {float(total):g}, khác điểm tối đa của nhóm ({g.max_points:g}).",
            )
    return out


def _level_rules(
    raw: object, path: str, r: _Reader, default: ResolvedRule, levels: Mapping[str, str]
) -> Mapping[str, ResolvedRule]:
    overrides = r.table(raw, path)
    for level in overrides:
        if level not in levels:
            r.p.add(f"{path}.{level}", f"cấp không có trong bảng levels ({', '.join(levels)}).")
    out: dict[str, ResolvedRule] = {}
    for level in levels:
        o = r.table(overrides.get(level, {}), f"{path}.{level}")
        lp = f"{path}.{level}"
        r.unknown(o, _LEVEL_KEYS, lp)
        applies = o.get("applies", True)
        if not isinstance(applies, bool):
            r.p.add(f"{lp}.applies", "phải là true hoặc false.")
            applies = True
        note = o.get("note")
        if note is not None and not isinstance(note, str):
            r.p.add(f"{lp}.note", "phải là một chuỗi.")
            note = None
        out[level] = ResolvedRule(
            applies=applies,
            not_applicable=r.choice(
                o, "not_applicable", f"{lp}.not_applicable", NOT_APPLICABLE_RULES, default.not_applicable
            ),
            threshold=r.threshold(o["threshold"], f"{lp}.threshold") if "threshold" in o else default.threshold,
            counting=r.choice(o, "counting", f"{lp}.counting", COUNTING_KEYS, default.counting),
            empty_rule=r.choice(o, "empty_rule", f"{lp}.empty_rule", EMPTY_RULES, default.empty_rule),
            confidence=r.choice(o, "confidence", f"{lp}.confidence", CONFIDENCES, default.confidence),
            note=note,
        )
    return MappingProxyType(out)


def _bands(data: Mapping[str, Any], r: _Reader) -> list[Band]:
    out: list[Band] = []
    seen: set[str] = set()
    for n, b in enumerate(r.tables(data, "bands", "bands")):
        path = f"bands[{n}]"
        r.unknown(b, _BAND_KEYS, path)
        code = r.text(b, "code", f"{path}.code")
        if code in seen:
            r.p.add(f"{path}.code", f"mã xếp loại '{code}' bị trùng.")
        seen.add(code)
        name = r.text(b, "name", f"{path}.name")
        lo = r.number(b, "min", f"{path}.min")
        hi = r.number(b, "max", f"{path}.max")
        confidence = r.choice(b, "confidence", f"{path}.confidence", CONFIDENCES, "firm")
        if lo is None or hi is None:
            continue
        if lo >= hi:
            r.p.add(path, f"min ({lo:g}) phải nhỏ hơn max ({hi:g}).")
            continue
        out.append(Band(code, name, lo, hi, confidence))
    ordered = sorted(out, key=lambda b: b.min)
    if ordered:
        if ordered[0].min != 0:
            r.p.add("bands", f"các mức xếp loại phải bắt đầu từ 0 (đang từ {ordered[0].min:g}).")
        if ordered[-1].max != 100:
            r.p.add("bands", f"các mức xếp loại phải kết thúc ở 100 (đang ở {ordered[-1].max:g}).")
        for low, high in itertools.pairwise(ordered):
            if low.max != high.min:
                r.p.add(
                    "bands",
                    f"các mức xếp loại không liền nhau: '{low.code}' đến {low.max:g}, '{high.code}' từ {high.min:g}.",
                )
    return out


def _tie_break(data: Mapping[str, Any], r: _Reader, groups: list[Group]) -> tuple[str, ...]:
    ranking = r.table(data.get("ranking", {}), "ranking")
    r.unknown(ranking, _RANKING_KEYS, "ranking")
    value = ranking.get("tie_break")
    allowed = [g.code for g in groups] + [TIE_BREAK_ID]
    if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
        r.p.add("ranking.tie_break", f"phải là danh sách mã nhóm, kết thúc bằng '{TIE_BREAK_ID}'.")
        return (TIE_BREAK_ID,)
    for v in value:
        if v not in allowed:
            r.p.add("ranking.tie_break", f"'{v}' không phải mã nhóm hay '{TIE_BREAK_ID}' ({', '.join(allowed)}).")
    if len(set(value)) != len(value):
        r.p.add("ranking.tie_break", "có mục bị trùng.")
    if value[-1] != TIE_BREAK_ID:
        # Only the unit code guarantees that two units never share a rank.
        r.p.add("ranking.tie_break", f"mục cuối phải là '{TIE_BREAK_ID}' (mã đơn vị) để thứ hạng luôn xác định.")
    return tuple(value)


def _questions(data: Mapping[str, Any], r: _Reader) -> list[OpenQuestion]:
    if "open_questions" not in data:
        return []
    out: list[OpenQuestion] = []
    for n, q in enumerate(r.tables(data, "open_questions", "open_questions")):
        path = f"open_questions[{n}]"
        r.unknown(q, _QUESTION_KEYS, path)
        number = q.get("number", n + 1)
        if not isinstance(number, int) or isinstance(number, bool):
            r.p.add(f"{path}.number", "phải là số nguyên.")
            number = n + 1
        out.append(
            OpenQuestion(number, r.text(q, "question", f"{path}.question"), r.text(q, "choice", f"{path}.choice"))
        )
    return out


def _freeze(value: Any) -> Any:
    if isinstance(value, dict):
        return MappingProxyType({k: _freeze(v) for k, v in value.items()})
    if isinstance(value, list):
        return tuple(_freeze(v) for v in value)
    return value


def _thaw(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {k: _thaw(v) for k, v in value.items()}
    if isinstance(value, tuple):
        return [_thaw(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value
