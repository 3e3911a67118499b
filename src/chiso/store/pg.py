"""The PostgreSQL store: the connection the rest of chiso sees, shaped like the DuckDB connection it already uses.

chiso's SQL is written once, in DuckDB's dialect (the embedded default), and reaches PostgreSQL through sqlglot,
which rewrites it statement by statement (cached: each distinct statement is translated once per process). The Ibis
indicator expressions do not go through this: they are compiled straight to the ``postgres`` dialect.

What the adapter adds to a psycopg connection, so that callers need no second code path:

- ``register(name, arrow_table)`` / ``unregister(name)``: DuckDB scans an Arrow table in place; here the rows are
  copied (``COPY … FROM STDIN`` in CSV, written by Arrow in C) into a temporary table of the session.
- DML without ``RETURNING`` answers ``fetchone()`` with its row count, as DuckDB does.
- ``fetch_arrow_table()`` / ``to_arrow_table()`` build Arrow tables from the result's column types.
- ``cursor()`` opens a second session on the same database and schema (DuckDB's cursor is a second connection).

A URL may name a schema (``postgresql://host/db?schema=hanoi``): several stores then share one database, each in its
own schema, created on first use.
"""

from __future__ import annotations

import contextlib
import decimal
import io
import re
import threading
import urllib.parse
from collections.abc import Sequence
from typing import Any

import psycopg
import pyarrow as pa
import pyarrow.csv as pacsv
import sqlglot
import sqlglot.expressions as exp

URL_PREFIXES = ("postgresql://", "postgres://")
_PARAM_MARK = "__chiso_param__"
_translated: dict[str, str] = {}
_translated_params: dict[str, str] = {}
_lock = threading.Lock()

Error = psycopg.Error


def is_postgres_url(location: str) -> bool:
    """Whether ``location`` names a PostgreSQL database rather than a DuckDB file."""
    return location.startswith(URL_PREFIXES)


def split_url(url: str) -> tuple[str, str | None]:
    """The libpq connection URL and the schema named by its ``schema`` query parameter (if any)."""
    parts = urllib.parse.urlsplit(url)
    query = urllib.parse.parse_qsl(parts.query, keep_blank_values=True)
    schema = next((v for k, v in query if k == "schema"), None)
    rest = urllib.parse.urlencode([(k, v) for k, v in query if k != "schema"])
    return urllib.parse.urlunsplit(parts._replace(query=rest)), schema


def redacted(url: str) -> str:
    """``url`` without its password, for messages and logs."""
    parts = urllib.parse.urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
    return urllib.parse.urlunsplit(parts._replace(netloc=netloc))


def translate(sql: str, *, with_params: bool) -> str:
    """``sql`` (DuckDB dialect, ``?`` placeholders) as PostgreSQL for psycopg (``%s`` placeholders)."""
    cache = _translated_params if with_params else _translated
    found = cache.get(sql)
    if found is not None:
        return found
    tree = sqlglot.parse_one(sql, read="duckdb")
    tree = tree.transform(_typed_lists).transform(
        lambda n: exp.var(_PARAM_MARK) if isinstance(n, exp.Placeholder) else n
    )
    out = tree.sql(dialect="postgres")
    if with_params:
        # psycopg reads % as the start of a placeholder: literal ones (LIKE '%x') are doubled.
        out = out.replace("%", "%%").replace(_PARAM_MARK, "%s")
    with _lock:
        cache[sql] = out
    return out


def _typed_lists(node: exp.Expression) -> exp.Expression:
    # unnest(?) of a Python list: psycopg sends strings untyped, and PostgreSQL cannot choose an unnest for
    # "unknown". chiso's list parameters are lists of codes.
    if isinstance(node, exp.Explode | exp.Unnest):
        for arg in ("this", "expressions"):
            value = node.args.get(arg)
            if isinstance(value, exp.Placeholder):
                node.set(arg, exp.cast(value.copy(), "VARCHAR[]"))
            elif isinstance(value, list) and len(value) == 1 and isinstance(value[0], exp.Placeholder):
                node.set(arg, [exp.cast(value[0].copy(), "VARCHAR[]")])
    return node


def _pg_type(typ: pa.DataType) -> str:
    if pa.types.is_string(typ) or pa.types.is_large_string(typ) or pa.types.is_dictionary(typ):
        return "TEXT"
    if pa.types.is_boolean(typ):
        return "BOOLEAN"
    if pa.types.is_int8(typ) or pa.types.is_int16(typ) or pa.types.is_uint8(typ):
        return "SMALLINT"
    if pa.types.is_int32(typ) or pa.types.is_uint16(typ):
        return "INTEGER"
    if pa.types.is_integer(typ):
        return "BIGINT"
    if pa.types.is_floating(typ):
        return "DOUBLE PRECISION"
    if pa.types.is_date(typ):
        return "DATE"
    if pa.types.is_timestamp(typ):
        return "TIMESTAMPTZ" if typ.tz is not None else "TIMESTAMP"
    if pa.types.is_decimal(typ):
        return f"NUMERIC({typ.precision}, {typ.scale})"
    if pa.types.is_binary(typ) or pa.types.is_large_binary(typ):
        return "BYTEA"
    if pa.types.is_null(typ):
        return "TEXT"
    raise TypeError(f"no PostgreSQL type for Arrow {typ}")


# PostgreSQL type OIDs → Arrow types of the columns chiso reads back.
_OID_TYPES: dict[int, pa.DataType] = {
    16: pa.bool_(),
    20: pa.int64(),
    21: pa.int16(),
    23: pa.int32(),
    25: pa.string(),
    1043: pa.string(),
    1042: pa.string(),
    19: pa.string(),
    700: pa.float32(),
    701: pa.float64(),
    1082: pa.date32(),
    1114: pa.timestamp("us"),
    # TIMESTAMPTZ: in the session zone, as DuckDB's results are (chiso sets Asia/Ho_Chi_Minh on both).
    1184: pa.timestamp("us", tz="Asia/Ho_Chi_Minh"),
    17: pa.binary(),
}


def _column(values: list[Any], oid: int) -> pa.Array:
    typ = _OID_TYPES.get(oid)
    if typ is not None:
        return pa.array(values, typ)
    if oid == 1700:  # numeric: sum() of BIGINT is NUMERIC in PostgreSQL; counts come back as integers
        if all(v is None or v == v.to_integral_value() for v in values):
            return pa.array([int(v) if v is not None else None for v in values], pa.int64())
        return pa.array([float(v) if v is not None else None for v in values], pa.float64())
    return pa.array([v if not isinstance(v, decimal.Decimal) else float(v) for v in values])


class PgResult:
    """The rows of one statement, read like a DuckDB result."""

    def __init__(self, rows: list[tuple[Any, ...]], description: Sequence[Any] | None, rowcount: int) -> None:
        self._rows = rows
        self._pos = 0
        if description is None:  # DML: DuckDB answers with one row holding the count of rows changed
            self.description: list[tuple[Any, ...]] | None = [("Count", None)]
            self._oids: list[int] = [20]
            self._rows = [(max(rowcount, 0),)]
        else:
            self.description = [(d.name, d.type_code) for d in description]
            self._oids = [int(d.type_code) for d in description]

    def fetchone(self) -> tuple[Any, ...] | None:
        """The next row, or ``None``."""
        if self._pos >= len(self._rows):
            return None
        row = self._rows[self._pos]
        self._pos += 1
        return _plain(row)

    def fetchall(self) -> list[tuple[Any, ...]]:
        """The remaining rows."""
        rows = self._rows[self._pos :]
        self._pos = len(self._rows)
        return [_plain(r) for r in rows]

    def fetch_arrow_table(self) -> pa.Table:
        """The remaining rows as an Arrow table typed from the result's columns."""
        rows = self._rows[self._pos :]
        self._pos = len(self._rows)
        names = [str(d[0]) for d in self.description or []]
        columns = list(zip(*rows, strict=True)) if rows else [() for _ in names]
        arrays = [_column(list(c), oid) for c, oid in zip(columns, self._oids, strict=True)]
        return pa.table(dict(zip(_unique(names), arrays, strict=True)))

    to_arrow_table = fetch_arrow_table


def _unique(names: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for n in names:
        k = seen.get(n, 0)
        seen[n] = k + 1
        out.append(n if k == 0 else f"{n}_{k}")
    return out


def _plain(row: tuple[Any, ...]) -> tuple[Any, ...]:
    # DuckDB hands back ints for integral sums; PostgreSQL's sum() of BIGINT is NUMERIC, normalised here so that
    # callers get equal values from both backends.
    if not any(isinstance(v, decimal.Decimal) for v in row):
        return row
    return tuple(
        (int(v) if v == v.to_integral_value() else float(v)) if isinstance(v, decimal.Decimal) else v for v in row
    )


class PgConnection:
    """A psycopg session that answers the subset of DuckDB's connection API chiso uses."""

    def __init__(self, url: str, *, schema: str | None = None) -> None:
        self.url = url
        self.schema = schema
        self.registered: dict[str, pa.Schema] = {}
        try:
            self.raw = psycopg.connect(url, autocommit=True)
        except psycopg.Error as exc:
            from chiso.store.db import StoreError

            raise StoreError(f"Không kết nối được PostgreSQL {redacted(url)}: {exc}") from exc
        self.raw.execute("SET TimeZone = 'Asia/Ho_Chi_Minh'")
        if schema is not None:
            if not re.fullmatch(r"[a-z_][a-z0-9_]{0,62}", schema):
                from chiso.store.db import StoreError

                raise StoreError(f"Tên schema PostgreSQL không hợp lệ: {schema!r} (chỉ chữ thường, số và _).")
            # Another node may create it at the same moment: IF NOT EXISTS does not cover that race.
            with contextlib.suppress(psycopg.errors.UniqueViolation):
                self.raw.execute(f'CREATE SCHEMA IF NOT EXISTS "{schema}"')
            self.raw.execute(f'SET search_path = "{schema}"')

    # -- statements ---------------------------------------------------------------------------------------------

    def execute(self, sql: str, params: Sequence[Any] | None = None) -> PgResult:
        """Run one statement written in DuckDB's dialect; the result reads like DuckDB's."""
        text = sql.strip().rstrip(";")
        if text.upper().startswith(("SET TIMEZONE", "SET TIME ZONE")):
            self.raw.execute(text)
            return PgResult([], None, 0)
        replace = _REPLACE_TEMP.match(text)
        if replace:  # PostgreSQL has no CREATE OR REPLACE TABLE
            self.raw.execute(f'DROP TABLE IF EXISTS pg_temp."{replace.group(2)}"')
            text = "CREATE TEMPORARY TABLE " + text[replace.end(1) :]
        by_name = _BY_NAME.match(text)
        if by_name:
            text = self._resolve_by_name(by_name)
        query = translate(text, with_params=bool(params))
        cur = self.raw.execute(query, list(params) if params else None, prepare=False)
        rows = cur.fetchall() if cur.description is not None else []
        return PgResult(rows, cur.description, cur.rowcount)

    def execute_native(self, sql: str, params: Sequence[Any] | dict[str, Any] | None = None) -> PgResult:
        """Run PostgreSQL SQL as written (the engine's compiled queries, already in this dialect)."""
        cur = self.raw.execute(sql, params, prepare=params is not None)
        rows = cur.fetchall() if cur.description is not None else []
        return PgResult(rows, cur.description, cur.rowcount)

    def _resolve_by_name(self, match: re.Match[str]) -> str:
        table, source = match.group(1), match.group(2)
        schema = self.registered.get(source)
        if schema is None:
            raise ValueError(f"INSERT BY NAME from {source}: not a registered table")
        cols = ", ".join(f'"{n}"' for n in schema.names)
        return f"INSERT INTO {table} ({cols}) SELECT {cols} FROM {source}"

    # -- Arrow tables as temporary tables -----------------------------------------------------------------------

    def register(self, name: str, table: pa.Table) -> None:
        """Make ``table`` queryable as ``name`` in this session (a temporary table holding a copy of its rows)."""
        if isinstance(table, pa.RecordBatch):
            table = pa.Table.from_batches([table])
        cols = ", ".join(f'"{f.name}" {_pg_type(f.type)}' for f in table.schema)
        self.raw.execute(f'DROP TABLE IF EXISTS pg_temp."{name}"')
        self.raw.execute(f'CREATE TEMPORARY TABLE "{name}" ({cols})')
        self.registered[name] = table.schema
        if table.num_rows:
            self.copy_in(name, table)
            # Without statistics the planner guesses a temporary table's size and may scan a whole store table
            # where an index lookup per row was cheaper (the facts refresh of a few dossiers, say).
            self.raw.execute(f'ANALYZE "{name}"')

    def copy_in(self, name: str, table: pa.Table) -> None:
        """Append ``table``'s rows to the table ``name`` with COPY (CSV written by Arrow)."""
        cast = []
        for f in table.schema:
            col = table.column(f.name)
            if pa.types.is_dictionary(f.type):
                col = col.cast(pa.string())
            if pa.types.is_timestamp(f.type) and f.type.tz is not None:
                col = col.cast(pa.timestamp("us", tz="UTC"))
            cast.append(col)
        table = pa.table(dict(zip(table.column_names, cast, strict=True)))
        buf = io.BytesIO()
        # Every valid value quoted, nulls not: PostgreSQL's CSV reads "" as an empty string and nothing as NULL.
        pacsv.write_csv(table, buf, pacsv.WriteOptions(include_header=False, quoting_style="all_valid"))
        cols = ", ".join(f'"{n}"' for n in table.column_names)
        with self.raw.cursor() as cur, cur.copy(f'COPY "{name}" ({cols}) FROM STDIN (FORMAT csv)') as copy:
            view = buf.getbuffer()
            step = 1 << 20
            for i in range(0, len(view), step):
                copy.write(view[i : i + step])

    def unregister(self, name: str) -> None:
        """Drop the temporary table made by :meth:`register`."""
        self.registered.pop(name, None)
        self.raw.execute(f'DROP TABLE IF EXISTS pg_temp."{name}"')

    # -- sessions -----------------------------------------------------------------------------------------------

    def cursor(self) -> PgConnection:
        """A second session on the same database and schema."""
        return PgConnection(self.url, schema=self.schema)

    def close(self) -> None:
        """Close the session (temporary tables go with it)."""
        self.raw.close()


_REPLACE_TEMP = re.compile(r"^CREATE\s+OR\s+REPLACE\s+TEMP(?:ORARY)?\s+TABLE\s+()(\w+)", re.IGNORECASE)
_BY_NAME = re.compile(r"^INSERT\s+INTO\s+(\w+)\s+BY\s+NAME\s+SELECT\s+\*\s+FROM\s+(\w+)$", re.IGNORECASE)
