"""Live updates (issue 5): an ingested event notifies the open pages of its unit and of every unit above it, over
Server-Sent Events, through a real server on 127.0.0.1."""

from __future__ import annotations

import contextlib
import json
import threading

import httpx

from tests.web_support import COMMUNE_A, COMMUNE_B, PROVINCE, live_server, world


def _changed_events(base: str, unit: str, ready: threading.Event, out: list[dict[str, object]], want: int) -> None:
    # The server may stop while this reader is still listening.
    with contextlib.suppress(httpx.HTTPError):
        _read(base, unit, ready, out, want)


def _read(base: str, unit: str, ready: threading.Event, out: list[dict[str, object]], want: int) -> None:
    with (
        httpx.Client(timeout=httpx.Timeout(30.0)) as client,
        client.stream("GET", f"{base}/api/v1/live", params={"unit": unit}) as response,
    ):
        event = None
        for line in response.iter_lines():
            if line.startswith("event: "):
                event = line[len("event: ") :]
                if event == "hello":
                    ready.set()
            elif line.startswith("data: ") and event == "changed":
                out.append(json.loads(line[len("data: ") :]))
                if len(out) >= want:
                    return


def test_an_ingested_event_notifies_its_unit_and_ancestors_but_not_other_units() -> None:
    w = world(heartbeat_seconds=0.5)
    with live_server(w.app) as base:
        got: dict[str, list[dict[str, object]]] = {PROVINCE: [], COMMUNE_A: [], COMMUNE_B: []}
        readers = []
        for unit in got:
            ready = threading.Event()
            t = threading.Thread(target=_changed_events, args=(base, unit, ready, got[unit], 1), daemon=True)
            t.start()
            assert ready.wait(20)
            readers.append(t)
        r = httpx.post(
            f"{base}/api/v1/dossiers/D-OPEN-LATE/events",
            json={"LoaiSuKien": "finished", "ThoiGian": "2026-11-11 15:00"},
            headers=w.auth(COMMUNE_A),
            timeout=30,
        )
        assert r.status_code == 200, r.text
        readers[0].join(20)
        readers[1].join(20)
        assert got[PROVINCE] and got[COMMUNE_A]
        assert got[COMMUNE_A][0]["entity"] == "dossier_events"
        assert got[COMMUNE_B] == []


def test_a_refused_request_notifies_nobody() -> None:
    w = world()
    gate = w.app.state.gate
    before = gate.broker.published
    with live_server(w.app) as base:
        r = httpx.post(f"{base}/api/v1/dossiers", json={"MaHoSo": "X"}, headers=w.auth(COMMUNE_A), timeout=30)
    assert r.status_code == 422
    assert gate.broker.published == before
