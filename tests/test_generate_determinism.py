"""The generator is deterministic for a seed, independent of chunking, and replaces a province it regenerates."""

from __future__ import annotations

import datetime as dt

import pytest

from chiso.generate import GenerateError, generate_province
from chiso.store import Store
from tests.test_generate_support import END, MONTHS, PROVINCE, SCALE, SEED, TABLE_KEYS, contents, generated

SMALL = {"months": 1, "end": dt.date(2026, 3, 20), "scale": 0.02}


def _small(seed: int, **kwargs: object) -> Store:
    store = Store.open(":memory:")
    generate_province(store, "Lai Châu", seed=seed, **{**SMALL, **kwargs})  # type: ignore[arg-type]
    return store


def test_same_seed_gives_identical_records() -> None:
    """Same (province, months, seed, end, scale) → the same rows in every table (the write instant aside)."""
    first, _ = generated()
    second = Store.open(":memory:")
    generate_province(second, PROVINCE, months=MONTHS, seed=SEED, end=END, scale=SCALE)
    for table in TABLE_KEYS:
        assert contents(first, table).equals(contents(second, table)), table
    # The derived facts (on the dossier rows) agree too.
    facts = "SELECT * FROM dossier_facts ORDER BY dossier_code"
    assert first.con.execute(facts).fetchall() == second.con.execute(facts).fetchall()


def test_different_seed_gives_different_records() -> None:
    """Another seed draws other units' profiles, other volumes, other histories."""
    a, b = _small(1), _small(2)
    assert not contents(a, "dossiers").equals(contents(b, "dossiers"))
    assert not contents(a, "procedures").equals(contents(b, "procedures"))
    # The real units and the national TTHC codes do not depend on the seed.
    assert contents(a, "units").column("code").equals(contents(b, "units").column("code"))


def test_chunking_does_not_change_the_records() -> None:
    """Each unit-month has its own random stream, so writing in chunks of 200 dossiers or all at once is the same."""
    a, b = _small(5), _small(5, chunk_rows=200)
    for table in TABLE_KEYS:
        assert contents(a, table).equals(contents(b, table)), table


def test_regenerating_a_province_replaces_its_data() -> None:
    """A store that already holds the province does not fail: the province's old records are replaced."""
    store = _small(3)
    before = store.counts()
    summary = generate_province(store, "12", seed=4, **SMALL)  # type: ignore[arg-type]
    after = store.counts()
    assert summary.replaced_dossiers == before["dossiers"] > 0
    assert after["dossiers"] == summary.dossiers
    assert after["units"] == before["units"]
    assert after["procedures"] == summary.procedures["province"] + summary.procedures["commune"]
    assert contents(store, "dossiers").equals(contents(_small(4), "dossiers"))
    assert "Đã thay thế dữ liệu cũ của tỉnh" in str(summary)


def test_target_dossiers_sets_the_scale() -> None:
    """``target_dossiers`` chooses the scale so that about that many dossiers are generated."""
    store = Store.open(":memory:")
    summary = generate_province(store, "12", seed=1, months=1, end=dt.date(2026, 3, 31), target_dossiers=3000)
    assert 2700 < summary.dossiers < 3300


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"months": 0}, "Số tháng"),
        ({"seed": -1}, "Hạt giống"),
        ({"scale": 0.0}, "Hệ số quy mô"),
        ({"end": dt.date(2017, 5, 1)}, "lịch làm việc"),
    ],
)
def test_bad_parameters_are_user_errors(kwargs: dict[str, object], message: str) -> None:
    """Out-of-range parameters raise a Vietnamese GenerateError before anything is written."""
    store = Store.open(":memory:")
    params = {"months": 1, "seed": 1, "end": dt.date(2026, 3, 1), "scale": 0.01, **kwargs}
    with pytest.raises(GenerateError, match=message):
        generate_province(store, "12", **params)  # type: ignore[arg-type]
    assert store.count("units") == 0
