"""``chiso score --aggregates``: score per-unit numerators and denominators given as JSON.

Input::

    {"methodology": "dvcqg-2026",
     "units": [{"id": "01", "name": "…", "level": "province", "parent": null,
                "metrics": {"PROGRESS_ON_TIME": {"numerator": 144625, "denominator": 184513}, …}}]}

``methodology`` and ``parent`` are optional; a metric may be absent, ``null``, or have a ``null`` numerator or
denominator. Output: ``{"methodology": id, "units": [UnitScore.to_json(), …]}``, ranked among the peers given.
This is the very function the engine's scores go through, so feeding the engine's own counts back gives its scores.

Every problem of the input is reported at once, each with its JSON path (``$.units[2].metrics.X.numerator``).
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from chiso.errors import ChisoError
from chiso.methodology import DEFAULT_METHODOLOGY, Methodology, MethodologyError, load_methodology
from chiso.score.model import Count, UnitInput
from chiso.score.ranking import rank_peers
from chiso.score.scoring import score_units

_UNIT_KEYS = ("id", "name", "level", "parent", "metrics")
_METRIC_KEYS = ("numerator", "denominator")


class AggregatesError(ChisoError):
    """Aggregates input that cannot be scored; ``problems`` lists (JSON path, message) pairs."""

    def __init__(self, message: str, problems: list[tuple[str, str]] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or []


def read_aggregates(path: str | Path) -> Any:
    """Read an aggregates JSON file (syntax errors name the file, line and column)."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise AggregatesError(f"Không tìm thấy tệp dữ liệu tổng hợp '{p}'.") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise AggregatesError(f"Không đọc được tệp dữ liệu tổng hợp '{p}': {exc}.") from exc
    return parse_json(text, str(p))


def parse_json(text: str, source: str = "<đầu vào>") -> Any:
    """Parse JSON text, reporting a syntax error with its line and column."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise AggregatesError(f"{source}: JSON sai cú pháp ở dòng {exc.lineno}, cột {exc.colno}: {exc.msg}.") from exc


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def parse_aggregates(doc: Any, methodology: Methodology | str | None = None) -> tuple[Methodology, list[UnitInput]]:
    """Validate an aggregates document and return the methodology and the units to score.

    ``methodology`` (an object, id or path) overrides the document's ``"methodology"``; the default is
    dvcqg-2026."""
    problems: list[tuple[str, str]] = []

    def bad(path: str, message: str) -> None:
        problems.append((path, message))

    if not isinstance(doc, dict):
        raise AggregatesError('Dữ liệu tổng hợp: tại $: phải là một đối tượng JSON {"methodology": …, "units": […]}.')
    for key in doc:
        if key not in ("methodology", "units"):
            bad(f"$.{key}", "khóa không được hỗ trợ (cho phép: methodology, units).")

    m: Methodology | None = None
    chosen = methodology if methodology is not None else doc.get("methodology", DEFAULT_METHODOLOGY)
    if isinstance(chosen, Methodology):
        m = chosen
    elif isinstance(chosen, str) and chosen:
        try:
            m = load_methodology(chosen)
        except MethodologyError as exc:
            bad("$.methodology", str(exc))
    else:
        bad("$.methodology", f'phải là mã phương pháp tính, ví dụ "{DEFAULT_METHODOLOGY}" (đang là {chosen!r}).')

    units_raw = doc.get("units")
    if not isinstance(units_raw, list):
        bad("$.units", "thiếu hoặc không phải danh sách các đơn vị.")
        units_raw = []

    codes = {i.code for i in m.indicators} if m else set()
    levels = list(m.levels) if m else []
    out: list[UnitInput] = []
    seen: dict[str, int] = {}
    for n, u in enumerate(units_raw):
        path = f"$.units[{n}]"
        if not isinstance(u, dict):
            bad(path, "phải là một đối tượng JSON.")
            continue
        for key in u:
            if key not in _UNIT_KEYS:
                bad(f"{path}.{key}", f"khóa không được hỗ trợ (cho phép: {', '.join(_UNIT_KEYS)}).")
        uid = u.get("id")
        if not isinstance(uid, str) or not uid.strip():
            bad(f"{path}.id", f'mã đơn vị phải là chuỗi không rỗng (đang là {uid!r}; ví dụ "01", "00070").')
            uid = ""
        elif uid in seen:
            bad(f"{path}.id", f"mã đơn vị '{uid}' trùng với $.units[{seen[uid]}].")
        else:
            seen[uid] = n
        name = u.get("name", uid)
        if not isinstance(name, str):
            bad(f"{path}.name", "tên đơn vị phải là chuỗi.")
            name = uid
        level = u.get("level")
        if not isinstance(level, str) or (m is not None and level not in levels):
            bad(f"{path}.level", f"cấp đơn vị {level!r} không hợp lệ (một trong: {', '.join(levels)}).")
            level = ""
        parent = u.get("parent")
        if parent is not None and not isinstance(parent, str):
            bad(f"{path}.parent", f"mã đơn vị cấp trên phải là chuỗi hoặc null (đang là {parent!r}).")
            parent = None
        metrics_raw = u.get("metrics")
        if metrics_raw is None:
            metrics_raw = {}
        if not isinstance(metrics_raw, dict):
            bad(f"{path}.metrics", 'phải là một đối tượng {MÃ_CHỈ_TIÊU: {"numerator": …, "denominator": …}}.')
            metrics_raw = {}
        metrics: dict[str, Count] = {}
        for code, value in metrics_raw.items():
            mpath = f"{path}.metrics.{code}"
            if m is not None and code not in codes:
                bad(
                    mpath, f"không có chỉ tiêu này trong phương pháp {m.id} (các chỉ tiêu: {', '.join(sorted(codes))})."
                )
                continue
            if value is None:
                continue
            if not isinstance(value, dict):
                bad(mpath, 'phải là {"numerator": số, "denominator": số} hoặc null.')
                continue
            for key in value:
                if key not in _METRIC_KEYS:
                    bad(f"{mpath}.{key}", "khóa không được hỗ trợ (cho phép: numerator, denominator).")
            nums: dict[str, float | None] = {}
            for key, label in (("numerator", "tử số"), ("denominator", "mẫu số")):
                v = value.get(key)
                if v is not None and (not _is_number(v) or v < 0):
                    bad(f"{mpath}.{key}", f"{label} phải là số không âm hoặc null (đang là {v!r}).")
                    v = None
                nums[key] = v
            num, den = nums["numerator"], nums["denominator"]
            if num is not None and num > (den or 0):
                bad(mpath, f"tử số ({num:g}) lớn hơn mẫu số ({den if den is None else format(den, 'g')}).")
            metrics[code] = Count(num, den)
        out.append(UnitInput(id=uid, name=name, level=level, metrics=metrics, parent=parent))

    if problems:
        lines = "\n".join(f"  - tại {p}: {msg}" for p, msg in problems)
        raise AggregatesError(f"Dữ liệu tổng hợp không hợp lệ ({len(problems)} lỗi):\n{lines}", problems)
    assert m is not None
    return m, out


def score_aggregates(doc: Any, methodology: Methodology | str | None = None) -> dict[str, Any]:
    """Score an aggregates document: ``{"methodology": id, "units": [...]}`` with every unit's indicators, groups,
    total, classification, and rank among the peers (same parent and level) present in the document."""
    m, units = parse_aggregates(doc, methodology)
    scores = rank_peers(score_units(m, units))
    return {"methodology": m.id, "units": [s.to_json() for s in scores]}


def to_aggregates(methodology: Methodology | str, units: Iterable[UnitInput]) -> dict[str, Any]:
    """The aggregates document of ``units`` (what ``score_aggregates`` reads): for exporting the engine's counts."""
    mid = methodology.id if isinstance(methodology, Methodology) else methodology
    return {
        "methodology": mid,
        "units": [
            {
                "id": u.id,
                "name": u.name,
                "level": u.level,
                "parent": u.parent,
                "metrics": {
                    code: {"numerator": c.numerator, "denominator": c.denominator} for code, c in u.metrics.items()
                },
            }
            for u in units
        ],
    }


def _add(a: float | None, b: float | None) -> float | None:
    if a is None:
        return b
    if b is None:
        return a
    return a + b


def sum_inputs(
    id: str,
    name: str,
    level: str,
    children: Iterable[UnitInput],
    parent: str | None = None,
) -> UnitInput:
    """A parent's input from its units' counts: numerators and denominators summed per indicator (spec §1: a parent
    is scored on summed counts, never on averaged scores).

    Valid for additive counts (dossiers, PAKN, communes). Counts of distinct TTHC are not additive — a TTHC offered
    by two communes is one TTHC of their province — which is why the engine counts those over the subtree itself."""
    sums: dict[str, Count] = {}
    for child in children:
        for code, c in child.metrics.items():
            prev = sums.get(code, Count(None, None))
            sums[code] = Count(_add(prev.numerator, c.numerator), _add(prev.denominator, c.denominator))
    return UnitInput(id=id, name=name, level=level, metrics=sums, parent=parent)
