"""What-if: a unit's score, class and rank if it took some actions now (peers' scores unchanged)."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pyarrow as pa

from chiso.compute.engine import (
    UnitInfo,
    UnknownUnitError,
    inputs_from_counts,
    make_window,
    resolve_methodology,
    score_units_in_store,
    unit_info,
)
from chiso.compute.metrics import Window
from chiso.compute.period import Period
from chiso.methodology import Methodology
from chiso.plan.actions import Actions
from chiso.plan.overlay import counts_build, run_overlaid
from chiso.score import Count, UnitInput, UnitScore, rank_peers, score_unit
from chiso.timeutil import local_day, now_vn

if TYPE_CHECKING:
    from chiso.store.db import Store


@dataclass(frozen=True)
class Context:
    """Everything a what-if of one unit needs besides the actions: its window, counts, score and its peers."""

    store: Store
    info: UnitInfo
    authority: str  # the root whose catalogue holds the unit's TTHC
    period: Period
    window: Window
    methodology: Methodology
    counts: dict[str, Any]  # the engine's counts row of the unit
    score: UnitScore  # ranked among its peers
    peers: tuple[UnitScore, ...]  # the other units of the same parent and level

    def rescore(self, counts: dict[str, Any]) -> UnitScore:
        """The unit's score (ranked among unchanged peers) for a counts row."""
        inputs = inputs_from_counts(pa.Table.from_pylist([counts]), {self.info.code: self.info}, self.methodology)
        return self.rank(score_unit(self.methodology, inputs[0]))

    def score_only(self, counts: dict[str, Any]) -> UnitScore:
        """The unit's score for a counts row, not ranked: what the planner's search evaluates thousands of times.
        The same mapping of counting keys to indicators as :func:`chiso.compute.engine.inputs_from_counts`."""
        metrics = {
            code: Count(float(counts[f"{key}__num"]), float(counts[f"{key}__den"])) for code, key in self._keys.items()
        }
        unit = UnitInput(self.info.code, self.info.name, self.info.level, metrics, self.info.parent_code)
        return score_unit(self.methodology, unit)

    @functools.cached_property
    def _keys(self) -> dict[str, str]:
        return {ind.code: ind.rule_for(self.info.level).counting for ind in self.methodology.indicators}

    def rank(self, score: UnitScore) -> UnitScore:
        """``score`` ranked among the unit's peers as they are."""
        return rank_peers([score, *self.peers])[0]


def load_context(
    store: Store,
    *,
    unit: str,
    period: Period | str | None = None,
    as_of: dt.datetime | None = None,
    methodology: Methodology | str | None = None,
) -> Context:
    """Read the unit's current state: counts, score, rank among its peers (default period: the one containing
    ``as_of``, default instant: now)."""
    m = resolve_methodology(methodology)
    info = unit_info(store, [unit]).get(unit)
    if info is None:
        raise UnknownUnitError(f"Không có đơn vị mã '{unit}' trong cơ sở dữ liệu.")
    instant = as_of or now_vn()
    p = Period.containing(local_day(instant)) if period is None else period
    p = Period.parse(p) if isinstance(p, str) else p
    window = make_window(p, instant, m)
    row = store.con.execute("SELECT root_code FROM units WHERE code = ?", [unit]).fetchone()
    authority = str(row[0]) if row and row[0] else unit
    if info.parent_code is None:
        sql, args = "SELECT code FROM units WHERE parent_code IS NULL AND level = ?", [info.level]
    else:
        sql, args = "SELECT code FROM units WHERE parent_code = ? AND level = ?", [info.parent_code, info.level]
    peer_codes = sorted({r[0] for r in store.con.execute(sql, args).fetchall()} | {unit})
    scores = score_units_in_store(store, p, as_of=window.as_of, units=peer_codes, methodology=m)
    own = next(s for s in scores if s.id == unit)
    counts = run_overlaid(store, window, [unit], "counts", counts_build, Actions(), authority).to_pylist()[0]
    return Context(
        store=store,
        info=info,
        authority=authority,
        period=p,
        window=window,
        methodology=m,
        counts=counts,
        score=own,
        peers=tuple(s for s in scores if s.id != unit),
    )


@dataclass(frozen=True)
class WhatIf:
    """A unit before and after hypothetical actions."""

    actions: Actions
    before: UnitScore
    after: UnitScore
    counts_before: dict[str, Any]
    counts_after: dict[str, Any]

    @property
    def gain(self) -> float:
        """Points gained (negative when an action costs points, e.g. finishing a dossier late)."""
        return round(self.after.total - self.before.total, 2)


def what_if(context: Context, actions: Actions) -> WhatIf:
    """The unit's counts, points, groups, total, class and rank after ``actions`` (taken at ``actions.at``, default
    the evaluation instant), computed by the engine's own query on the overlaid records."""
    c = context
    row = run_overlaid(c.store, c.window, [c.info.code], "counts", counts_build, actions, c.authority).to_pylist()[0]
    return WhatIf(actions, c.score, c.rescore(row), c.counts, row)
