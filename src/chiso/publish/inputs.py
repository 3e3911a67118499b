"""The content hash of what a period's computation reads.

Each input is a set of rows (a table, or the part of it the period's counting reads: dossiers received in the
period with their facts, their events and payments, the period's petitions and the later repeats that refer to
them; the whole catalogue, unit tree, closure and working calendar). Its digest is computed inside the database,
set-based: every row is serialised as JSON (``to_json``: unambiguous quoting, NULL distinct from "NULL"; instants
as epoch microseconds, so the session's time zone does not matter), hashed with MD5, and the 128-bit hashes are
summed as two 64-bit halves together with the row count. A sum does not depend on row order, so no sort is
needed, and any added, removed or changed row moves it. The input hash is SHA-256 over the per-input digests, so
a verification can say which input changed.

On PostgreSQL the same recipe runs with its own functions (``row_to_json``, ``md5``, the halves read as signed
64-bit integers and summed as NUMERIC). The two databases write JSON differently (a DOUBLE 5 is ``5.0`` in DuckDB,
``5`` in PostgreSQL), so a digest is comparable only with one computed on the same backend; PostgreSQL's are
marked ``pg:`` so that a store restored across backends is not mistaken for changed data (see
:func:`chiso.publish.frozen.verify`).

``written_at`` (when chiso stored a row) is not an input of any indicator and is left out. The column list of
each input is kept with the digest, so a later migration that adds a column does not make an untouched period
look changed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from chiso.compute.period import Period

if TYPE_CHECKING:
    from chiso.store.db import Store

# Input name → (table, WHERE clause over alias ``x``; parameters are $start, $end, $as_of).
_PERIOD_DOSSIERS = "SELECT code FROM dossiers WHERE received_day BETWEEN $start AND $end"
INPUTS: dict[str, tuple[str, str]] = {
    "units": ("units", "TRUE"),
    "unit_closure": ("unit_closure", "TRUE"),
    "procedures": ("procedures", "TRUE"),
    "work_calendar": ("work_calendar", "TRUE"),
    "dossiers": ("dossiers", "x.received_day BETWEEN $start AND $end"),
    "dossier_events": ("dossier_events", f"x.dossier_code IN ({_PERIOD_DOSSIERS})"),
    "payments": ("payments", f"x.dossier_code IN ({_PERIOD_DOSSIERS})"),
    "petitions": (
        "petitions",
        "x.received_day BETWEEN $start AND $end OR (x.repeat_of IS NOT NULL AND x.received_at <= $as_of)",
    ),
}
EXCLUDED_COLUMNS = ("written_at",)
# Prefix of a digest computed by PostgreSQL (DuckDB's carry none, as they did before PostgreSQL stores existed).
PG_TAG = "pg:"


@dataclass(frozen=True)
class Digest:
    """One input's fingerprint: its row count, the sum of its row hashes, and the columns hashed."""

    rows: int
    digest: str
    columns: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        """Plain data (stored with the publication)."""
        return {"rows": self.rows, "digest": self.digest, "columns": list(self.columns)}

    @property
    def backend(self) -> str:
        """The backend that computed the digest: only digests of the same backend are comparable."""
        return "postgres" if self.digest.startswith(PG_TAG) else "duckdb"

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Digest:
        """Read back a stored digest."""
        return cls(int(data["rows"]), str(data["digest"]), tuple(data["columns"]))


def _column_types(store: Store, table: str) -> dict[str, str]:
    rows = store.con.execute(
        "SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = current_schema() "
        "AND table_catalog = current_database() AND table_name = ? ORDER BY ordinal_position",
        [table],
    ).fetchall()
    return {str(r[0]): str(r[1]) for r in rows if r[0] not in EXCLUDED_COLUMNS}


def _columns(store: Store, table: str) -> tuple[str, ...]:
    return tuple(_column_types(store, table))


def _expr(column: str, kind: str | None, backend: str) -> str:
    if kind is None:
        # A column hashed at publication but gone now: NULL, so the digest differs if it ever held data.
        return f'NULL AS "{column}"'
    if kind.upper().startswith("TIMESTAMP WITH TIME ZONE"):
        # Instants as epoch microseconds: their text form would depend on the session's time zone.
        if backend == "postgres":
            return f'(extract(epoch FROM x."{column}") * 1000000)::bigint AS "{column}"'
        return f'epoch_us(x."{column}") AS "{column}"'
    return f'x."{column}"'


def digest_input(
    store: Store, name: str, period: Period, as_of: dt.datetime, columns: Sequence[str] | None = None
) -> Digest:
    """The digest of one input (``columns``: those hashed at publication; default: every current column)."""
    table, where = INPUTS[name]
    types = _column_types(store, table)
    cols = tuple(columns) if columns is not None else tuple(types)
    select = ", ".join(_expr(c, types.get(c), store.backend) for c in cols)
    params = {"start": period.start, "end": period.end, "as_of": as_of}
    rows = f"SELECT {select} FROM {table} x WHERE {where}"
    if store.backend == "postgres":
        # PostgreSQL has no md5_number_*: the hex digest's halves become bit strings, then signed 64-bit integers
        # (summed as NUMERIC, which cannot overflow). Written natively: sqlglot has no translation for these.
        half = "('x' || substr(h, {}, 16))::bit(64)::bigint::numeric"
        sql = (
            f"SELECT count(*), coalesce(sum({half.format(1)}), 0)::text, coalesce(sum({half.format(17)}), 0)::text "
            f"FROM (SELECT md5(row_to_json(r)::text) AS h FROM ({rows}) r) s"
        )
        for k in params:
            sql = sql.replace(f"${k}", f"%({k})s")
        used = {k: v for k, v in params.items() if f"%({k})s" in sql}
        row = store.con.execute_native(sql, used).fetchone()
        assert row is not None
        return Digest(int(row[0]), f"{PG_TAG}{row[1]}:{row[2]}", cols)
    sql = (
        "SELECT count(*), coalesce(sum(md5_number_upper(j)), 0)::VARCHAR, coalesce(sum(md5_number_lower(j)), 0)"
        f"::VARCHAR FROM (SELECT to_json(r)::VARCHAR AS j FROM ({rows}) r)"
    )
    used = {k: v for k, v in params.items() if f"${k}" in sql}
    row = store.con.execute(sql, used).fetchone()
    assert row is not None
    return Digest(int(row[0]), f"{row[1]}:{row[2]}", cols)


def input_digests(
    store: Store, period: Period, as_of: dt.datetime, columns: Mapping[str, Sequence[str]] | None = None
) -> dict[str, Digest]:
    """Every input's digest (``columns``: per input, those hashed at publication)."""
    return {
        name: digest_input(store, name, period, as_of, None if columns is None else columns.get(name))
        for name in INPUTS
    }


def combine(digests: Mapping[str, Digest]) -> str:
    """The input hash: SHA-256 over the digests, by input name."""
    text = json.dumps({k: [d.rows, d.digest] for k, d in sorted(digests.items())}, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()
