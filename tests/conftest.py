"""Shared fixtures: small, real stores built through the same write path as production."""

from __future__ import annotations

import os

import pytest

from tests.builders import StoreBuilder

# Hypothesis: keep property tests bounded in CI time.
os.environ.setdefault("HYPOTHESIS_PROFILE", "ci")


@pytest.fixture
def tiny() -> StoreBuilder:
    """An in-memory store with one province, two communes and one department, and a small TTHC catalogue."""
    return StoreBuilder.tiny()
