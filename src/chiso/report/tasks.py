"""Tasks for next month, generated from the records behind each point loss.

The wording lives in ``assets/tasks.toml``, keyed by counting key: a task is that key's clauses filled with counts
taken from the indicator's explanation (how many dossiers are overdue and still open, how many more online
submissions reach the threshold …). No indicator is special-cased here; tasks are ordered by the points that can be
recovered, largest first.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from importlib import resources
from typing import Any

from chiso.compute.period import Period
from chiso.explain import Explanation
from chiso.methodology import Methodology
from chiso.score import UnitScore
from chiso.timeutil import format_number_vi, format_percent_vi


@dataclass(frozen=True)
class Action:
    """What a report says about one counting key (see ``assets/tasks.toml``)."""

    key: str
    noun: str
    clauses: tuple[tuple[str, str], ...]  # (when, text)
    always: str
    empty: str
    open_field: str | None
    annex_title: str
    annex_columns: tuple[str, ...]
    annex_labels: Mapping[str, str]


@dataclass(frozen=True)
class RecordStats:
    """Counts over all the records behind one indicator's loss (the annex lists only the first few)."""

    missing: int  # in the denominator, not the numerator
    open: int  # of those, still open (the action's open_field is empty)
    units: int  # distinct units among them
    procedures: int  # distinct TTHC among them


def stats_from_rows(rows: Sequence[Mapping[str, Any]], total: int, open_field: str | None) -> RecordStats:
    """:class:`RecordStats` of a complete list of missing records."""
    return RecordStats(
        missing=total,
        open=sum(1 for r in rows if r.get(open_field) is None) if open_field else 0,
        units=len({r["unit_code"] for r in rows if r.get("unit_code")}),
        procedures=len({r["procedure_code"] for r in rows if r.get("procedure_code")}),
    )


@dataclass(frozen=True)
class Task:
    """One task of section III: the indicator, the points it can recover and what to do."""

    indicator: str
    name: str
    group: str
    points: float
    max_points: float
    recoverable: float
    ratio: float | None
    numerator: float | None
    denominator: float | None
    missing: int
    text: str


@functools.cache
def _table() -> dict[str, Any]:
    raw = resources.files("chiso.report").joinpath("assets/tasks.toml").read_bytes()
    return tomllib.loads(raw.decode("utf-8"))


@functools.cache
def actions() -> dict[str, Action]:
    """The action table, by counting key."""
    out: dict[str, Action] = {}
    for key, raw in _table()["keys"].items():
        out[key] = Action(
            key=key,
            noun=raw["noun"],
            clauses=tuple((c["when"], c["text"]) for c in raw.get("clauses", [])),
            always=raw.get("always", ""),
            empty=raw.get("empty", ""),
            open_field=raw.get("open_field"),
            annex_title=raw.get("annex_title", ""),
            annex_columns=tuple(raw.get("annex_columns", [])),
            annex_labels=dict(raw.get("annex_labels", {})),
        )
    return out


def action_for(key: str) -> Action:
    """The action of a counting key; a key the table does not know gets a neutral one (still data-driven)."""
    found = actions().get(key)
    if found is not None:
        return found
    return Action(key, "bản ghi", (("n", "khắc phục {n} bản ghi chưa đạt"),), "", "", None, "", (), {})


def value_labels() -> Mapping[str, Mapping[str, str]]:
    """Words for coded values in annex tables (terminal_state, channel …); the key ``""`` names an empty value."""
    values: dict[str, dict[str, str]] = _table().get("values", {})
    return values


def column_labels() -> Mapping[str, str]:
    """Annex column headings that differ from chiso.explain's."""
    labels: dict[str, str] = _table().get("labels", {})
    return labels


def needed(numerator: float, denominator: float, threshold: float) -> int:
    """Records the numerator still needs to reach ``threshold`` with the same denominator (0 when reached)."""
    target = Fraction(repr(float(threshold))) * Fraction(repr(float(denominator)))
    return max(0, math.ceil(target - Fraction(repr(float(numerator)))))


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def next_period(period: Period) -> Period:
    """The period the tasks are for: the next one of the same kind (a custom range: the same length after it)."""
    if period.kind == "month":
        y, m = (period.start.year, period.start.month + 1) if period.start.month < 12 else (period.start.year + 1, 1)
        return Period.month(y, m)
    if period.kind == "quarter":
        q = (period.start.month - 1) // 3 + 1
        return Period.quarter(period.start.year, q + 1) if q < 4 else Period.quarter(period.start.year + 1, 1)
    if period.kind == "half":
        return Period.half(period.start.year, 2) if period.start.month <= 6 else Period.half(period.start.year + 1, 1)
    if period.kind == "year":
        return Period.parse(str(period.start.year + 1))
    start = period.end + dt.timedelta(days=1)
    return Period.parse(f"{start.isoformat()}..{(start + (period.end - period.start)).isoformat()}")


def task_counts(ex: Explanation, stats: RecordStats, action: Action, threshold: float) -> dict[str, int]:
    """The counts a task template may use: the indicator's numerator and denominator and the record counts."""
    num = ex.indicator.numerator or 0.0
    den = ex.indicator.denominator or 0.0
    need = needed(num, den, threshold) if den else 0
    return {
        "n": stats.missing,
        "num": int(num),
        "den": int(den),
        "open": stats.open,
        "closed": stats.missing - stats.open if action.open_field else 0,
        "need": need,
        # Worth saying only when the threshold is below 100 %: otherwise "need" is just n again.
        "need_partial": need if need < stats.missing else 0,
        "procedures": stats.procedures,
        "units": stats.units,
    }


def task_text(ex: Explanation, stats: RecordStats, action: Action, threshold: float, period: Period) -> str:
    """The task sentence for one indicator: kept clauses, the closing clause, capitalised, with a full stop."""
    counts = task_counts(ex, stats, action, threshold)
    words = {k: format_number_vi(v) for k, v in counts.items()}
    words["target"] = format_percent_vi(threshold)
    words["at_units"] = f" tại {words['units']} đơn vị" if counts["units"] > 1 else ""
    words["period"] = period.label_vi
    words["next_period"] = next_period(period).label_vi
    if not counts["den"]:
        text = action.empty or (
            f"Trong {period.label_vi} không phát sinh {action.noun} thuộc phạm vi chỉ tiêu nên chỉ tiêu không được điểm"
        )
        return _capitalise(text.format(**words)) + "."
    parts = [text.format(**words) for when, text in action.clauses if counts.get(when, 0) > 0]
    if action.always:
        parts.append(action.always.format(**words))
    if not parts:
        parts.append(f"khắc phục {words['n']} {action.noun} chưa đạt")
    return _capitalise("; ".join(parts)) + "."


def build_tasks(
    score: UnitScore,
    explanations: Sequence[Explanation],
    stats: Mapping[str, RecordStats],
    methodology: Methodology,
    period: Period,
) -> list[Task]:
    """One task per indicator that loses points, largest recoverable points first (then indicator order)."""
    order = {ind.code: n for n, ind in enumerate(methodology.indicators)}
    out: list[Task] = []
    for ex in explanations:
        r = ex.indicator
        if not r.applies or (r.lost_points or 0) <= 0:
            continue
        rule = methodology.indicator(r.code).rule_for(score.level)
        action = action_for(ex.counting)
        out.append(
            Task(
                indicator=r.code,
                name=ex.name,
                group=r.group,
                points=r.points or 0.0,
                max_points=r.max_points,
                recoverable=r.lost_points,
                ratio=r.ratio,
                numerator=r.numerator,
                denominator=r.denominator,
                missing=ex.missing_total,
                text=task_text(ex, stats[r.code], action, rule.threshold, period),
            )
        )
    out.sort(key=lambda t: (-t.recoverable, order.get(t.indicator, 0)))
    return out
