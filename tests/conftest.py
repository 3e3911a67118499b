"""Shared fixtures: small, real stores built through the same write path as production."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from chiso.store import Store
from tests.builders import StoreBuilder
from tests.test_ingest_support import make_db

# Hypothesis: keep property tests bounded in CI time.
os.environ.setdefault("HYPOTHESIS_PROFILE", "ci")


def pytest_configure(config: pytest.Config) -> None:
    """On PostgreSQL (``CHISO_TEST_PG``), route every store location through :func:`tests.backends.location`."""
    from tests import backends

    if not backends.ON_POSTGRES:
        return
    import chiso.cli.cmd_backup
    import chiso.cli.cmd_serve
    import chiso.store
    import chiso.store.db

    backends.setup(os.environ.get("PYTEST_XDIST_WORKER", "main"))
    original = chiso.store.db.resolve_db_path

    def resolve(db: str | os.PathLike[str] | None = None) -> str:
        return backends.location(original(db))

    for module in (chiso.store.db, chiso.store, chiso.cli.cmd_backup, chiso.cli.cmd_serve):
        module.resolve_db_path = resolve  # type: ignore[attr-defined]


def pytest_unconfigure(config: pytest.Config) -> None:
    from tests import backends

    if backends.ON_POSTGRES:
        backends.teardown()


@pytest.fixture
def tiny() -> StoreBuilder:
    """An in-memory store with one province, two communes and one department, and a small TTHC catalogue."""
    return StoreBuilder.tiny()


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """A store file with the units and TTHC catalogue the import tests load records against (a test module may
    define its own ``store``, which then wins)."""
    s = Store.open(make_db(tmp_path))
    yield s
    s.close()
