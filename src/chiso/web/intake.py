"""Real-time intake: records pushed over HTTP by one-stop systems, validated and written like an imported file.

There is one definition of what a valid record is — :mod:`chiso.ingest` (column names and aliases, cell parsing,
the pydantic row rules, references to the store, duplicate keys) — and one write path, :mod:`chiso.store.writer`.
A request body is turned into the same :class:`~chiso.ingest.readers.Chunk` a JSON file becomes, so a record is
accepted or refused over HTTP exactly as it would be in ``chiso import``, with the same Vietnamese messages.

A request is all or nothing: any problem refuses the whole request and nothing is written. Events are keyed by
their id (derived from dossier, type and time when absent), so a retried request adds nothing; and since the
writer recomputes a dossier's facts from its whole history, events may arrive in any order.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import pyarrow as pa

from chiso.auth import out_of_scope
from chiso.ingest.issues import Issue, IssueCode
from chiso.ingest.readers import Chunk, Malformed
from chiso.ingest.schema import ENTITIES, EntitySpec, map_columns
from chiso.ingest.validate import Validator
from chiso.ingest.values import cell_text
from chiso.store.writer import write_records
from chiso.timeutil import VN_TZ

if TYPE_CHECKING:
    from chiso.audit.log import WriteNote
    from chiso.store.db import Store

DayRange = tuple[dt.date, dt.date]

# The record kinds the API accepts; units are managed by import, not pushed by one-stop systems.
API_ENTITIES = ("procedures", "dossiers", "dossier_events", "payments", "petitions")
SOURCE_NAME = "yêu cầu"


@dataclass(frozen=True)
class Problem:
    """One reason a request was refused: where (record index, field as sent), a stable code, a Vietnamese
    message."""

    code: str
    message: str
    index: int | None = None
    column: str | None = None
    field: str | None = None
    value: str | None = None

    def to_json(self) -> dict[str, Any]:
        """The problem as the API reports it (``loc`` is the path into the request body)."""
        loc: list[str | int] = ["body"]
        if self.index is not None:
            loc.append(self.index)
        if self.column is not None:
            loc.append(self.column)
        return {
            "loc": loc,
            "field": self.field,
            "code": self.code,
            "msg": self.message,
            "value": self.value,
        }


class IntakeRejected(Exception):
    """The request is refused as a whole; ``status`` is the HTTP status to answer with."""

    def __init__(self, status: int, message: str, problems: Sequence[Problem] = ()) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.problems = list(problems)

    def to_json(self) -> dict[str, Any]:
        """The error body: a Vietnamese summary and every problem."""
        return {"detail": self.message, "errors": [p.to_json() for p in self.problems]}


@dataclass
class IntakeResult:
    """What an accepted request wrote."""

    entity: str
    received: int
    written: dict[str, int]
    units: set[str] = field(default_factory=set)  # units whose records changed (for live updates)
    warnings: list[str] = field(default_factory=list)
    days: DayRange | None = None  # local days the changed records count in (None: any day)

    def to_json(self) -> dict[str, Any]:
        """The response body of an accepted request."""
        return {
            "entity": self.entity,
            "received": self.received,
            "written": self.written,
            "warnings": self.warnings,
        }


def parse_body(body: bytes) -> list[Any]:
    """The records of a request body: one JSON object, an array of objects, or ``{"records": [...]}``."""
    if b"\x00" in body or b"\\u0000" in body:
        # No text a one-stop system sends holds NUL, and PostgreSQL cannot store it: refused the same on both stores.
        raise IntakeRejected(
            422,
            "Nội dung có ký tự NUL (\\u0000), không được phép trong dữ liệu văn bản.",
            [Problem(IssueCode.MALFORMED_FILE.value, "Có ký tự NUL")],
        )
    try:
        doc = json.loads(body.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise IntakeRejected(400, "Nội dung yêu cầu không phải văn bản UTF-8.") from None
    except json.JSONDecodeError as exc:
        raise IntakeRejected(
            400,
            f"JSON sai cú pháp ở dòng {exc.lineno}, cột {exc.colno}: {exc.msg}.",
            [Problem(IssueCode.MALFORMED_FILE.value, f"JSON sai cú pháp: {exc.msg}")],
        ) from None
    if isinstance(doc, dict) and isinstance(doc.get("records"), list):
        return list(doc["records"])
    if isinstance(doc, dict):
        return [doc]
    if isinstance(doc, list):
        return doc
    raise IntakeRejected(
        422,
        'Nội dung phải là một đối tượng JSON, một mảng các đối tượng, hoặc {"records": [...]}.',
        [Problem(IssueCode.MALFORMED_FILE.value, "Nội dung không phải đối tượng hay mảng JSON")],
    )


def _chunk(records: Sequence[Any]) -> Chunk:
    """The records as the chunk a JSON file would give (every value as the text a CSV cell would hold)."""
    headers: list[str] = []
    known: set[str] = set()
    good: list[tuple[int, dict[str, Any]]] = []
    malformed: list[Malformed] = []
    for i, rec in enumerate(records):
        if not isinstance(rec, dict):
            text = json.dumps(rec, ensure_ascii=False)
            malformed.append(Malformed(i, text[:200], "Phần tử không phải một đối tượng JSON"))
            continue
        good.append((i, rec))
        for key in rec:
            if key not in known:
                known.add(key)
                headers.append(key)
    columns = {
        f"c{j}": pa.array([cell_text(rec.get(h)) for _, rec in good], pa.string()) for j, h in enumerate(headers)
    }
    rows = np.fromiter((i for i, _ in good), dtype=np.int64, count=len(good))
    return Chunk(headers, pa.table(columns) if columns else pa.table({}), rows, malformed)


def _problem(issue: Issue, spec: EntitySpec, columns: dict[str, str]) -> Problem:
    by_header = {h: name for name, h in columns.items()}
    return Problem(
        issue.code.value,
        issue.reason,
        index=issue.row,
        column=issue.column,
        field=by_header.get(issue.column or "", spec.match(issue.column) if issue.column else None),
        value=issue.value,
    )


def _pin_dossier(records: list[Any], dossier_code: str, spec: EntitySpec) -> list[Problem]:
    """Records posted under ``/dossiers/{code}/…`` belong to that dossier: fill the code in, refuse another."""
    problems = []
    for i, rec in enumerate(records):
        if not isinstance(rec, dict):
            continue
        keys = [k for k in rec if spec.match(k) == "dossier_code"]
        for k in keys:
            given = cell_text(rec[k])
            if given is not None and given.strip() != dossier_code:
                problems.append(
                    Problem(
                        IssueCode.INVALID_VALUE.value,
                        f"Mã hồ sơ «{given}» khác mã hồ sơ trên đường dẫn «{dossier_code}»",
                        index=i,
                        column=k,
                        field="dossier_code",
                        value=given,
                    )
                )
        if not keys:
            rec["dossier_code"] = dossier_code
    return problems


def _stored_units(store: Store, table: str, key: str, codes: Sequence[str]) -> dict[str, str]:
    """``key`` → unit_code of the stored ``table`` rows among ``codes``."""
    if not codes:
        return {}
    rows = store.con.execute(
        f"SELECT {key}, unit_code FROM {table} WHERE {key} IN (SELECT unnest(?))", [sorted(set(codes))]
    ).fetchall()
    return {str(k): str(u) for k, u in rows}


def row_units(store: Store, entity: str, tables: dict[str, pa.Table]) -> list[set[str]]:
    """For each row of ``tables[entity]``, the units whose records it writes: the record's own unit and, for a
    record already stored, the unit it is stored under (a token may not move another unit's record)."""
    table = tables[entity]
    if entity in ("dossiers", "petitions"):
        codes = table.column("code").to_pylist()
        stored = _stored_units(store, entity, "code", codes)
        return [
            {u for u in (unit, stored.get(code)) if u is not None}
            for code, unit in zip(codes, table.column("unit_code").to_pylist(), strict=True)
        ]
    if entity in ("dossier_events", "payments"):
        codes = table.column("dossier_code").to_pylist()
        stored = _stored_units(store, "dossiers", "code", codes)
        return [{stored[c]} if c in stored else set() for c in codes]
    if entity == "procedures":
        return [{a} for a in table.column("authority_code").to_pylist()]
    raise ValueError(entity)  # pragma: no cover


def intake(
    store: Store,
    entity: str,
    records: list[Any],
    *,
    scope_unit: str | None,
    dossier_code: str | None = None,
    max_records: int = 10_000,
    audit: Sequence[WriteNote] = (),
) -> IntakeResult:
    """Validate and write ``records`` of ``entity`` pushed by a sender whose token covers ``scope_unit``'s
    subtree (``None``: no limit). All or nothing; raises :class:`IntakeRejected` (422 invalid, 403 out of
    scope, 413 too many records). The caller serialises store access."""
    spec = ENTITIES[entity]
    if len(records) > max_records:
        raise IntakeRejected(
            413, f"Một yêu cầu chỉ được gửi tối đa {max_records} bản ghi (đã gửi {len(records)}); hãy chia nhỏ."
        )
    if not records:
        raise IntakeRejected(422, "Yêu cầu không có bản ghi nào.", [Problem(IssueCode.MISSING_VALUE.value, "Rỗng")])
    problems: list[Problem] = []
    if dossier_code is not None:
        problems += _pin_dossier(records, dossier_code, spec)
    chunk = _chunk(records)
    cmap = map_columns(spec, chunk.headers)
    for name, headers in cmap.duplicates:
        problems.append(
            Problem(
                IssueCode.DUPLICATE_COLUMN.value,
                f"Nhiều trường cùng chỉ «{spec.field(name).label}» ({name}): {', '.join(headers)}; hãy giữ một",
                column=headers[1],
                field=name,
            )
        )
    warnings = [f"Bỏ qua các trường không dùng đến: {', '.join(cmap.unknown)}"] if cmap.unknown else []
    result = Validator(store, spec, SOURCE_NAME, "index").validate(chunk)
    problems += [_problem(i, spec, cmap.columns) for i in result.issues]
    if problems:
        problems.sort(key=lambda p: -1 if p.index is None else p.index)
        raise IntakeRejected(422, _summary(spec, problems), problems)
    tables = result.tables
    keys = tables[entity].column(spec.key[-1]).to_pylist()
    owners: dict[str, set[str]] = {}
    for key, units_of_row in zip(keys, row_units(store, entity, tables), strict=True):
        for unit in units_of_row:
            owners.setdefault(unit, set()).add(str(key))
    units = set(owners)
    outside = out_of_scope(store, scope_unit, units) if scope_unit is not None else set()
    if outside:
        listed = [
            Problem(
                "OUT_OF_SCOPE",
                f"Mã truy cập chỉ được ghi dữ liệu của đơn vị «{scope_unit}» và các đơn vị trực thuộc; "
                f"bản ghi «{record}» thuộc đơn vị «{unit}»",
                field="unit_code",
                value=unit,
            )
            for unit in sorted(outside)
            for record in sorted(owners[unit])[:20]
        ]
        raise IntakeRejected(
            403,
            f"Mã truy cập không có quyền ghi dữ liệu của đơn vị: {', '.join(sorted(outside))}.",
            listed,
        )
    days = touched_days(store, entity, tables)
    outcome = write_records(store, tables, audit=audit)
    return IntakeResult(entity, len(records), dict(outcome.written), units, warnings, days)


def touched_days(store: Store, entity: str, tables: dict[str, pa.Table]) -> DayRange | None:
    """The local days whose periods the write can change (call before writing): dossiers and petitions count in
    the period of their reception day (spec §3), so a write changes the periods of the new reception days and
    of the stored ones it replaces, and an event or payment those of its dossier. ``None`` for a catalogue
    update, which can change any period."""
    if entity == "procedures":
        return None
    table = tables[entity]
    if entity in ("dossiers", "petitions"):
        source, codes = entity, table.column("code")
        new = table.column("received_at").to_pylist()
        days = {v.astimezone(VN_TZ).date() for v in new if v is not None}
    else:
        source, codes = "dossiers", table.column("dossier_code")
        days = set()
    row = store.con.execute(
        f"SELECT min(received_day), max(received_day) FROM {source} WHERE code IN (SELECT unnest(?))",
        [codes.to_pylist()],
    ).fetchone()
    if row is not None and row[0] is not None:
        days |= {row[0], row[1]}
    if not days:
        return None
    return (min(days), max(days))


def _summary(spec: EntitySpec, problems: Sequence[Problem]) -> str:
    records = {p.index for p in problems if p.index is not None}
    where = f" ở {len(records)} bản ghi" if records else ""
    return (
        f"Dữ liệu {spec.label} không hợp lệ: {len(problems)} lỗi{where}. Không bản ghi nào được ghi; "
        "hãy sửa và gửi lại cả yêu cầu."
    )
