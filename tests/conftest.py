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
