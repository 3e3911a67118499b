"""Running the counting expressions on a store: compile once, bind the window and targets as tables, execute.

Compiling the whole indicator query takes a few hundred milliseconds; running it for one commune takes tens. So the
SQL is compiled once per (backend dialect, counting settings, target kind) and reused: the window's values and the
target units live in two small registered tables that the compiled SQL reads.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import ibis
import pyarrow as pa

from chiso.compute.metrics import CountingSettings, Params, Tables, Window, counts_expression

if TYPE_CHECKING:
    from chiso.store.db import Store

WINDOW_TABLE = "_chiso_window"
TARGETS_TABLE = "_chiso_targets"

_cache: dict[tuple[Any, ...], str] = {}
_lock = threading.RLock()


def bind(store: Store, window: Window, units: Sequence[str] | None) -> None:
    """Register the window (and the target units, when given) for the next compiled query."""
    store.con.register(WINDOW_TABLE, window.to_arrow())
    if units is not None:
        store.con.register(TARGETS_TABLE, pa.table({"code": pa.array(list(units), pa.string())}))


def compiled(store: Store, key: tuple[Any, ...], build: Callable[[Tables, Params], Any]) -> str:
    """The SQL of ``build(tables, params)``, compiled once per ``key`` (the window tables must be bound)."""
    full_key = ("duckdb", *key)
    with _lock:
        sql = _cache.get(full_key)
        if sql is None:
            settings: CountingSettings = key[0]
            params = Params.from_table(store.table(WINDOW_TABLE), settings)
            sql = ibis.to_sql(build(Tables.from_backend(store.table), params), dialect="duckdb")
            _cache[full_key] = sql
        return sql


def run_counts(store: Store, window: Window, units: Sequence[str] | None) -> pa.Table:
    """Numerators/denominators of every counting key for ``units`` (all units when ``None``)."""
    with _lock:
        bind(store, window, units)

        def build(t: Tables, p: Params) -> Any:
            targets = t.units.select("code") if units is None else store.table(TARGETS_TABLE)
            return counts_expression(t, p, targets)

        sql = compiled(store, (window.settings, "counts", units is None), build)
        return store.con.execute(sql).fetch_arrow_table()


def run_rows(
    store: Store,
    window: Window,
    units: Sequence[str] | None,
    name: str,
    build: Callable[[Tables, Params, Any], Any],
) -> pa.Table:
    """Run a per-record expression (``build(tables, params, targets)``) — for explain listings."""
    with _lock:
        bind(store, window, units)

        def build2(t: Tables, p: Params) -> Any:
            targets = t.units.select("code") if units is None else store.table(TARGETS_TABLE)
            return build(t, p, targets)

        sql = compiled(store, (window.settings, name, units is None), build2)
        return store.con.execute(sql).fetch_arrow_table()
