"""The audit log: who changed what, when, through which request.

Entries are written by the code path that makes the change, inside the same store transaction, so a change and
its entry are committed — or rolled back — together. The log is append-only by construction: this module offers
:func:`append` and :func:`query` and nothing else, and no other module writes to ``audit_log``.

An entry never holds a secret: actors are named by the public token id (``token:<id>``) or the operating-system
user (``cli:<user>``), and summaries are built from record keys and counts only.
"""

from __future__ import annotations

import datetime as dt
import getpass
import json
import os
import uuid
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pyarrow as pa

if TYPE_CHECKING:
    from chiso.store.db import Store

# Actions and their Vietnamese names (CLI listing, API).
ACTIONS: dict[str, str] = {
    "ingest": "ghi dữ liệu qua API",
    "import": "nhập tệp",
    "token.create": "tạo mã truy cập",
    "token.revoke": "thu hồi mã truy cập",
    "publish": "công bố kết quả kỳ",
    "publish.replace": "công bố lại kết quả kỳ",
    "restore": "khôi phục từ bản sao lưu",
}
# Global operations: they concern every unit, so every province's administrators may see them.
GLOBAL_ACTIONS = ("publish", "publish.replace", "restore")
MAX_KEYS = 100  # keys kept per entry; key_count keeps the true number

ENTITY_VI: dict[str, str] = {
    "procedures": "TTHC",
    "dossiers": "hồ sơ",
    "dossier_events": "sự kiện xử lý",
    "payments": "giao dịch thanh toán",
    "petitions": "PAKN",
    "units": "đơn vị",
}


def cli_actor() -> str:
    """The actor of a command run by hand: ``cli:<operating-system user>``."""
    try:
        user = getpass.getuser()
    except (KeyError, OSError):  # pragma: no cover - no passwd entry (some containers)
        user = os.environ.get("USER") or str(os.getuid())
    return f"cli:{user}"


def token_actor(token_id: str) -> str:
    """The actor of a request authenticated by a token: its public id, never the token itself."""
    return f"token:{token_id}"


@dataclass(frozen=True)
class AuditEntry:
    """One change to record."""

    actor: str
    action: str
    summary: str
    entity: str | None = None
    keys: Sequence[str] = ()
    unit_code: str | None = None
    request_id: str | None = None
    key_count: int | None = None  # defaults to len(keys)


@dataclass(frozen=True)
class WriteNote:
    """Who asked for a write through :func:`chiso.store.writer.write_records`: one audit entry per note.

    ``rows`` is the slice of the main table's rows the note covers, when several requests are written in one
    transaction (the web app's group commit); ``None`` = every row."""

    actor: str
    unit_code: str | None = None
    request_id: str | None = None
    action: str = "ingest"
    rows: tuple[int, int] | None = None


@dataclass(frozen=True)
class AuditRecord:
    """A stored entry."""

    entry_id: str
    at: dt.datetime
    actor: str
    unit_code: str | None
    action: str
    entity: str | None
    keys: list[str] = field(default_factory=list)
    key_count: int = 0
    request_id: str | None = None
    summary: str = ""

    def to_json(self) -> dict[str, Any]:
        """Plain data for the API and ``chiso audit --json``."""
        return {
            "entry_id": self.entry_id,
            "at": self.at.isoformat(),
            "actor": self.actor,
            "unit_code": self.unit_code,
            "action": self.action,
            "entity": self.entity,
            "keys": list(self.keys),
            "key_count": self.key_count,
            "request_id": self.request_id,
            "summary": self.summary,
        }


_SCHEMA = pa.schema(
    [
        ("entry_id", pa.string()),
        ("recorded_at", pa.timestamp("us", tz="UTC")),
        ("actor", pa.string()),
        ("unit_code", pa.string()),
        ("action", pa.string()),
        ("entity", pa.string()),
        ("keys", pa.string()),
        ("key_count", pa.int64()),
        ("request_id", pa.string()),
        ("summary", pa.string()),
    ]
)


def append(store: Store, entries: Sequence[AuditEntry], *, at: dt.datetime | None = None) -> None:
    """Record ``entries`` (inside the caller's transaction when there is one, so they commit with the change)."""
    if not entries:
        return
    for e in entries:
        if e.action not in ACTIONS:
            raise ValueError(f"unknown audit action {e.action!r}")
    when = at or dt.datetime.now(dt.UTC)
    rows = {
        "entry_id": [uuid.uuid4().hex for _ in entries],
        "recorded_at": [when] * len(entries),
        "actor": [e.actor for e in entries],
        "unit_code": [e.unit_code for e in entries],
        "action": [e.action for e in entries],
        "entity": [e.entity for e in entries],
        "keys": [json.dumps([str(k) for k in list(e.keys)[:MAX_KEYS]], ensure_ascii=False) for e in entries],
        "key_count": [len(e.keys) if e.key_count is None else e.key_count for e in entries],
        "request_id": [e.request_id for e in entries],
        "summary": [e.summary for e in entries],
    }
    staging = f"_audit_{uuid.uuid4().hex}"
    store.con.register(staging, pa.table(rows, schema=_SCHEMA))
    try:
        with store.transaction():
            store.con.execute(f"INSERT INTO audit_log BY NAME SELECT * FROM {staging}")
    finally:
        store.con.unregister(staging)


def _key_strings(table: pa.Table, key: Sequence[str]) -> list[str]:
    if len(key) == 1:
        return [str(v) for v in table.column(key[0]).to_pylist()]
    cols = [table.column(k).to_pylist() for k in key]
    return [".".join("" if v is None else str(v) for v in vals) for vals in zip(*cols, strict=True)]


def record_writes(store: Store, tables: Mapping[str, pa.Table], notes: Sequence[WriteNote]) -> None:
    """One entry per note for records written by :func:`chiso.store.writer.write_records` (same transaction)."""
    from chiso.store.writer import KEYS
    from chiso.timeutil import format_number_vi

    order = ("procedures", "dossiers", "dossier_events", "payments", "petitions")
    present = [e for e in order if e in tables]
    if not notes or not present:
        return
    main = present[0]
    table = tables[main]
    # Events sent inside dossier records, per dossier (counted once for the whole group).
    per_dossier: Counter[str] = Counter()
    if main == "dossiers" and "dossier_events" in tables:
        per_dossier.update(tables["dossier_events"].column("dossier_code").to_pylist())
    entries = []
    for note in notes:
        lo, hi = note.rows if note.rows is not None else (0, table.num_rows)
        keys = _key_strings(table.slice(lo, hi - lo), KEYS[main])
        extra = ""
        if per_dossier:
            events = sum(per_dossier.get(k, 0) for k in set(keys))
            if events:
                extra = f" (kèm {format_number_vi(events)} sự kiện xử lý)"
        entries.append(
            AuditEntry(
                actor=note.actor,
                action=note.action,
                entity=main,
                keys=keys,
                unit_code=note.unit_code,
                request_id=note.request_id,
                summary=f"Ghi {format_number_vi(len(keys))} {ENTITY_VI.get(main, main)}{extra}",
            )
        )
    append(store, entries)


def query(
    store: Store,
    *,
    since: dt.datetime | None = None,
    until: dt.datetime | None = None,
    unit: str | None = None,
    scope: str | None = None,
    action: str | None = None,
    actor: str | None = None,
    limit: int | None = 1000,
) -> list[AuditRecord]:
    """Entries, oldest first. ``unit``: entries about that unit or any unit below it. ``scope``: what a token of
    that unit may see — entries about its subtree, plus global operations (publish, restore)."""
    where: list[str] = []
    params: list[Any] = []
    if since is not None:
        where.append("recorded_at >= ?")
        params.append(since)
    if until is not None:
        where.append("recorded_at < ?")
        params.append(until)
    if unit is not None:
        where.append("unit_code IN (SELECT unit_code FROM unit_closure WHERE ancestor_code = ?) OR unit_code = ?")
        params += [unit, unit]
    if scope is not None:
        where.append(
            "unit_code IN (SELECT unit_code FROM unit_closure WHERE ancestor_code = ?) "
            "OR (unit_code IS NULL AND action IN (SELECT unnest(?)))"
        )
        params += [scope, list(GLOBAL_ACTIONS)]
    if action is not None:
        where.append("(action = ? OR action LIKE ?)")
        params += [action, action + ".%"]
    if actor is not None:
        where.append("actor = ?")
        params.append(actor)
    sql = (
        "SELECT entry_id, recorded_at, actor, unit_code, action, entity, keys, key_count, request_id, summary "
        "FROM audit_log"
    )
    if where:
        sql += " WHERE " + " AND ".join(f"({w})" for w in where)
    sql += " ORDER BY recorded_at DESC, entry_id DESC" if limit is not None else " ORDER BY recorded_at, entry_id"
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    rows = store.con.execute(sql, params).fetchall()
    out = [
        AuditRecord(
            entry_id=str(r[0]),
            at=r[1],
            actor=str(r[2]),
            unit_code=r[3],
            action=str(r[4]),
            entity=r[5],
            keys=json.loads(r[6]) if r[6] else [],
            key_count=int(r[7] or 0),
            request_id=r[8],
            summary=str(r[9]),
        )
        for r in rows
    ]
    if limit is not None:
        out.reverse()  # the latest ``limit`` entries, shown oldest first
    return out
