"""The two stores (issue 7): DuckDB embedded and PostgreSQL give the same store and the same results.

The translation rules run everywhere (they need no server). The rest needs a PostgreSQL server: with
``CHISO_TEST_PG`` set (``make test`` starts a throw-away cluster) the same generated province is written to a DuckDB
store and to a PostgreSQL store, and every counting key of every unit must agree, as must the scores.
"""

from __future__ import annotations

import datetime as dt

import duckdb
import pyarrow as pa
import pytest

from chiso.compute.engine import compute_counts, score_units_in_store
from chiso.generate import generate_province
from chiso.store import Store
from chiso.store.pg import is_postgres_url, redacted, split_url, translate
from chiso.store.schema import SCHEMA_VERSION
from tests import backends

END = dt.date(2026, 10, 31)
AS_OF = dt.datetime(2026, 11, 5, 12, tzinfo=dt.UTC)

needs_postgres = pytest.mark.skipif(
    not backends.ON_POSTGRES, reason="cần máy chủ PostgreSQL (CHISO_TEST_PG); make test tự khởi động một cụm tạm"
)


def test_placeholders_become_psycopg_ones_and_literal_percent_signs_are_doubled() -> None:
    sql = translate("SELECT code FROM units WHERE name LIKE '%xã%' AND code = ?", with_params=True)
    assert sql == "SELECT code FROM units WHERE name LIKE '%%xã%%' AND code = %s"
    # Without parameters psycopg does not read % at all, so nothing is doubled.
    assert translate("SELECT '%' AS p", with_params=False) == "SELECT '%' AS p"


def test_a_list_parameter_to_unnest_is_typed_as_codes() -> None:
    sql = translate("SELECT code FROM units WHERE code IN (SELECT unnest(?))", with_params=True)
    assert "UNNEST(CAST(%s AS VARCHAR[]))" in sql


def test_duckdb_functions_get_their_postgres_names() -> None:
    assert "TO_CHAR(d, 'YYYY-MM')" in translate("SELECT strftime(d, '%Y-%m') FROM t", with_params=False)
    assert "ARRAY_AGG(code ORDER BY code)" in translate("SELECT list(code ORDER BY code) FROM u", with_params=False)


def test_urls_name_a_schema_and_hide_their_password() -> None:
    url, schema = split_url("postgresql://chiso:bí-mật@db.tinh.gov.vn:5432/chiso?schema=thai_nguyen&sslmode=require")
    assert schema == "thai_nguyen" and url == "postgresql://chiso:bí-mật@db.tinh.gov.vn:5432/chiso?sslmode=require"
    assert "bí-mật" not in redacted(url) and "***" in redacted(url)
    assert is_postgres_url("postgres://h/db") and not is_postgres_url("/data/chiso.duckdb")


def _duckdb_store() -> Store:
    """An embedded store that the PostgreSQL run's location mapping does not redirect."""
    store = Store(duckdb.connect(":memory:"), ":memory:")
    store.con.execute("SET TimeZone = 'Asia/Ho_Chi_Minh'")
    store.migrate()
    return store


def _columns(store: Store) -> dict[str, list[str]]:
    rows = store.con.execute(
        "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema() "
        "ORDER BY table_name, ordinal_position"
    ).fetchall()
    out: dict[str, list[str]] = {}
    for table, column in rows:
        out.setdefault(str(table), []).append(str(column))
    return out


@needs_postgres
def test_migrations_give_both_backends_the_same_tables_columns_and_version() -> None:
    pg = Store.open(backends.location(":memory:"))
    duck = _duckdb_store()
    try:
        assert pg.backend == "postgres" and duck.backend == "duckdb"
        assert pg.schema_version() == duck.schema_version() == SCHEMA_VERSION
        assert _columns(pg) == _columns(duck)
    finally:
        pg.close()
        duck.close()


@needs_postgres
def test_registered_arrow_tables_come_back_with_their_values_and_types() -> None:
    pg = Store.open(backends.location(":memory:"))
    table = pa.table(
        {
            "s": pa.array(["xã Tân Cương", "", None, 'dấu "ngoặc", phẩy'], pa.string()),
            "b": pa.array([True, False, None, True]),
            "i": pa.array([1, -2, None, 2**40], pa.int64()),
            "f": pa.array([0.5, None, -1.25, 3.0]),
            "d": pa.array([dt.date(2026, 10, 1), None, dt.date(2026, 1, 1), dt.date(1999, 12, 31)], pa.date32()),
            "t": pa.array(
                [AS_OF, None, dt.datetime(2026, 1, 1, 17, tzinfo=dt.UTC), AS_OF], pa.timestamp("us", tz="UTC")
            ),
        }
    )
    try:
        pg.con.register("_probe", table)
        back = pg.con.execute("SELECT * FROM _probe").fetch_arrow_table()
        assert back.to_pylist() == table.to_pylist()  # instants compare equal whatever their zone
        # Instants come back in the session zone, as DuckDB gives them (chiso sets Asia/Ho_Chi_Minh on both).
        zoned = pa.timestamp("us", tz="Asia/Ho_Chi_Minh")
        assert back.schema == table.schema.set(table.schema.get_field_index("t"), pa.field("t", zoned))
        pg.con.unregister("_probe")
    finally:
        pg.close()


@needs_postgres
def test_audit_log_refuses_updates_and_deletes_on_postgres() -> None:
    """Spec of issue 8: the audit log is append-only; PostgreSQL enforces it with a trigger (migration 5)."""
    pg = Store.open(backends.location(":memory:"))
    try:
        pg.con.execute(
            "INSERT INTO audit_log (entry_id, recorded_at, actor, action, summary) VALUES (?, ?, ?, ?, ?)",
            ["e1", AS_OF, "cli:kiểm-thử", "import", "Nhập 1 hồ sơ"],
        )
        for sql in ("UPDATE audit_log SET actor = 'x'", "DELETE FROM audit_log"):
            with pytest.raises(Exception, match="append-only"), pg.transaction():
                pg.con.execute(sql)
        assert pg.count("audit_log") == 1
    finally:
        pg.close()


@needs_postgres
def test_the_same_province_counts_and_scores_identically_on_duckdb_and_postgres() -> None:
    """Issue 7: one definition of every indicator (Ibis), compiled per backend — identical numbers on both."""
    pg = Store.open(backends.location(":memory:"))
    duck = _duckdb_store()
    try:
        for store in (duck, pg):
            generate_province(store, "19", months=2, seed=766, end=END, target_dossiers=4000)
        assert pg.counts() == duck.counts()
        for period in ("2026-10", "2026-09", "2026"):
            a = compute_counts(duck, period, as_of=AS_OF).sort_by("unit_code")
            b = compute_counts(pg, period, as_of=AS_OF).sort_by("unit_code")
            assert a.column_names == b.column_names
            assert a.num_rows == b.num_rows > 100
            for name in a.column_names:
                assert a.column(name).to_pylist() == b.column(name).to_pylist(), (period, name)
        sa = score_units_in_store(duck, "2026-10", as_of=AS_OF)
        sb = score_units_in_store(pg, "2026-10", as_of=AS_OF)
        assert sorted((s.id, s.total, s.classification, s.rank) for s in sa) == sorted(
            (s.id, s.total, s.classification, s.rank) for s in sb
        )
    finally:
        pg.close()
        duck.close()


@needs_postgres
def test_nodes_starting_at_once_on_a_new_store_migrate_it_once() -> None:
    """Several web nodes may start together on a shared store: one migrates, the others wait and find it done."""
    import concurrent.futures

    location = backends.location(":memory:")
    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        stores = list(pool.map(lambda _: Store.open(location), range(4)))
    try:
        assert all(s.schema_version() == SCHEMA_VERSION for s in stores)
        versions = stores[0].con.execute("SELECT version, count(*) FROM schema_version GROUP BY version").fetchall()
        assert sorted(versions) == [(m, 1) for m in range(1, SCHEMA_VERSION + 1)]
    finally:
        for s in stores:
            s.close()
