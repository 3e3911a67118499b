"""The records behind each unit's point losses, for one unit or for a whole batch of units.

One report needs, for every indicator that loses points, how many records cost it (with how many still open, at how
many units, for how many TTHC) and the first few of them for the annex. For one unit that is
:func:`chiso.explain.explain_indicator`. For a batch of ~100 communes, one query per unit and indicator would be
~1 500 queries, so :func:`explain_batch` runs one query per counting key for all leaf units at once (their records
carry their own unit code) and splits the result in DuckDB.

The batch path reuses chiso.explain's listing builders (the same expressions the engine aggregates, so the same
records); see /tmp/chiso/requests-report.md for the public batch API it should move to.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pyarrow as pa

from chiso.compute.engine import make_window
from chiso.compute.metrics import key_source, procedure_rows, scope_of
from chiso.compute.period import Period
from chiso.compute.query import run_rows
from chiso.explain import Explanation, explain_indicator, point_losses
from chiso.explain import records as explain_records
from chiso.methodology import Methodology
from chiso.report.tasks import RecordStats, action_for, stats_from_rows
from chiso.score import UnitScore

if TYPE_CHECKING:
    from chiso.store.db import Store

MISSING_TABLE = "_chiso_report_missing"
# Annex order per record kind: the most overdue dossiers first, otherwise by code.
ORDER = {
    "dossier": "overdue_working_days DESC NULLS LAST, overdue_days DESC NULLS LAST, code",
    "petition": "code",
    "unit": "code",
    "procedure": "procedure_code",
}


@dataclass
class UnitLosses:
    """A unit's explanations (``missing`` cut to the annex length) and the full counts behind each."""

    explanations: list[Explanation]
    stats: dict[str, RecordStats]


def explain_one(
    store: Store,
    unit: str,
    period: Period,
    as_of: dt.datetime,
    methodology: Methodology,
    score: UnitScore,
    annex_rows: int,
) -> UnitLosses:
    """One unit (a commune, or a province over its whole subtree): every indicator losing points.

    The records stay in Arrow and are counted in DuckDB; only the annex's first rows become Python objects (a
    province's month can hold a hundred thousand dossiers without an electronic result)."""
    out = UnitLosses([], {})
    window = make_window(period, as_of, methodology)
    cache: dict[str, Any] = {}
    for r in point_losses(score):
        key = methodology.indicator(r.code).rule_for(score.level).counting
        source = key_source(key)
        if source == "catalogue":
            ex, stats = _catalogue_one(store, unit, period, as_of, methodology, score, r.code, cache, annex_rows)
            out.explanations.append(ex)
            out.stats[r.code] = stats
            continue
        table = run_rows(store, window, [unit], f"report-one:{source}:{key}", _builder(source, key, per_target=False))
        table = table.append_column("target_code", pa.array([unit] * table.num_rows, pa.string()))
        stats, rows = _split(store, table, source, action_for(key).open_field, annex_rows).get(unit, _NONE)
        out.explanations.append(
            _explanation(methodology, score, r.code, key, source, period, window.as_of, stats, rows)
        )
        out.stats[r.code] = stats
    return out


_NONE: tuple[RecordStats, list[dict[str, Any]]] = (RecordStats(0, 0, 0, 0), [])


def _explanation(
    methodology: Methodology,
    score: UnitScore,
    indicator: str,
    key: str,
    source: str,
    period: Period,
    as_of: dt.datetime,
    stats: RecordStats,
    rows: list[dict[str, Any]],
) -> Explanation:
    ind = methodology.indicator(indicator)
    result = score.indicators[indicator]
    return Explanation(
        unit=score.id,
        unit_name=score.name,
        period=period.key,
        as_of=as_of,
        indicator=result,
        name=ind.name,
        group=ind.group,
        source=source,
        counting=key,
        missing=rows,
        counted=[],
        missing_total=stats.missing,
        counted_total=int(result.numerator or 0),
    )


def leaf_units(store: Store, codes: Sequence[str]) -> set[str]:
    """The units among ``codes`` that have no unit below them (their records carry their own code)."""
    rows = store.con.execute(
        "SELECT code FROM units WHERE code IN (SELECT unnest(?)) "
        "AND code NOT IN (SELECT parent_code FROM units WHERE parent_code IS NOT NULL)",
        [list(codes)],
    ).fetchall()
    return {r[0] for r in rows}


def _builder(source: str, key: str, *, per_target: bool) -> Any:
    """An Ibis builder of the records in ``key``'s denominator but not its numerator; with ``per_target``, a
    ``target_code`` column says which target each belongs to (leaf targets: the record's own unit)."""
    if source == "procedure":

        def build_procedures(t: Any, p: Any, targets: Any) -> Any:
            ancestors, scope = scope_of(t, targets)
            r = procedure_rows(t, p, scope, ancestors)
            r = r.semi_join(targets, r.ancestor_code == targets.code)
            r = r.filter((r[f"{key}__den"] == 1) & (r[f"{key}__num"] != 1))
            if per_target:
                return r.select(*explain_records.PROCEDURE_COLUMNS, target_code=r.ancestor_code)
            return r.select(*explain_records.PROCEDURE_COLUMNS)

        return build_procedures
    listing = explain_records._LISTINGS[source]
    own = "code" if source == "unit" else "unit_code"

    def build(t: Any, p: Any, targets: Any) -> Any:
        expr = listing(t, p, targets, key)
        expr = expr.filter(~expr.in_num).drop("in_num")
        return expr.mutate(target_code=expr[own]) if per_target else expr

    return build


def _split(store: Store, table: pa.Table, source: str, open_field: str | None, annex_rows: int) -> dict[str, Any]:
    """Per target: (RecordStats, first ``annex_rows`` rows as dicts)."""
    columns = set(table.column_names)
    open_sql = f"count(*) FILTER (WHERE {open_field} IS NULL)" if open_field in columns else "0"
    units_sql = "count(DISTINCT unit_code)" if "unit_code" in columns else "0"
    procs_sql = "count(DISTINCT procedure_code)" if "procedure_code" in columns else "0"
    order = ORDER[source]
    con = store.con
    con.register(MISSING_TABLE, table)
    try:
        stats = con.execute(
            f"SELECT target_code, count(*), {open_sql}, {units_sql}, {procs_sql} FROM {MISSING_TABLE} "
            "GROUP BY target_code"
        ).fetchall()
        top = con.execute(
            f"SELECT * FROM {MISSING_TABLE} "
            f"QUALIFY row_number() OVER (PARTITION BY target_code ORDER BY {order}) <= {int(annex_rows)} "
            f"ORDER BY target_code, {order}"
        ).fetch_arrow_table()
    finally:
        con.unregister(MISSING_TABLE)
    out: dict[str, Any] = {
        r[0]: (RecordStats(missing=r[1], open=r[2] if open_field else 0, units=r[3], procedures=r[4]), [])
        for r in stats
    }
    for row in top.to_pylist():
        target = row.pop("target_code")
        out[target][1].append(row)
    return out


def explain_batch(
    store: Store,
    scores: Mapping[str, UnitScore],
    units: Sequence[str],
    period: Period,
    as_of: dt.datetime,
    methodology: Methodology,
    annex_rows: int,
) -> dict[str, UnitLosses]:
    """Every unit's losses: leaf units with one query per counting key, the others one by one."""
    leaves = leaf_units(store, units)
    out: dict[str, UnitLosses] = {}
    wanted: dict[str, list[tuple[str, str]]] = {}  # counting key → [(unit, indicator)]
    for code in units:
        score = scores[code]
        if code not in leaves:
            out[code] = explain_one(store, code, period, as_of, methodology, score, annex_rows)
            continue
        out[code] = UnitLosses([], {})
        for r in point_losses(score):
            key = methodology.indicator(r.code).rule_for(score.level).counting
            wanted.setdefault(key, []).append((code, r.code))
    window = make_window(period, as_of, methodology)
    for key, pairs in wanted.items():
        source = key_source(key)
        open_field = action_for(key).open_field
        if source == "catalogue":
            # The catalogue is the province's: the same records for every unit of it; list once per province.
            by_root: dict[str, Any] = {}
            for code, indicator in pairs:
                ex = _catalogue_one(
                    store, code, period, as_of, methodology, scores[code], indicator, by_root, annex_rows
                )
                out[code].explanations.append(ex[0])
                out[code].stats[indicator] = ex[1]
            continue
        targets = sorted({code for code, _ in pairs})
        builder = _builder(source, key, per_target=True)
        table = run_rows(store, window, targets, f"report-batch:{source}:{key}", builder)
        split = _split(store, table, source, open_field, annex_rows)
        for code, indicator in pairs:
            stats, rows = split.get(code, _NONE)
            out[code].explanations.append(
                _explanation(methodology, scores[code], indicator, key, source, period, window.as_of, stats, rows)
            )
            out[code].stats[indicator] = stats
    for code, losses in out.items():
        # The order of chiso.explain: largest loss first (point_losses).
        rank = {r.code: n for n, r in enumerate(point_losses(scores[code]))}
        losses.explanations.sort(key=lambda e: rank.get(e.indicator.code, len(rank)))
    return out


def _catalogue_one(
    store: Store,
    unit: str,
    period: Period,
    as_of: dt.datetime,
    methodology: Methodology,
    score: UnitScore,
    indicator: str,
    cache: dict[str, Any],
    annex_rows: int,
) -> tuple[Explanation, RecordStats]:
    row = store.con.execute("SELECT root_code FROM units WHERE code = ?", [unit]).fetchone()
    root = (row[0] if row else None) or unit
    cache_key = f"{root}:{indicator}"
    if cache_key not in cache:
        cache[cache_key] = explain_indicator(
            store,
            unit=unit,
            period=period,
            indicator=indicator,
            as_of=as_of,
            methodology=methodology,
            limit=None,
            score=score,
        )
    base: Explanation = cache[cache_key]
    stats = stats_from_rows(base.missing, base.missing_total, action_for(base.counting).open_field)
    ex = Explanation(
        unit=unit,
        unit_name=score.name,
        period=base.period,
        as_of=base.as_of,
        indicator=score.indicators[indicator],
        name=base.name,
        group=base.group,
        source=base.source,
        counting=base.counting,
        missing=base.missing[:annex_rows],
        counted=[],
        missing_total=base.missing_total,
        counted_total=base.counted_total,
    )
    return ex, stats
