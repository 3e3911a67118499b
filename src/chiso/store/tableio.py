"""Store tables as streams of Arrow record batches and as Parquet files, the same on both backends.

Backups (:mod:`chiso.store.backup`) and the Parquet snapshot for Spark (:mod:`chiso.compute.snapshot`) read whole
tables that may hold millions of rows. They are read in batches, never as Python objects per value, and typed
from the table's declared column types, so that a DuckDB and a PostgreSQL store with the same rows give Parquet
files with the same schema: VARCHAR → string, INTEGER → int32, BIGINT → int64, DOUBLE → float64, BOOLEAN → bool,
DATE → date32 and TIMESTAMPTZ → UTC-adjusted microsecond timestamps.

- DuckDB streams its result as Arrow itself (``to_arrow_reader``).
- PostgreSQL sends ``COPY (SELECT …) TO STDOUT`` as CSV, parsed by Arrow's CSV reader (in C, block by block). Instants
  travel as epoch microseconds, so the session's time zone and text formats do not matter.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

if TYPE_CHECKING:
    from chiso.store.db import Store

BATCH_ROWS = 1 << 17
_CSV_BLOCK = 16 << 20
_INSTANT = pa.timestamp("us", tz="UTC")

# information_schema.columns.data_type (DuckDB's spelling, then PostgreSQL's) → Arrow.
_TYPES: dict[str, pa.DataType] = {
    "varchar": pa.string(),
    "character varying": pa.string(),
    "text": pa.string(),
    "boolean": pa.bool_(),
    "smallint": pa.int16(),
    "integer": pa.int32(),
    "bigint": pa.int64(),
    "real": pa.float32(),
    "float": pa.float32(),
    "double": pa.float64(),
    "double precision": pa.float64(),
    "date": pa.date32(),
    "timestamp with time zone": _INSTANT,
    "timestamp": pa.timestamp("us"),
    "timestamp without time zone": pa.timestamp("us"),
}


def tables(store: Store) -> list[str]:
    """The base tables of the store's own schema, by name."""
    rows = store.con.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() "
        "AND table_catalog = current_database() AND table_type = 'BASE TABLE' ORDER BY table_name"
    ).fetchall()
    return sorted(str(r[0]) for r in rows)


def table_schema(store: Store, table: str) -> pa.Schema:
    """The Arrow schema of ``table``, from its declared column types (in table order)."""
    rows = store.con.execute(
        "SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = current_schema() "
        "AND table_catalog = current_database() AND table_name = ? ORDER BY ordinal_position",
        [table],
    ).fetchall()
    if not rows:
        raise KeyError(table)
    fields = []
    for name, kind in rows:
        typ = _TYPES.get(str(kind).lower())
        if typ is None:
            raise TypeError(f"{table}.{name}: no Arrow type for {kind}")
        fields.append(pa.field(str(name), typ))
    return pa.schema(fields)


def read_batches(
    store: Store, table: str, where: str = "TRUE", schema: pa.Schema | None = None
) -> Iterator[pa.RecordBatch]:
    """The rows of ``table`` matching ``where`` (SQL valid on both backends, over the bare column names), as record
    batches typed by :func:`table_schema`."""
    schema = schema if schema is not None else table_schema(store, table)
    if store.backend == "postgres":
        yield from _pg_batches(store, table, where, schema)
        return
    cols = ", ".join(_quoted(n) for n in schema.names)
    reader = store.con.execute(f"SELECT {cols} FROM {_quoted(table)} WHERE {where}").to_arrow_reader(BATCH_ROWS)
    for batch in reader:
        # DuckDB labels instants with the session's time zone: the same instants, labelled UTC as PostgreSQL's are.
        yield batch.cast(schema)


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


class _CopyStream(io.RawIOBase):
    """The bytes of a ``COPY … TO STDOUT`` as a readable file, for Arrow's CSV reader."""

    def __init__(self, copy: Any, first: bytes) -> None:
        self._copy = copy
        self._pending = memoryview(first)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        while not self._pending:
            chunk = self._copy.read()
            if not chunk:
                return 0
            self._pending = memoryview(chunk)
        n = min(len(buffer), len(self._pending))
        buffer[:n] = self._pending[:n]
        self._pending = self._pending[n:]
        return n


def _pg_batches(store: Store, table: str, where: str, schema: pa.Schema) -> Iterator[pa.RecordBatch]:
    exprs, wire = [], []
    for f in schema:
        if f.type == _INSTANT:
            exprs.append(f"(extract(epoch FROM {_quoted(f.name)}) * 1000000)::bigint")
            wire.append(pa.field(f.name, pa.int64()))
        else:
            exprs.append(_quoted(f.name))
            wire.append(f)
    sql = f"COPY (SELECT {', '.join(exprs)} FROM {_quoted(table)} WHERE {where}) TO STDOUT (FORMAT csv)"
    convert = pacsv.ConvertOptions(
        column_types={f.name: f.type for f in wire},
        # PostgreSQL's CSV: NULL is an empty unquoted field, an empty string is "" — kept apart here.
        null_values=[""],
        strings_can_be_null=True,
        quoted_strings_can_be_null=False,
        true_values=["t"],
        false_values=["f"],
    )
    read = pacsv.ReadOptions(column_names=schema.names, block_size=_CSV_BLOCK)
    parse = pacsv.ParseOptions(newlines_in_values=True)
    with store.con.raw.cursor() as cur, cur.copy(sql) as copy:
        first = copy.read()
        if not first:  # Arrow refuses an empty CSV stream: no rows, no batches
            return
        stream = io.BufferedReader(_CopyStream(copy, bytes(first)), 1 << 20)
        for batch in pacsv.open_csv(stream, read_options=read, parse_options=parse, convert_options=convert):
            columns = [
                col.cast(f.type) if col.type != f.type else col for col, f in zip(batch.columns, schema, strict=True)
            ]
            yield pa.RecordBatch.from_arrays(columns, schema=schema)


def write_parquet(batches: Iterable[pa.RecordBatch], schema: pa.Schema, path: Path) -> int:
    """Write ``batches`` to the Parquet file ``path`` (zstd); returns the number of rows written."""
    rows = 0
    with pq.ParquetWriter(path, schema, compression="zstd") as writer:
        for batch in batches:
            writer.write_batch(batch)
            rows += batch.num_rows
    return rows


def append_parquet(store: Store, table: str, path: Path, columns: Sequence[str] | None = None) -> None:
    """Append the rows of the Parquet file ``path`` to ``table`` (columns matched by name)."""
    if store.backend == "postgres":
        source = pq.ParquetFile(path)
        for batch in source.iter_batches(batch_size=BATCH_ROWS, columns=list(columns) if columns else None):
            if batch.num_rows:
                store.con.copy_in(table, pa.Table.from_batches([batch]))
        return
    select = "*" if not columns else ", ".join(_quoted(c) for c in columns)
    store.con.execute(f"INSERT INTO {_quoted(table)} BY NAME SELECT {select} FROM read_parquet(?)", [str(path)])
