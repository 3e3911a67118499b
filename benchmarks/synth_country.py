"""Bulk-load a synthetic whole-country month straight into a store with SQL (for the engine benchmark).

Real unit codes (34 provinces, 3,321 communes from vietnam-provinces), 300 TTHC per province, N dossiers spread over
the communes and October 2026, ~90 % finished, then the derived facts through chiso.store.facts.refresh_facts.
Much faster than the realistic generator at ten million rows: use the generator for realism, this for scale.

    .venv/bin/python benchmarks/synth_country.py /tmp/country.duckdb 10000000
"""

from __future__ import annotations

import sys
import time

import pyarrow as pa
from vietnam_provinces import Province, Ward

from chiso.store import Store, write_units
from chiso.store.facts import refresh_facts

PROCEDURES = """
INSERT INTO procedures (authority_code, code, name, level, online_level, fee_bearing, fee_integrated,
                        issues_result, applicant_type, content_complete, time_limit, time_limit_unit,
                        public_date, decision_date, legal_effective_date)
SELECT u.code, '1.' || (100000 + i)::VARCHAR, 'TTHC ' || i, CASE WHEN i < 200 THEN 'commune' ELSE 'province' END,
       CASE WHEN i % 3 = 0 THEN 'full' WHEN i % 3 = 1 THEN 'partial' ELSE 'none' END,
       i % 5 = 0, i % 10 = 0, true, 'citizen', true, 5, 'working_day',
       DATE '2026-01-10', DATE '2026-01-05', DATE '2026-02-01'
FROM units u, range(300) r(i) WHERE u.level = 'province'
"""

# Reception spread over October by a multiplicative hash; due 5 days later.
RECEIVED = "TIMESTAMPTZ '2026-10-01 08:00:00+07' + to_seconds((i * 2654435761) % (30 * 86400))"
DUE = "TIMESTAMPTZ '2026-10-01 08:00:00+07' + to_seconds((i * 2654435761) % (30 * 86400) + 5 * 86400)"

DOSSIERS = f"""
INSERT INTO dossiers (code, unit_code, procedure_code, channel, received_at, received_day, due_at, due_day, synced,
                      fee_required, digitised, e_result, reused_data, personal_storage, citizen_data, complaint,
                      source_updated_at, written_at)
SELECT 'D' || i::VARCHAR, w.code, '1.' || (100000 + (i * 7919) % 200)::VARCHAR,
       CASE WHEN i % 3 = 0 THEN 'in_person' ELSE 'online' END,
       {RECEIVED}, ({RECEIVED})::DATE, {DUE}, ({DUE})::DATE,
       i % 10 != 0, i % 5 = 0, i % 2 = 0, i % 3 = 0, i % 7 = 0, i % 4 = 0, i % 2 = 1, i % 50 = 0, now(), now()
FROM range(?) r(i), (SELECT code, row_number() OVER () - 1 AS k FROM units WHERE level = 'commune') w
WHERE w.k = i % 3321
ORDER BY w.code
"""

FINISHED = "received_at + to_seconds(4 * 86400 + (hash(code) % 3) * 86400)"
EVENTS = f"""
INSERT INTO dossier_events
SELECT code || '-f', code, 'finished', {FINISHED}, ({FINISHED})::DATE, NULL, NULL, now()
FROM dossiers WHERE hash(code) % 10 != 0
"""


def build(path: str, n: int) -> None:
    """Write the synthetic country with ``n`` dossiers in October 2026 into the new DuckDB store at ``path``."""
    store = Store.open(path)
    provinces, wards = list(Province.iter_all()), list(Ward.iter_all())
    write_units(
        store,
        pa.table(
            {
                "code": [f"{int(p.code):02d}" for p in provinces] + [f"{int(w.code):05d}" for w in wards],
                "name": [p.name for p in provinces] + [w.name for w in wards],
                "level": ["province"] * len(provinces) + ["commune"] * len(wards),
                "parent_code": [None] * len(provinces) + [f"{int(w.province_code):02d}" for w in wards],
            }
        ),
    )
    for label, sql, params in (("procedures", PROCEDURES, []), ("dossiers", DOSSIERS, [n]), ("events", EVENTS, [])):
        t0 = time.perf_counter()
        store.con.execute(sql, params)
        print(f"{label}: {time.perf_counter() - t0:.1f} s")
    t0 = time.perf_counter()
    refresh_facts(store, None)
    print(f"facts: {time.perf_counter() - t0:.1f} s")
    store.close()


def main() -> None:
    build(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 10_000_000)


if __name__ == "__main__":
    main()
