"""Copy a DuckDB store into a PostgreSQL store, fast, for the benchmarks that compare the two backends.

    .venv/bin/python benchmarks/pg_load.py /tmp/country.duckdb 'postgresql://postgres@127.0.0.1:55433/chiso?schema=country'

The PostgreSQL store is opened (created and migrated) by chiso itself, so its schema is exactly what a deployment
gets. Then every table is emptied, its indexes and constraints are dropped, the DuckDB rows are streamed over as
Arrow batches and appended with COPY (``PgConnection.copy_in``), and the constraints and indexes are created again
after the load, followed by ANALYZE: building an index once over loaded rows is much faster than maintaining it row
by row, and the planner needs the statistics before the first query. A bulk load is what an operator moving an
existing DuckDB store to PostgreSQL does, so the timing is printed too.
"""

from __future__ import annotations

import argparse
import time
from typing import Any

import duckdb
import pyarrow as pa

from chiso.store import Store

BATCH_ROWS = 500_000


def _schema_objects(con: Any) -> tuple[list[tuple[str, str, str]], list[tuple[str, str]]]:
    """The current schema's constraints (table, name, definition: keys first, then foreign keys) and the indexes
    that back no constraint (name, definition)."""
    constraints = con.execute_native(
        """
        SELECT c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid)
        FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
        WHERE n.nspname = current_schema() AND c.contype IN ('p', 'u', 'f')
        ORDER BY c.contype = 'f', 1, 2
        """
    ).fetchall()
    indexes = con.execute_native(
        """
        SELECT i.indexname, i.indexdef FROM pg_indexes i
        WHERE i.schemaname = current_schema()
          AND NOT EXISTS (SELECT 1 FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
                          WHERE n.nspname = current_schema() AND c.conname = i.indexname)
        ORDER BY 1
        """
    ).fetchall()
    return [(str(t), str(n), str(d)) for t, n, d in constraints], [(str(n), str(d)) for n, d in indexes]


def load(duck_path: str, url: str, *, verbose: bool = True) -> dict[str, float]:
    """Make the PostgreSQL store at ``url`` hold exactly the rows of the DuckDB store at ``duck_path``.

    Returns the row count and the seconds spent copying and indexing."""
    src = duckdb.connect(duck_path, read_only=True)
    src.execute("SET TimeZone = 'Asia/Ho_Chi_Minh'")
    tables = [
        str(r[0])
        for r in src.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE' "
            "AND table_schema = current_schema() ORDER BY 1"
        ).fetchall()
    ]
    store = Store.open(url)
    con = store.con
    pg_tables = {
        str(r[0])
        for r in con.execute_native(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() "
            "AND table_type = 'BASE TABLE'"
        ).fetchall()
    }
    # schema_version is the PostgreSQL store's own (its migrations ran); every other table comes from DuckDB.
    tables = [t for t in tables if t in pg_tables and t != "schema_version"]
    constraints, indexes = _schema_objects(con)
    for table, name, _ in reversed(constraints):
        con.execute_native(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
    for name, _ in indexes:
        con.execute_native(f'DROP INDEX "{name}"')
    # A fresh store holds only its calendar; a reused one is emptied (an append-only audit log refuses this: load
    # into a new schema then).
    filled = [t for t in tables if con.execute_native(f'SELECT EXISTS (SELECT 1 FROM "{t}")').fetchone() == (True,)]
    if filled:
        con.execute_native("TRUNCATE " + ", ".join(f'"{t}"' for t in filled))

    rows = 0
    t0 = time.perf_counter()
    for table in tables:
        t1 = time.perf_counter()
        n = 0
        reader = src.execute(f'SELECT * FROM "{table}"').to_arrow_reader(BATCH_ROWS)
        for batch in reader:
            if batch.num_rows:
                con.copy_in(table, pa.Table.from_batches([batch]))
                n += batch.num_rows
        rows += n
        if verbose and n:
            print(f"  {table}: {n:,} rows in {time.perf_counter() - t1:.1f} s")
    copy_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    for table, name, definition in constraints:
        con.execute_native(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
    for _, definition in indexes:
        con.execute_native(definition)
    con.execute_native("ANALYZE")
    index_s = time.perf_counter() - t0
    store.close()
    src.close()
    if verbose:
        print(
            f"loaded into PostgreSQL: {rows:,} rows in {copy_s:.1f} s ({rows / max(copy_s, 1e-9):,.0f} rows/s); "
            f"{len(constraints)} constraints and {len(indexes)} indexes rebuilt + ANALYZE in {index_s:.1f} s"
        )
    return {"rows": rows, "copy_s": copy_s, "index_s": index_s}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("duckdb", help="the DuckDB store to copy")
    ap.add_argument("url", help="the PostgreSQL store (postgresql://…?schema=name)")
    args = ap.parse_args()
    load(args.duckdb, args.url)


if __name__ == "__main__":
    main()
