"""Durability of the ingest API under SIGKILL (issue 8, part 1): an acknowledged request is never lost, and an
unacknowledged one can be sent again safely.

The short CI mode of benchmarks/durability_bench.py: a real ``chiso serve`` process on the store under test (a DuckDB
file, or a PostgreSQL schema when the suite runs on PostgreSQL), 10,000 events from several client threads,
SIGKILLed three times at random moments while requests are in flight, restarted on the same store each time; every
unacknowledged request is retried.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from benchmarks.durability_bench import run_durability

from tests.backends import served

pytestmark = pytest.mark.slow


def test_acknowledged_events_survive_sigkill_exactly_once(tmp_path: Path) -> None:
    """Rule: a 2xx answer means committed — after SIGKILL and restart every acknowledged event and dossier is
    stored exactly once, nothing unsent appears, and replaying every request changes no stored row (events are
    keyed by event id, dossiers by code with the sender's update time)."""
    out = run_durability(tmp_path, db=served(tmp_path / "durability.duckdb"), events=10_000, kills=3, seed=20261129)
    assert out.refused == []
    assert out.problems == []
    assert out.events_sent >= 10_000
    assert out.acked == out.requests  # after the retries, every request was acknowledged
    assert out.restarts >= 3
    assert out.kills >= 1  # at least one kill landed with requests in flight (usually all three)
