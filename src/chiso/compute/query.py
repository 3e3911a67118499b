"""Running the counting expressions on a store: compile once, bind the window and targets as tables, execute.

Compiling the whole indicator query takes a few hundred milliseconds; running it for one commune takes tens. So the
SQL is compiled once per (backend dialect, counting settings, target kind) and reused: it carries sentinel literals
in place of the window's values, replaced by the real literals at each run (constants let the database prune row
groups by reception day and unit), and the target units live in a small registered table.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import ibis
import pyarrow as pa

from chiso.compute.metrics import SENTINELS, CountingSettings, Params, Tables, Window, counts_expression

if TYPE_CHECKING:
    from chiso.store.db import Store

TARGETS_TABLE = "_chiso_targets"

_cache: dict[tuple[Any, ...], str] = {}
_lock = threading.RLock()


def bind(store: Store, units: Sequence[str] | None) -> None:
    """Register the target units (when given) for the next compiled query."""
    if units is not None:
        store.con.register(TARGETS_TABLE, pa.table({"code": pa.array(list(units), pa.string())}))


def literal_sql(value: Any, dialect: str = "duckdb") -> str:
    """How ``dialect`` writes ``value`` as a literal (Ibis decides, so substitution matches compilation)."""
    sql = ibis.to_sql(ibis.literal(value).name("v"), dialect=dialect)
    body = " ".join(sql.split())
    start, end = body.index("SELECT ") + len("SELECT "), body.rindex(" AS ")
    return body[start:end]


def substitute(sql: str, window: Window, dialect: str = "duckdb") -> str:
    """Replace the sentinel literals of compiled ``sql`` by the window's values."""
    for name, value in window.values().items():
        sql = sql.replace(literal_sql(SENTINELS[name], dialect), literal_sql(value, dialect))
    return sql


def compiled(store: Store, key: tuple[Any, ...], build: Callable[[Tables, Params], Any]) -> str:
    """The SQL of ``build(tables, params)`` with sentinel window values, compiled once per ``key``."""
    full_key = ("duckdb", *key)
    with _lock:
        sql = _cache.get(full_key)
        if sql is None:
            settings: CountingSettings = key[0]
            sql = ibis.to_sql(build(Tables.from_backend(store.table), Params.sentinels(settings)), dialect="duckdb")
            _cache[full_key] = sql
        return sql


def run_counts(store: Store, window: Window, units: Sequence[str] | None) -> pa.Table:
    """Numerators/denominators of every counting key for ``units`` (all units when ``None``)."""
    with _lock:
        bind(store, units)

        def build(t: Tables, p: Params) -> Any:
            targets = t.units.select("code") if units is None else store.table(TARGETS_TABLE)
            return counts_expression(t, p, targets)

        sql = compiled(store, (window.settings, "counts", units is None), build)
        return store.con.execute(substitute(sql, window)).fetch_arrow_table()


def run_rows(
    store: Store,
    window: Window,
    units: Sequence[str] | None,
    name: str,
    build: Callable[[Tables, Params, Any], Any],
) -> pa.Table:
    """Run a per-record expression (``build(tables, params, targets)``) — for explain listings."""
    with _lock:
        bind(store, units)

        def build2(t: Tables, p: Params) -> Any:
            targets = t.units.select("code") if units is None else store.table(TARGETS_TABLE)
            return build(t, p, targets)

        sql = compiled(store, (window.settings, name, units is None), build2)
        return store.con.execute(substitute(sql, window)).fetch_arrow_table()
