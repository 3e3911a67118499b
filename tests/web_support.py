"""Fixtures of the web tests: a small real store (tests/builders.py), the app over it with a pinned clock, and
tokens. Shared by tests/test_web_*.py and tests/browser/."""

from __future__ import annotations

import contextlib
import datetime as dt
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass

import uvicorn
from fastapi import FastAPI
from fastapi.testclient import TestClient

from chiso.auth import create_token
from chiso.web import Settings, create_app
from tests.backends import columns
from tests.builders import COMMUNE_A, COMMUNE_B, DEPARTMENT, PROVINCE, StoreBuilder, at

# Wednesday 18 November 2026, 10:00 in Hà Nội: the tests' "now".
NOW = at(2026, 11, 18, 10, 0)

# A new dossier as a one-stop system posts it (Vietnamese column names), for the ingest API tests.
NEW_DOSSIER = {
    "MaHoSo": "API-1",
    "MaDonVi": COMMUNE_A,
    "MaTTHC": "1.000001",
    "KenhNop": "Trực tuyến",
    "NgayTiepNhan": "16/11/2026 08:30",
    "NgayHenTra": "19/11/2026 17:00",
}
PERIOD = "2026-11"

__all__ = ["COMMUNE_A", "COMMUNE_B", "DEPARTMENT", "NOW", "PERIOD", "PROVINCE", "WebWorld", "live_server", "world"]


@dataclass
class WebWorld:
    """A store with a little history, the app over it, and one token per scope."""

    builder: StoreBuilder
    app: FastAPI
    tokens: dict[str, str]

    @property
    def store(self):  # type: ignore[no-untyped-def]
        return self.builder.store

    def auth(self, unit: str) -> dict[str, str]:
        """The Authorization header of ``unit``'s token."""
        return {"Authorization": f"Bearer {self.tokens[unit]}"}


def seed(b: StoreBuilder) -> None:
    """November 2026 at commune A: dossiers on time, late, in process, and some about to become overdue."""
    # Finished on time and late.
    b.dossier(at(2026, 11, 2, 9), due=at(2026, 11, 5, 17), events=[("finished", at(2026, 11, 4, 10))], code="D-ONTIME")
    b.dossier(at(2026, 11, 3, 9), due=at(2026, 11, 6, 17), events=[("finished", at(2026, 11, 10, 10))], code="D-LATE")
    # In process and already overdue (a back-dated "finished" event would save it).
    b.dossier(at(2026, 11, 9, 9), due=at(2026, 11, 12, 17), code="D-OPEN-LATE", channel="online")
    # Early-warning cases (spec §3; now = Wednesday 18/11 10:00).
    b.dossier(at(2026, 11, 16, 9), due=at(2026, 11, 18, 17), code="W-TODAY")  # 1 working day left
    b.dossier(at(2026, 11, 16, 9), due=at(2026, 11, 19, 17), code="W-THU")  # 2
    b.dossier(at(2026, 11, 16, 9), due=at(2026, 11, 20, 17), code="W-FRI")  # 3
    b.dossier(at(2026, 11, 16, 9), due=at(2026, 11, 23, 17), code="W-MON")  # 4: beyond 3 working days
    b.dossier(at(2026, 11, 16, 9), due=at(2026, 11, 19, 17), code="W-DONE", events=[("finished", at(2026, 11, 17, 9))])
    b.dossier(
        at(2026, 11, 16, 9),
        due=at(2026, 11, 19, 17),
        code="W-WAITING",
        events=[("supplement_requested", at(2026, 11, 17, 9))],
    )
    b.dossier(at(2026, 11, 16, 9), due=at(2026, 11, 19, 17), code="W-B", unit=COMMUNE_B)


def world(**settings: object) -> WebWorld:
    """A fresh store, app and tokens (the app is not started: use ``TestClient(w.app)`` as a context manager)."""
    b = StoreBuilder.tiny()
    seed(b)
    tokens = {}
    for unit in (PROVINCE, COMMUNE_A, COMMUNE_B):
        _, token = create_token(b.store, unit, f"một cửa {unit}")
        tokens[unit] = token
    app = create_app(Settings(clock=lambda: NOW, **settings), store=b.store)  # type: ignore[arg-type]
    return WebWorld(b, app, tokens)


@contextlib.contextmanager
def client(w: WebWorld) -> Iterator[TestClient]:
    """A test client with the app's lifespan (writer thread) running."""
    with TestClient(w.app) as c:
        yield c


def free_port() -> int:
    """A free TCP port on the loopback interface."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def live_server(app: FastAPI) -> Iterator[str]:
    """Run ``app`` with uvicorn on 127.0.0.1 in a thread; yields its base URL."""
    port = free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", timeout_graceful_shutdown=1)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def table_rows(store, table: str, order: str, exclude: tuple[str, ...] = ("written_at",)) -> list[tuple[object, ...]]:  # type: ignore[no-untyped-def]
    """Every row of ``table`` without ``exclude`` columns, in a fixed order (to compare states)."""
    cols = [c for c in columns(store, table) if c not in exclude]
    return store.con.execute(f"SELECT {', '.join(cols)} FROM {table} ORDER BY {order}").fetchall()


def as_of_iso(value: dt.datetime) -> str:
    """An instant as the API's ``as_of`` parameter."""
    return value.isoformat()
