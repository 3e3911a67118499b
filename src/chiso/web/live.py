"""Live updates: Server-Sent Events telling open pages that a unit's records changed.

The writer thread publishes the codes of every unit whose score may have moved (the changed units and all their
ancestors); each open page subscribes for one unit and is told when that unit is among them. The message is only
"changed, version N": the page then fetches its fresh content, so there is one rendering path.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import threading
from collections.abc import AsyncIterator, Iterable
from dataclasses import dataclass, field
from typing import Any


@dataclass(eq=False)
class Subscriber:
    """One open stream, for one unit."""

    unit: str
    queue: asyncio.Queue[dict[str, Any] | None] = field(default_factory=lambda: asyncio.Queue(maxsize=64))


class Broker:
    """Fans change notices out to the streams of the event loop, from any thread."""

    def __init__(self) -> None:
        self._subs: set[Subscriber] = set()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._lock = threading.Lock()
        self.published = 0

    def bind(self, loop: asyncio.AbstractEventLoop) -> None:
        """Remember the event loop the streams live on (called at startup)."""
        self._loop = loop

    @property
    def subscribers(self) -> int:
        """Number of open streams."""
        return len(self._subs)

    def subscribe(self, unit: str) -> Subscriber:
        """Open a stream for ``unit`` (call from the event loop)."""
        if self._loop is None:
            self._loop = asyncio.get_running_loop()
        sub = Subscriber(unit)
        with self._lock:
            self._subs.add(sub)
        return sub

    def unsubscribe(self, sub: Subscriber) -> None:
        """Close a stream."""
        with self._lock:
            self._subs.discard(sub)

    def publish(self, units: Iterable[str], payload: dict[str, Any]) -> None:
        """Tell the streams of every unit in ``units`` (thread-safe)."""
        wanted = set(units)
        with self._lock:
            targets = [s for s in self._subs if s.unit in wanted]
        self.published += 1
        if not targets or self._loop is None:
            return
        for sub in targets:
            message = {**payload, "unit": sub.unit}
            with contextlib.suppress(RuntimeError):  # the loop is closing
                self._loop.call_soon_threadsafe(_offer, sub.queue, message)

    def close(self) -> None:
        """End every stream (server shutdown)."""
        with self._lock:
            subs = list(self._subs)
        if self._loop is None:
            return
        for sub in subs:
            with contextlib.suppress(RuntimeError):
                self._loop.call_soon_threadsafe(_offer, sub.queue, None)


def _offer(queue: asyncio.Queue[dict[str, Any] | None], message: dict[str, Any] | None) -> None:
    # A page that stopped reading loses old notices, not the newest: each one says "fetch again" anyway.
    if queue.full():
        with contextlib.suppress(asyncio.QueueEmpty):
            queue.get_nowait()
    queue.put_nowait(message)


async def event_stream(
    broker: Broker, sub: Subscriber, *, heartbeat: float, is_disconnected: Any, version: int
) -> AsyncIterator[str]:
    """The text/event-stream of one subscriber: a hello, then a ``changed`` event per notice, keep-alives."""
    try:
        yield "retry: 1000\n\n"
        yield f"event: hello\ndata: {json.dumps({'unit': sub.unit, 'version': version})}\n\n"
        while True:
            try:
                message = await asyncio.wait_for(sub.queue.get(), timeout=heartbeat)
            except TimeoutError:
                if await is_disconnected():
                    break
                yield ": keep-alive\n\n"
                continue
            if message is None:
                break
            yield f"event: changed\ndata: {json.dumps(message, ensure_ascii=False)}\n\n"
    finally:
        broker.unsubscribe(sub)
