"""The one door to the store for the web app: a writer thread for pushes, a separate connection for reads.

DuckDB allows one writing process and its connections are not to be shared between threads, so:

- every write goes through one writer thread, in arrival order. Requests that queue up while a write is running
  are validated and written *together* (group commit): one transaction and one refresh of derived facts for the
  whole group instead of one per request, which is what lets small pushes from many one-stop systems keep up.
  Any problem in a group — an invalid record, a duplicate across requests, an event whose dossier comes in an
  earlier request of the same group — sends the group down the exact path: each request on its own, in order,
  all or nothing, so a request's outcome never depends on its neighbours.
- reads use their own cursor (a second connection to the same database) under a lock, so a page being computed
  does not hold up ingest, and every read sees only committed writes.

On PostgreSQL several web nodes share one store. Each node still writes through its own writer thread, and after
each commit it tells the others which units changed (``NOTIFY chiso_changes``); every node listens, so its cached
results and its pages' live updates follow writes made through any node.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import datetime as dt
import json
import logging
import math
import queue
import secrets
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from dataclasses import replace as dc_replace
from typing import Any

from chiso.audit.log import WriteNote
from chiso.auth import TokenInfo, verify_token
from chiso.auth.tokens import out_of_scope_pairs
from chiso.ingest.schema import ENTITIES
from chiso.ingest.validate import Validator
from chiso.store.db import Store
from chiso.store.writer import write_records
from chiso.web.intake import (
    SOURCE_NAME,
    DayRange,
    IntakeRejected,
    IntakeResult,
    _chunk,
    _pin_dossier,
    intake,
    row_units,
    touched_days,
)
from chiso.web.live import Broker

log = logging.getLogger("chiso.web")

# A group stops growing at this many requests or records (bounds the latency of the first request in it).
GROUP_MAX_REQUESTS = 256
GROUP_MAX_RECORDS = 20_000


@dataclass
class Push:
    """One ingest request waiting for the writer."""

    entity: str
    records: list[Any]
    scope_unit: str | None
    dossier_code: str | None = None
    future: concurrent.futures.Future[IntakeResult] = field(default_factory=concurrent.futures.Future)
    audit: WriteNote | None = None  # who sent it: an audit entry is written in the same transaction


# How long a web node trusts a verified token of a shared (PostgreSQL) store before asking the store again.
SHARED_TOKEN_SECONDS = 5.0
# The PostgreSQL channel on which nodes announce committed changes; a payload must stay under 8,000 bytes.
CHANGES_CHANNEL = "chiso_changes"
_MAX_NOTICE_UNITS = 300


class StoreGate:
    """Serialised access to one store for the app's threads (see module docstring)."""

    def __init__(self, store: Store, broker: Broker | None = None, *, group_commit: bool = True) -> None:
        self.store = store
        self.broker = broker or Broker()
        self.group_commit = group_commit
        self.version = 0  # bumped after every committed write: cache keys and live notices carry it
        # Per-unit versions: the version of the last write that could move a unit's score (its subtree changed).
        # A cached result stays valid while the units it depends on keep their versions.
        self._unit_versions: dict[str, int] = {}
        self._roots_version = 0
        self._parents: dict[str, str | None] | None = None
        # Per unit, the recent writes as (version, first day, last day) of the records they changed: a closed
        # period's result is still valid when no write since touched a day inside it (bounded, merged when long).
        self._unit_days: dict[str, list[tuple[int, dt.date, dt.date]]] = {}
        self.groups = 0  # groups written (for the benchmark's report)
        self._write_lock = threading.RLock()
        self._read_lock = threading.RLock()
        # A cursor is a second connection to the same database (in-memory ones included).
        self._reader = Store(store.con.cursor(), store.location)
        self._reader.con.execute("SET TimeZone = 'Asia/Ho_Chi_Minh'")
        self._queue: queue.Queue[Push | None] = queue.Queue()
        self._thread: threading.Thread | None = None
        # Verified tokens → (info, remembered until, monotonic seconds; inf while this process is the only writer).
        self._tokens: dict[str, tuple[TokenInfo, float]] = {}
        # Set by `chiso serve`: the key `chiso token` uses to manage tokens while the server holds the store.
        self.admin_key: str | None = None
        # Shared (PostgreSQL) stores: this node's id in change notices, and the thread listening to the others'.
        self.node_id = secrets.token_hex(8)
        self.shared = store.backend == "postgres"
        self._listener: threading.Thread | None = None
        self._listening = threading.Event()
        self._stopping = threading.Event()
        self.remote_changes = 0  # notices applied from other nodes (for tests and the benchmark)

    # -- lifecycle ----------------------------------------------------------------------------------------------

    def start(self) -> None:
        """Start the writer thread (and, on a shared store, the listener for other nodes' changes)."""
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="chiso-writer", daemon=True)
            self._thread.start()
        if self.shared and self._listener is None:
            self._stopping.clear()
            self._listener = threading.Thread(target=self._listen, name="chiso-listener", daemon=True)
            self._listener.start()
            self._listening.wait(timeout=10)

    def stop(self) -> None:
        """Finish queued writes and stop the writer thread."""
        if self._thread is not None:
            self._queue.put(None)
            self._thread.join(timeout=30)
            self._thread = None
        if self._listener is not None:
            self._stopping.set()
            self._listener.join(timeout=5)
            self._listener = None
        self.broker.close()

    # -- other nodes (PostgreSQL) -------------------------------------------------------------------------------

    def _listen(self) -> None:
        """Apply the change notices of other nodes until :meth:`stop` (a dedicated session: LISTEN needs one)."""
        session = self.store.con.cursor()
        try:
            session.raw.execute(f"LISTEN {CHANGES_CHANNEL}")
            self._listening.set()
            while not self._stopping.is_set():
                for notice in session.raw.notifies(timeout=0.5, stop_after=64):
                    self._apply_notice(notice.payload)
        except Exception:  # pragma: no cover - a lost session: caches fall back to this node's own writes
            log.exception("listener for other nodes' changes stopped")
        finally:
            self._listening.set()
            session.close()

    def _apply_notice(self, payload: str) -> None:
        try:
            notice = json.loads(payload)
        except ValueError:
            return
        if notice.get("node") == self.node_id:
            return
        with self._write_lock:
            self.remote_changes += 1
            if notice.get("all"):
                self.forget_units(announce=False)
                self.broker.publish(set(self._unit_versions), {"version": self.version, "entity": "*"})
                return
            days = (dt.date.fromisoformat(notice["lo"]), dt.date.fromisoformat(notice["hi"]))
            self._mark(str(notice.get("entity", "")), {str(u) for u in notice.get("units", ())}, days)

    def _announce(self, entity: str, units: set[str] | None, days: DayRange | None) -> None:
        """Tell the other nodes what this node just committed (``units=None``: anything may have changed)."""
        if not self.shared:
            return
        notice: dict[str, Any] = {"node": self.node_id, "entity": entity}
        if units is None or len(units) > _MAX_NOTICE_UNITS:
            notice["all"] = True
        else:
            lo, hi = days if days is not None else (dt.date.min, dt.date.max)
            notice.update(units=sorted(units), lo=lo.isoformat(), hi=hi.isoformat())
        try:
            self.store.con.execute("SELECT pg_notify(?, ?)", [CHANGES_CHANNEL, json.dumps(notice)])
        except Exception:  # pragma: no cover - the write is committed; other nodes' caches expire on their own
            log.exception("could not announce a change to other nodes")

    # -- reads --------------------------------------------------------------------------------------------------

    @contextlib.contextmanager
    def read(self) -> Iterator[Store]:
        """The read connection, held exclusively for the block."""
        with self._read_lock:
            yield self._reader

    @contextlib.contextmanager
    def write(self) -> Iterator[Store]:
        """The write connection, for administrative writes (tokens); pushes go through :meth:`submit`."""
        with self._write_lock:
            yield self.store

    def authenticate(self, token: str) -> TokenInfo | None:
        """The active token ``token`` is, or ``None``. Remembered in memory: on a DuckDB file tokens change only
        through this process while it runs (``chiso token`` talks to the server then), and :meth:`forget_tokens`
        clears it. A PostgreSQL store is shared by several web nodes and commands, so a token is re-checked after
        :data:`SHARED_TOKEN_SECONDS`: a revocation made elsewhere takes effect within that time."""
        now = time.monotonic()
        cached = self._tokens.get(token)
        if cached is not None and cached[1] > now:
            return cached[0]
        with self.write() as store:
            info = verify_token(store, token)
            ttl = SHARED_TOKEN_SECONDS if store.backend == "postgres" else math.inf
        if info is not None:
            self._tokens[token] = (info, now + ttl)
        else:
            self._tokens.pop(token, None)
        return info

    def forget_tokens(self) -> None:
        """Drop remembered tokens (after a revocation)."""
        self._tokens.clear()

    # -- writes -------------------------------------------------------------------------------------------------

    def submit(self, push: Push) -> concurrent.futures.Future[IntakeResult]:
        """Queue a push for the writer; the future holds its result or :class:`IntakeRejected`."""
        if self._thread is None:
            self.start()
        self._queue.put(push)
        return push.future

    def push(self, push: Push, timeout: float = 60.0) -> IntakeResult:
        """Submit and wait (for synchronous callers)."""
        return self.submit(push).result(timeout=timeout)

    def _run(self) -> None:
        while True:
            first = self._queue.get()
            if first is None:
                return
            group = [first]
            records = len(first.records)
            stop = False
            while len(group) < GROUP_MAX_REQUESTS and records < GROUP_MAX_RECORDS:
                try:
                    item = self._queue.get_nowait()
                except queue.Empty:
                    break
                if item is None:
                    stop = True
                    break
                group.append(item)
                records += len(item.records)
            try:
                self._process(group)
            except BaseException as exc:  # pragma: no cover - the writer must never die silently
                log.exception("writer failed")
                for p in group:
                    if not p.future.done():
                        p.future.set_exception(exc)
            if stop:
                return

    def _process(self, group: list[Push]) -> None:
        with self._write_lock:
            runs: list[list[Push]] = []
            for p in group:
                if runs and runs[-1][0].entity == p.entity and self.group_commit:
                    runs[-1].append(p)
                else:
                    runs.append([p])
            for run in runs:
                if len(run) == 1 or not self._together(run):
                    for p in run:
                        self._alone(p)

    def _alone(self, p: Push) -> None:
        """The exact path: one request, one transaction."""
        try:
            result = intake(
                self.store,
                p.entity,
                p.records,
                scope_unit=p.scope_unit,
                dossier_code=p.dossier_code,
                audit=() if p.audit is None else (p.audit,),
            )
        except IntakeRejected as exc:
            p.future.set_exception(exc)
            return
        except Exception as exc:
            p.future.set_exception(exc)
            return
        self._committed(p.entity, result.units, result.days)
        p.future.set_result(result)

    def _together(self, run: list[Push]) -> bool:
        """The fast path: validate and write a run of same-kind requests as one; False = take the exact path."""
        entity = run[0].entity
        spec = ENTITIES[entity]
        records: list[Any] = []
        bounds: list[tuple[int, int]] = []
        for p in run:
            if p.dossier_code is not None and _pin_dossier(p.records, p.dossier_code, spec):
                return False
            if not p.records:
                return False
            bounds.append((len(records), len(records) + len(p.records)))
            records.extend(p.records)
        chunk = _chunk(records)
        result = Validator(self.store, spec, SOURCE_NAME, "index").validate(chunk)
        if result.issues or entity not in result.tables:
            return False
        tables = result.tables
        per_row = row_units(self.store, entity, tables)
        pairs: set[tuple[str, str]] = set()
        for p, (start, end) in zip(run, bounds, strict=True):
            if p.scope_unit is not None:
                pairs.update((p.scope_unit, u) for units in per_row[start:end] for u in units)
        if out_of_scope_pairs(self.store, pairs):
            return False
        days = touched_days(self.store, entity, tables)
        try:
            notes = [dc_replace(p.audit, rows=b) for p, b in zip(run, bounds, strict=True) if p.audit is not None]
            write_records(self.store, tables, audit=notes)
        except Exception:  # pragma: no cover - validated rows; the exact path will say what is wrong
            return False
        changed: set[str] = set()
        for units in per_row:
            changed |= units
        self.groups += 1
        self._committed(entity, changed, days)
        for p, (start, end) in zip(run, bounds, strict=True):
            units = set().union(*per_row[start:end]) if end > start else set()
            written = {entity: end - start}
            if entity == "dossiers" and "dossier_events" in tables:
                codes = set(tables["dossiers"].column("code").slice(start, end - start).to_pylist())
                events = sum(1 for c in tables["dossier_events"].column("dossier_code").to_pylist() if c in codes)
                if events:
                    written["dossier_events"] = events
            warnings = _unknown_warning(spec, p.records)
            p.future.set_result(IntakeResult(entity, len(p.records), written, units, warnings))
        return True

    def _committed(self, entity: str, units: set[str], days: DayRange | None = None) -> None:
        """After a commit: new version, a notice to the pages of every unit whose score may have moved, and the
        same news for the other nodes of a shared store."""
        notify = self._affected(entity, units) if units else set()
        self._mark(entity, notify, days)
        if notify:
            self._announce(entity, notify, days)

    def _mark(self, entity: str, notify: set[str], days: DayRange | None) -> None:
        """New version; ``notify`` (units with their ancestors) changed on ``days``: their cached results expire."""
        self.version += 1
        self._roots_version = self.version
        if not notify:
            return
        lo, hi = days if days is not None else (dt.date.min, dt.date.max)
        for unit in notify:
            self._unit_versions[unit] = self.version
            recent = self._unit_days.setdefault(unit, [])
            recent.append((self.version, lo, hi))
            if len(recent) > 64:  # merge the two oldest: a wider range only invalidates more, never less
                (_, lo1, hi1), (v2, lo2, hi2) = recent[0], recent[1]
                recent[:2] = [(v2, min(lo1, lo2), max(hi1, hi2))]
        self.broker.publish(notify, {"version": self.version, "entity": entity})

    def period_version(self, unit: str, start: dt.date, end: dt.date) -> int:
        """The version of the last write that touched a record of ``unit``'s subtree counted between ``start``
        and ``end`` (a closed period's result depends on nothing else)."""
        best = 0
        for version, lo, hi in self._unit_days.get(unit, ()):
            if lo <= end and start <= hi and version > best:
                best = version
        return best

    def unit_version(self, unit: str) -> int:
        """The version of the last write that touched ``unit``'s subtree (its own score may have moved)."""
        return self._unit_versions.get(unit, 0)

    def peers_version(self, unit: str) -> tuple[int, int]:
        """What a unit's ranked result depends on: its subtree (its score and its children's) and its parent's
        subtree (its peers' scores, hence its rank). Roots are ranked among all roots: any write counts."""
        if self._parents is None or unit not in self._parents:
            with self.read() as store:
                self._parents = dict(store.con.execute("SELECT code, parent_code FROM units").fetchall())
        parent = self._parents.get(unit)
        return (self.unit_version(unit), self.unit_version(parent) if parent else self._roots_version)

    def forget_units(self, *, announce: bool = True) -> None:
        """Drop every cached version (after units were written outside the gate)."""
        if announce:
            self._announce("units", None, None)
        self._parents = None
        self.version += 1
        self._roots_version = self.version
        self._unit_versions = dict.fromkeys(self._unit_versions, self.version)
        self._unit_days = {u: [(self.version, dt.date.min, dt.date.max)] for u in self._unit_days}

    def _affected(self, entity: str, units: set[str]) -> set[str]:
        con = self.store.con
        codes = sorted(units)
        rows = con.execute(
            "SELECT DISTINCT ancestor_code FROM unit_closure WHERE unit_code IN (SELECT unnest(?))", [codes]
        ).fetchall()
        out = {str(r[0]) for r in rows} | units
        if entity == "procedures":
            # A catalogue change can move every unit below the province whose catalogue it is.
            rows = con.execute(
                "SELECT DISTINCT unit_code FROM unit_closure WHERE ancestor_code IN (SELECT unnest(?))", [codes]
            ).fetchall()
            out |= {str(r[0]) for r in rows}
        return out

    def run_write(self, fn: Callable[[Store], Any]) -> Any:
        """Run ``fn`` with the write connection, then treat it as a committed change of every unit."""
        with self._write_lock:
            out = fn(self.store)
            self.version += 1
            self._announce("*", None, None)
        return out


def _unknown_warning(spec: Any, records: list[Any]) -> list[str]:
    keys: list[str] = []
    for rec in records:
        if isinstance(rec, dict):
            keys.extend(k for k in rec if k not in keys and spec.match(k) is None)
    return [f"Bỏ qua các trường không dùng đến: {', '.join(keys)}"] if keys else []
