"""Running the counting expressions on a store: compile once, bind the window and targets as tables, execute.

Compiling the whole indicator query takes a few hundred milliseconds; running it for one commune takes tens. So the
SQL is compiled once per (backend dialect, counting settings, target kind) with sentinel literals in place of the
window's values; on each connection it is then prepared once, the sentinels becoming typed parameters and the
target units a list parameter, so that a live query pays neither compilation nor planning. DuckDB still prunes
row groups by unit through the join filter it derives from the (small) target list at run time.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import ibis
import pyarrow as pa

from chiso.compute.metrics import SENTINELS, CountingSettings, Params, Tables, Window, counts_expression

if TYPE_CHECKING:
    from chiso.store.db import Store

TARGETS_TABLE = "_chiso_targets"

_cache: dict[tuple[Any, ...], str] = {}
_lock = threading.RLock()


def to_sql(expr: Any, dialect: str) -> str:
    """``expr`` compiled to ``dialect``'s SQL.

    PostgreSQL: depending on which Ibis/sqlglot dialect modules a process has imported, a date literal comes out as
    the generic DATE_FROM_PARTS(y, m, d), which PostgreSQL lacks; its name there is MAKE_DATE."""
    sql = ibis.to_sql(expr, dialect=dialect)
    if dialect == "postgres":
        sql = sql.replace("DATE_FROM_PARTS(", "MAKE_DATE(")
    return str(sql)


def literal_sql(value: Any, dialect: str = "duckdb") -> str:
    """How ``dialect`` writes ``value`` as a literal (Ibis decides, so substitution matches compilation)."""
    sql = to_sql(ibis.literal(value).name("v"), dialect)
    body = " ".join(sql.split())
    start, end = body.index("SELECT ") + len("SELECT "), body.rindex(" AS ")
    return body[start:end]


def compiled(store: Store, key: tuple[Any, ...], build: Callable[[Tables, Params], Any]) -> str:
    """The SQL of ``build(tables, params)`` with sentinel window values, compiled once per ``key``."""
    full_key = (store.dialect, *key)
    with _lock:
        sql = _cache.get(full_key)
        if sql is None:
            settings: CountingSettings = key[0]
            expr = build(Tables.from_backend(store.table), Params.sentinels(settings))
            sql = to_sql(expr, store.dialect)
            _cache[full_key] = sql
        return sql


_PARAM_TYPES = {
    "start": "DATE",
    "end": "DATE",
    "as_of": "TIMESTAMPTZ",
    "judged": "TIMESTAMPTZ",
    "judged_day": "DATE",
    "as_of_s": "BIGINT",
    "judged_s": "BIGINT",
}


@dataclass(frozen=True)
class Prepared:
    """A statement prepared on one connection: planned once, executed with the window and targets as parameters.

    On PostgreSQL ``sql`` holds the statement with named psycopg parameters (psycopg prepares it on the server after
    its first uses); on DuckDB the statement is prepared by name and ``sql`` is empty."""

    name: str
    params: tuple[str, ...]
    has_targets: bool
    sql: str = ""


def _duckdb_literal(value: Any) -> str:
    if isinstance(value, dt.datetime):
        return f"TIMESTAMPTZ '{value.isoformat()}'"
    if isinstance(value, dt.date):
        return f"DATE '{value.isoformat()}'"
    if isinstance(value, int):
        return str(value)
    raise TypeError(value)


def prepare(store: Store, key: tuple[Any, ...], build: Callable[[Tables, Params, Any], Any]) -> Prepared:
    """Compile (once per process) and prepare (once per connection) the query ``build`` describes.

    Planning the whole indicator query costs about as much as running it for one commune, so the plan is kept:
    sentinel literals become typed parameters, and the target units a list parameter."""
    found = store.prepared.get(key)
    if isinstance(found, Prepared):
        return found
    if key[-1] is False:  # a list of target units: bind a placeholder table to compile against
        store.con.register(TARGETS_TABLE, pa.table({"code": pa.array([], pa.string())}))

    def build2(t: Tables, p: Params) -> Any:
        targets = t.units.select("code") if key[-1] else store.table(TARGETS_TABLE)
        return build(t, p, targets)

    sql = compiled(store, key, build2)
    if store.backend == "postgres":
        return _prepare_postgres(store, key, sql)
    used = []
    for name, value in SENTINELS.items():
        literal = literal_sql(value)
        if literal in sql:
            sql = sql.replace(literal, f"CAST($p_{name} AS {_PARAM_TYPES[name]})")
            used.append(name)
    has_targets = f'"{TARGETS_TABLE}"' in sql
    sql = sql.replace(f'"{TARGETS_TABLE}"', '(SELECT unnest(CAST($p_targets AS VARCHAR[])) AS "code")')
    prepared = Prepared(f"chiso_q{len(store.prepared)}", tuple(used), has_targets)
    store.con.execute(f"PREPARE {prepared.name} AS {sql}")
    store.prepared[key] = prepared
    return prepared


def _prepare_postgres(store: Store, key: tuple[Any, ...], sql: str) -> Prepared:
    sql = sql.replace("%", "%%")  # psycopg's placeholders start with %
    used = []
    for name, value in SENTINELS.items():
        literal = literal_sql(value, "postgres")
        if literal in sql:
            sql = sql.replace(literal, f"CAST(%(p_{name})s AS {_PARAM_TYPES[name]})")
            used.append(name)
    has_targets = f'"{TARGETS_TABLE}"' in sql
    sql = sql.replace(f'"{TARGETS_TABLE}"', '(SELECT unnest(CAST(%(p_targets)s AS VARCHAR[])) AS "code")')
    prepared = Prepared(f"chiso_q{len(store.prepared)}", tuple(used), has_targets, sql)
    store.prepared[key] = prepared
    return prepared


def execute(store: Store, prepared: Prepared, window: Window, units: Sequence[str] | None) -> pa.Table:
    """Run a prepared statement for ``window`` and ``units``."""
    values = window.values()
    if store.backend == "postgres":
        params: dict[str, Any] = {f"p_{k}": values[k] for k in prepared.params}
        if prepared.has_targets:
            params["p_targets"] = [str(u) for u in units or ()]
        return store.con.execute_native(prepared.sql, params).fetch_arrow_table()
    args = [f"p_{k} := {_duckdb_literal(values[k])}" for k in prepared.params]
    if prepared.has_targets:
        quoted = ", ".join("'" + str(u).replace("'", "''") + "'" for u in units or ())
        args.append(f"p_targets := [{quoted}]::VARCHAR[]")
    return store.con.execute(f"EXECUTE {prepared.name}({', '.join(args)})").to_arrow_table()


def run_counts(store: Store, window: Window, units: Sequence[str] | None) -> pa.Table:
    """Numerators/denominators of every counting key for ``units`` (all units when ``None``)."""
    with _lock:
        prepared = prepare(store, (window.settings, "counts", units is None), counts_expression)
        return execute(store, prepared, window, units)


def run_rows(
    store: Store,
    window: Window,
    units: Sequence[str] | None,
    name: str,
    build: Callable[[Tables, Params, Any], Any],
) -> pa.Table:
    """Run a per-record expression (``build(tables, params, targets)``) — for explain listings."""
    with _lock:
        prepared = prepare(store, (window.settings, name, units is None), build)
        return execute(store, prepared, window, units)
