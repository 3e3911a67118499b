"""A small commune for the what-if and planner tests: every action kind has records to act on (spec §2–§3)."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable
from pathlib import Path

import pyarrow as pa
import pytest

from chiso.plan import Context, load_context
from chiso.store import Store, write_records
from tests.backends import copy_saved, save_store
from tests.builders import COMMUNE_A, COMMUNE_B, StoreBuilder, at

MID = at(2026, 10, 20, 12)  # the period is live: open dossiers within their due date count as on time
CLOSED = at(2026, 11, 5, 9)  # the period has ended: open dossiers are judged at its end
PERIOD = "2026-10"


def build() -> StoreBuilder:
    """Commune A (the planned unit) and its peer commune B, October 2026."""
    b = StoreBuilder.tiny()
    d = b.dossier
    d(at(2026, 10, 1, 9), due=at(2026, 10, 3, 17), code="A-OVERDUE-1")  # open, overdue
    d(at(2026, 10, 2, 9), due=at(2026, 10, 6, 17), code="A-OVERDUE-2", synced=True, digitised=True)
    d(at(2026, 10, 2, 9), due=at(2026, 10, 30, 17), code="A-OPEN-IN-TIME", synced=True)
    # Waiting for the applicant since before its due date: on time while waiting; finishing it now makes it late.
    d(
        at(2026, 10, 5, 9),
        due=at(2026, 10, 9, 17),
        code="A-WAITING",
        events=[("supplement_requested", at(2026, 10, 7, 10))],
    )
    d(
        at(2026, 10, 5, 9),
        due=at(2026, 10, 7, 17),
        code="A-LATE",
        events=[("finished", at(2026, 10, 9, 10))],
        rating="unsatisfied",
    )
    for n in range(3):
        d(
            at(2026, 10, 6 + n, 9),
            due=at(2026, 10, 12, 17),
            code=f"A-FEE-{n}",
            procedure="1.000002",
            fee_required=True,
            channel="online",
            events=[("finished", at(2026, 10, 8 + n, 10))],
        )
    d(
        at(2026, 10, 12, 9),
        due=at(2026, 10, 14, 17),
        code="A-DONE",
        events=[("finished", at(2026, 10, 13, 10))],
        synced=True,
        e_result=True,
    )
    for n in range(4):
        d(
            at(2026, 10, 3 + n, 9),
            due=at(2026, 10, 20, 17),
            unit=COMMUNE_B,
            code=f"B-{n}",
            synced=True,
            events=[("finished", at(2026, 10, 8, 10))],
        )
    write_records(
        b.store,
        {
            "petitions": pa.Table.from_pylist(
                [
                    _petition("P-OPEN", at(2026, 10, 1, 9)),  # open, 15 working days not yet passed at MID
                    _petition("P-OVERDUE", at(2026, 10, 2, 9), due_at=at(2026, 10, 10, 17)),  # open, overdue
                    _petition("P-LATE", at(2026, 10, 2, 9), due_at=at(2026, 10, 6, 17), handled_at=at(2026, 10, 8, 9)),
                ]
            )
        },
    )
    return b


def _petition(code: str, received: dt.datetime, **extra: object) -> dict[str, object]:
    return {"code": code, "unit_code": COMMUNE_A, "received_at": received, **extra}


def snapshot(path: Path) -> Path:
    """The fixture written once to a store file, so each test can open its own copy cheaply."""
    b = build()
    try:
        save_store(b.store, path)
    finally:
        b.store.close()
    return path


def open_copy(snapshot_path: Path, directory: Path) -> Store:
    """A private, writable copy of the snapshot."""
    return Store.open(copy_saved(snapshot_path, directory / f"copy-{next(_copies)}.duckdb"))


_copies = itertools.count(1)


@pytest.fixture(scope="session")
def plan_snapshot(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture as a store file, built once per test session."""
    return snapshot(tmp_path_factory.mktemp("plan") / "base.duckdb")


@pytest.fixture
def store_copy(plan_snapshot: Path, tmp_path: Path) -> Callable[[], Store]:
    """A factory of private writable copies of the fixture (closed after the test)."""
    opened: list[Store] = []

    def make() -> Store:
        store = open_copy(plan_snapshot, tmp_path)
        opened.append(store)
        return store

    yield make  # type: ignore[misc]
    for store in opened:
        store.close()


@pytest.fixture(scope="session")
def contexts(plan_snapshot: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Context]:
    """Commune A's what-if contexts, read-only, shared: live period (MID) and closed period (CLOSED)."""
    store = open_copy(plan_snapshot, tmp_path_factory.mktemp("plan-read"))
    return {
        "live": load_context(store, unit=COMMUNE_A, period=PERIOD, as_of=MID),
        "closed": load_context(store, unit=COMMUNE_A, period=PERIOD, as_of=CLOSED),
    }
