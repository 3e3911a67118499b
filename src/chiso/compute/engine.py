"""The engine: counts from raw records → scores, for any unit, period and evaluation instant.

The counting happens in one query per call (see :mod:`chiso.compute.metrics`); scoring is the pure function of
:mod:`chiso.score`, the same one ``chiso score --aggregates`` uses.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa

from chiso.compute.metrics import ALL_KEYS, CountingSettings, Window
from chiso.compute.period import Period
from chiso.compute.query import run_counts
from chiso.errors import ChisoError
from chiso.methodology import Methodology, load_methodology
from chiso.score import UnitInput, UnitScore, rank_peers
from chiso.score.batch import UnitBatch, score_batch
from chiso.timeutil import ensure_aware, now_vn

if TYPE_CHECKING:
    from chiso.store.db import Store


class UnknownUnitError(ChisoError):
    """A unit code that is not in the store."""


@dataclass(frozen=True)
class UnitInfo:
    """What the engine needs to know about a unit besides its counts."""

    code: str
    name: str
    level: str
    parent_code: str | None


def make_window(period: Period | str, as_of: dt.datetime | None, methodology: Methodology) -> Window:
    """The evaluation window of ``period`` judged at ``as_of`` (default: now)."""
    p = Period.parse(period) if isinstance(period, str) else period
    instant = ensure_aware(as_of) if as_of is not None else now_vn()
    settings = CountingSettings.from_mapping(methodology.settings.get("counting"))
    return Window(start=p.start, end=p.end, as_of=instant, judged_at=p.judged_at(instant), settings=settings)


def resolve_methodology(methodology: Methodology | str | None) -> Methodology:
    """A loaded methodology from an object, a name/path, or the default."""
    if isinstance(methodology, Methodology):
        return methodology
    return load_methodology(methodology or "dvcqg-2026")


def unit_info(store: Store, codes: Sequence[str] | None = None) -> dict[str, UnitInfo]:
    """Names, levels and parents of ``codes`` (all units when ``None``)."""
    sql = "SELECT code, name, level, parent_code FROM units"
    params: list[Any] = []
    if codes is not None:
        sql += " WHERE code IN (SELECT unnest(?))"
        params.append(list(codes))
    return {r[0]: UnitInfo(r[0], r[1], r[2], r[3]) for r in store.con.execute(sql, params).fetchall()}


def compute_counts(
    store: Store,
    period: Period | str,
    *,
    as_of: dt.datetime | None = None,
    units: Sequence[str] | None = None,
    methodology: Methodology | str | None = None,
) -> pa.Table:
    """Numerators and denominators of every counting key for ``units`` (all units when ``None``), each over its
    whole subtree. Columns: ``unit_code`` and ``<key>__num`` / ``<key>__den``."""
    m = resolve_methodology(methodology)
    return run_counts(store, make_window(period, as_of, m), units)


def inputs_from_counts(counts: pa.Table, info: dict[str, UnitInfo], methodology: Methodology) -> list[UnitInput]:
    """Map counting keys to indicator metrics per unit level, as the methodology declares (one
    :class:`UnitInput` per row of ``counts``; :func:`batch_from_counts` is the column-wise form)."""
    batch = batch_from_counts(counts, info, methodology)
    return [batch.unit(i) for i in range(len(batch))]


def batch_from_counts(counts: pa.Table, info: dict[str, UnitInfo], methodology: Methodology) -> UnitBatch:
    """:func:`inputs_from_counts` column-wise: each indicator's numerators and denominators for every unit, taken
    from the counting key the methodology names for the unit's level."""
    codes = [str(c) for c in counts.column("unit_code").to_pylist()]
    units = [info[c] for c in codes]
    levels = np.asarray([u.level for u in units], dtype=np.str_)
    columns = {
        name: counts.column(name).to_numpy(zero_copy_only=False).astype(np.float64)
        for name in counts.column_names
        if name != "unit_code"
    }
    metrics: dict[str, tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]] = {}
    for ind in methodology.indicators:
        num, den = np.full(len(codes), np.nan), np.full(len(codes), np.nan)
        for level in {u.level for u in units}:
            key = ind.rule_for(level).counting
            if key not in ALL_KEYS:
                raise ChisoError(f"Chỉ tiêu {ind.code}: cách đếm '{key}' không được bộ máy tính hỗ trợ.")
            at = levels == level
            num[at], den[at] = columns[f"{key}__num"][at], columns[f"{key}__den"][at]
        metrics[ind.code] = (num, den)
    return UnitBatch(
        ids=codes,
        names=[u.name for u in units],
        levels=[u.level for u in units],
        parents=[u.parent_code for u in units],
        metrics=metrics,
    )


def score_units_in_store(
    store: Store,
    period: Period | str,
    *,
    as_of: dt.datetime | None = None,
    units: Sequence[str] | None = None,
    methodology: Methodology | str | None = None,
) -> list[UnitScore]:
    """Scores of ``units`` (all when ``None``), ranked among the peers present in the same call."""
    m = resolve_methodology(methodology)
    counts = compute_counts(store, period, as_of=as_of, units=units, methodology=m)
    info = unit_info(store, None if units is None else list(units))
    return rank_peers(score_batch(m, batch_from_counts(counts, info, m)))


def score_subtree(
    store: Store,
    *,
    unit: str,
    period: Period | str,
    as_of: dt.datetime | None = None,
    methodology: Methodology | str | None = None,
) -> list[UnitScore]:
    """A unit and its direct children, each ranked among its peers (same parent and level, spec §4).

    The unit comes first, then its children by rank. Peers of the unit itself are scored too so its rank is real.
    """
    rows = store.con.execute("SELECT code, parent_code, level FROM units WHERE code = ?", [unit]).fetchone()
    if rows is None:
        raise UnknownUnitError(f"Không có đơn vị mã '{unit}' trong cơ sở dữ liệu.")
    _, parent, level = rows
    if parent is None:
        peers = [
            r[0]
            for r in store.con.execute(
                "SELECT code FROM units WHERE parent_code IS NULL AND level = ?", [level]
            ).fetchall()
        ]
    else:
        peers = [
            r[0]
            for r in store.con.execute(
                "SELECT code FROM units WHERE parent_code = ? AND level = ?", [parent, level]
            ).fetchall()
        ]
    children = [
        r[0] for r in store.con.execute("SELECT code FROM units WHERE parent_code = ? ORDER BY code", [unit]).fetchall()
    ]
    scores = score_units_in_store(
        store, period, as_of=as_of, units=sorted(set(peers) | set(children) | {unit}), methodology=methodology
    )
    by_id = {s.id: s for s in scores}
    kids = sorted((by_id[c] for c in children), key=lambda s: (s.level, s.rank or 0, s.id))
    return [by_id[unit], *kids]
