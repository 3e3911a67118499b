"""The web server's settings, in one typed object (read from the CLI options or the environment)."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from dataclasses import dataclass, field

from chiso.timeutil import now_vn

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8766
# A push from a one-stop system is a few records to a few thousand; anything larger is a file import.
DEFAULT_MAX_BODY_BYTES = 5 * 1024 * 1024
DEFAULT_MAX_RECORDS = 10_000
# Per sending system (token) on the ingest API: a one-stop system pushes every few seconds, in batches; this
# leaves room for catch-up bursts after an outage while stopping a runaway loop (chiso.web.security).
DEFAULT_RATE_LIMIT = 50.0  # requests a second, sustained; 0 turns the limit off
DEFAULT_RATE_BURST = 500  # requests at once


@dataclass(frozen=True)
class Settings:
    """Everything the app needs besides the store."""

    db: str | None = None  # None: $CHISO_DB or ./chiso.duckdb (see chiso.store.resolve_db_path)
    host: str = DEFAULT_HOST
    port: int = DEFAULT_PORT
    methodology: str = "dvcqg-2026"
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES
    max_records: int = DEFAULT_MAX_RECORDS
    # Seconds between SSE keep-alive comments (proxies drop idle streams).
    heartbeat_seconds: float = 15.0
    # Requests waiting for the writer are written together (one transaction each group, see chiso.web.gate).
    group_commit: bool = True
    # Ingest requests per second and burst per token (429 beyond; 0 = no limit). See chiso.web.security.
    rate_limit: float = DEFAULT_RATE_LIMIT
    rate_burst: int = DEFAULT_RATE_BURST
    # "Now": a parameter so tests and benchmarks can pin the clock (style rule 3).
    clock: Callable[[], dt.datetime] = field(default=now_vn, compare=False)

    @classmethod
    def from_env(cls, **overrides: object) -> Settings:
        """Settings from ``CHISO_WEB_*`` variables, then ``overrides`` (CLI options) on top."""
        values: dict[str, object] = {}
        if "CHISO_WEB_MAX_BODY_BYTES" in os.environ:
            values["max_body_bytes"] = int(os.environ["CHISO_WEB_MAX_BODY_BYTES"])
        if "CHISO_WEB_RATE_LIMIT" in os.environ:
            values["rate_limit"] = float(os.environ["CHISO_WEB_RATE_LIMIT"])
        if "CHISO_WEB_RATE_BURST" in os.environ:
            values["rate_burst"] = int(os.environ["CHISO_WEB_RATE_BURST"])
        if "CHISO_WEB_METHODOLOGY" in os.environ:
            values["methodology"] = os.environ["CHISO_WEB_METHODOLOGY"]
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)  # type: ignore[arg-type]

    @property
    def base_url(self) -> str:
        """The URL the server listens on."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"
