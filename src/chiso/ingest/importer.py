"""The import of files into the store: read, validate, write — each file all or nothing.

One file is one transaction: its valid rows are written chunk by chunk through :mod:`chiso.store.writer` inside a
single store transaction, together with its ``import_log`` row. If any problem was found (and ``skip_invalid`` is
off) or anything fails, the transaction is rolled back and the store is exactly as before. With
``skip_invalid``, the valid rows are written and the refused ones are saved to a CSV file (the file's own columns
plus ``LyDo``, the reason).

Several files are imported in dependency order (units → procedures → dossiers → events → payments → petitions),
stopping at the first file that fails.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv

from chiso.errors import ChisoError
from chiso.ingest.issues import FileProblem, Issue, IssueCode
from chiso.ingest.readers import Chunk, Source, open_source
from chiso.ingest.schema import ENTITIES, ORDER, EntitySpec, detect_entity, entity_named, map_columns
from chiso.ingest.validate import REASON_COLUMN, Validator
from chiso.safety import safe_table
from chiso.store.db import DB_ERRORS
from chiso.store.writer import KEYS, write_records, write_units
from chiso.timeutil import format_number_vi

if TYPE_CHECKING:
    from chiso.store.db import Store

# What the store raises when it refuses a write, on either backend.
_REFUSED: tuple[type[BaseException], ...] = (ChisoError, *DB_ERRORS)

REJECTED_SUFFIX = ".loai.csv"
WRITE_BATCH_ROWS = 200_000


class ProgressHandle(Protocol):
    """A progress display for one file."""

    def update(self, done: int) -> None:
        """Amount done so far (bytes or rows)."""

    def status(self, text: str) -> None:
        """What is happening once reading is over (the last write and the commit take a while)."""


ProgressFactory = Callable[[str, int | None, str], contextlib.AbstractContextManager[ProgressHandle]]
"""Makes a progress display: (description, total or None, unit "bytes"/"rows")."""


@dataclass
class FileReport:
    """What happened to one file."""

    path: Path
    entity: str | None = None
    format: str | None = None
    rows_read: int = 0
    rows_written: int = 0  # valid rows handed to the store (inserted, replaced or already identical)
    rows_rejected: int = 0
    events_written: int = 0  # dossier events made from status-time columns
    issues: list[Issue] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    rejected_path: Path | None = None
    imported: bool = False  # the file's transaction was committed
    skipped: bool = False  # not attempted: an earlier file failed
    seconds: float = 0.0

    @property
    def failed(self) -> bool:
        """Nothing of this file was written because of a problem."""
        return not self.imported and not self.skipped


class UsageError(ChisoError):
    """A wrong option (unknown --entity …)."""


def resolve_entity(source: Source, entity: str | None) -> EntitySpec:
    """The entity of ``source``: the one named by ``entity``, else detected from the header."""
    name = source.path.name
    if entity is not None:
        spec = entity_named(entity)
        if spec is None:
            raise UsageError(f"Loại dữ liệu «{entity}» không hợp lệ; chọn một trong: {', '.join(ENTITIES)}.")
        return spec
    found = detect_entity(source.headers)
    if found.entity is not None:
        return found.entity
    if found.candidates:
        labels = ", ".join(f"{ENTITIES[c].label} ({c})" for c in found.candidates)
        raise FileProblem(
            Issue(
                name,
                IssueCode.AMBIGUOUS_ENTITY,
                f"Các cột của tệp khớp với nhiều loại dữ liệu: {labels}. Hãy chỉ rõ bằng --entity.",
            )
        )
    reason = "Không nhận ra loại dữ liệu từ các cột của tệp"
    if source.headers:
        shown = ", ".join(source.headers[:12]) + (" …" if len(source.headers) > 12 else "")
        reason += f" ({shown})"
    if found.closest is not None:
        missing = ", ".join(_column_hint(found.closest.entity, m) for m in found.closest.missing)
        reason += f". Gần nhất là «{found.closest.entity.label}» nhưng thiếu cột: {missing}"
    reason += ". Hãy đặt tên cột theo docs/import-format.md, hoặc chỉ rõ bằng --entity."
    raise FileProblem(Issue(name, IssueCode.UNKNOWN_ENTITY, reason))


def _column_hint(entity: EntitySpec, name: str) -> str:
    spec = entity.field(name)
    return f"{spec.aliases[0] if spec.aliases else name} ({name})"


def _header_issues(source: Source, entity: EntitySpec) -> tuple[list[Issue], list[str]]:
    """Problems of the header itself (missing or repeated columns) and warnings (ignored columns)."""
    cmap = map_columns(entity, source.headers)
    issues: list[Issue] = []
    for name in cmap.missing:
        spec = entity.field(name)
        accepted = ", ".join(spec.spellings())
        issues.append(
            Issue(
                source.path.name,
                IssueCode.MISSING_COLUMN,
                f"Thiếu cột bắt buộc «{spec.label}»; tên cột được chấp nhận: {accepted}",
                column=_column_hint(entity, name),
            )
        )
    for name, headers in cmap.duplicates:
        issues.append(
            Issue(
                source.path.name,
                IssueCode.DUPLICATE_COLUMN,
                f"Nhiều cột cùng chỉ «{entity.field(name).label}» ({name}): {', '.join(headers)}; hãy giữ một cột",
                column=headers[1],
            )
        )
    warnings = []
    if cmap.unknown:
        warnings.append(f"Bỏ qua các cột không dùng đến: {', '.join(cmap.unknown)}")
    return issues, warnings


def rejected_path_for(path: Path, rejected_out: Path | None, several: bool) -> Path:
    """Where the refused rows of ``path`` go: ``rejected_out`` (a directory, or a file — suffixed with the input's
    name when several inputs share it), else next to the input as ``<name>.loai.csv``."""
    if rejected_out is None:
        return path.with_name(path.stem + REJECTED_SUFFIX)
    if rejected_out.is_dir():
        return rejected_out / (path.stem + REJECTED_SUFFIX)
    if several:
        return rejected_out.with_name(f"{rejected_out.stem}.{path.stem}{rejected_out.suffix or '.csv'}")
    return rejected_out


def write_rejected(path: Path, parts: Sequence[pa.Table]) -> None:
    """Save refused rows as CSV (UTF-8 with BOM, so that Excel shows Vietnamese correctly)."""
    table = pa.concat_tables(parts, promote_options="default") if len(parts) > 1 else parts[0]
    # The reason comes last, after the file's own columns, whichever chunk introduced them.
    names = [n for n in table.column_names if n != REASON_COLUMN] + [REASON_COLUMN]
    # The refused cells go back to the user, who opens the file in a spreadsheet: no cell may run as a formula.
    table = safe_table(table.select(names))
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as f:
        f.write(b"\xef\xbb\xbf")
        pacsv.write_csv(table, f, pacsv.WriteOptions(include_header=True, quoting_style="needed"))


class _Pending:
    """Valid rows waiting to be written: writes go in batches, since each write also refreshes derived facts."""

    def __init__(self) -> None:
        self.tables: dict[str, list[pa.Table]] = {}
        self.rows = 0

    def add(self, tables: dict[str, pa.Table]) -> None:
        for name, table in tables.items():
            self.tables.setdefault(name, []).append(table)
        self.rows += max(t.num_rows for t in tables.values())

    def take(self) -> dict[str, pa.Table]:
        out = {
            # JSON chunks may differ in their optional columns: missing ones become empty.
            name: pa.concat_tables(parts, promote_options="default") if len(parts) > 1 else parts[0]
            for name, parts in self.tables.items()
        }
        self.tables, self.rows = {}, 0
        return out


class _Refused(Exception):
    """Internal: roll the file's transaction back."""


def _keys_exist(store: Store, entity: str, table: pa.Table) -> bool:
    """True when any key of ``table`` is already in the store (then the write must upsert)."""
    keys = KEYS[entity]
    if table.num_rows == 0:
        return False
    probe = table.select(list(keys))
    store.con.register("_probe_keys", probe)
    try:
        cond = " AND ".join(f't."{k}" = p."{k}"' for k in keys)
        row = store.con.execute(f'SELECT EXISTS (SELECT 1 FROM _probe_keys p JOIN "{entity}" t ON {cond})').fetchone()
    finally:
        store.con.unregister("_probe_keys")
    return bool(row and row[0])


def _write(store: Store, entity: str, tables: dict[str, pa.Table]) -> None:
    """Hand valid rows to the writer; a chunk whose keys are all new takes the bulk-insert path."""
    if entity == "units":
        write_units(store, tables["units"])
        return
    fresh = entity != "procedures" and not any(_keys_exist(store, e, t) for e, t in tables.items())
    write_records(store, tables, fresh=fresh)


def _concat(chunks: Iterator[Chunk]) -> Iterator[Chunk]:
    """All chunks as one (for units, whose parents may come after their children)."""
    parts = list(chunks)
    if len(parts) <= 1:
        yield from parts
        return
    headers = parts[0].headers
    if any(p.headers != headers for p in parts):
        # JSON chunks may add keys: widen every chunk to the last (largest) header.
        headers = parts[-1].headers
        parts = [_widen(p, headers) for p in parts]
    yield Chunk(
        headers,
        pa.concat_tables([p.table for p in parts]),
        np.concatenate([p.rows for p in parts]),
        [m for p in parts for m in p.malformed],
        parts[-1].done,
    )


def _widen(chunk: Chunk, headers: list[str]) -> Chunk:
    have = {h: i for i, h in enumerate(chunk.headers)}
    cols = {
        f"c{i}": chunk.table.column(have[h]) if h in have else pa.nulls(chunk.num_rows, pa.string())
        for i, h in enumerate(headers)
    }
    return Chunk(headers, pa.table(cols), chunk.rows, chunk.malformed, chunk.done)


def import_source(
    store: Store,
    source: Source,
    entity: EntitySpec,
    *,
    skip_invalid: bool = False,
    rejected_path: Path | None = None,
    progress: ProgressFactory | None = None,
) -> FileReport:
    """Import one opened file as ``entity``: all or nothing, unless ``skip_invalid``."""
    started = dt.datetime.now(dt.UTC)
    clock = time.perf_counter()
    report = FileReport(source.path, entity.name, source.format)
    header_issues, report.warnings = _header_issues(source, entity)
    if header_issues:
        report.issues = header_issues
        report.seconds = time.perf_counter() - clock
        return report
    validator = Validator(store, entity, source.path.name, source.row_kind)
    rejected_parts: list[pa.Table] = []
    display = (
        progress(f"{source.path.name} ({entity.label})", source.progress_total, source.progress_unit)
        if progress is not None
        else contextlib.nullcontext(None)
    )
    try:
        with display as bar, store.transaction():
            chunks = source.chunks()
            if entity.name == "units":
                chunks = _concat(chunks)
            writing = True
            pending = _Pending()
            for chunk in chunks:
                result = validator.validate(chunk)
                report.rows_read += result.rows_read
                report.rows_rejected += result.rows_read - result.rows_valid
                if result.issues:
                    report.issues.extend(result.issues)
                    if result.rejected is not None:
                        rejected_parts.append(result.rejected)
                    writing = writing and skip_invalid
                if writing and result.rows_valid:
                    pending.add(result.tables)
                    report.rows_written += result.rows_valid
                    if "dossier_events" in result.tables and entity.name == "dossiers":
                        report.events_written += result.tables["dossier_events"].num_rows
                    if pending.rows >= WRITE_BATCH_ROWS:
                        _write(store, entity.name, pending.take())
                if bar is not None:
                    bar.update(chunk.done)
            if bar is not None and writing and report.rows_written:
                bar.status("đang ghi vào kho dữ liệu…")
            if writing and pending.rows:
                _write(store, entity.name, pending.take())
            if report.issues and not skip_invalid:
                raise _Refused
            if rejected_parts:
                report.rejected_path = rejected_path or source.path.with_name(source.path.stem + REJECTED_SUFFIX)
                write_rejected(report.rejected_path, rejected_parts)
            _log(store, report, source, started)
        report.imported = True
    except _Refused:
        report.rows_written = 0
        report.events_written = 0
    except FileProblem as exc:
        report.issues.append(exc.issue)
        report.rows_written = report.events_written = 0
        report.rejected_path = None
    except _REFUSED as exc:  # the store refused the write
        report.issues.append(
            Issue(source.path.name, IssueCode.STORE_REJECTED, f"Kho dữ liệu từ chối ghi tệp này: {exc}")
        )
        report.rows_written = report.events_written = 0
        report.rejected_path = None
    except OSError as exc:
        report.issues.append(Issue(source.path.name, IssueCode.MALFORMED_FILE, f"Lỗi đọc/ghi tệp: {exc}"))
        report.rows_written = report.events_written = 0
        report.rejected_path = None
    report.seconds = time.perf_counter() - clock
    return report


def _log(store: Store, report: FileReport, source: Source, started: dt.datetime) -> None:
    """Record the import in ``import_log``, inside the file's transaction."""
    store.con.execute(
        "INSERT INTO import_log (import_id, entity, source, rows_read, rows_written, rows_rejected, started_at, "
        "finished_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [
            str(uuid.uuid4()),
            report.entity,
            str(source.path.resolve()),
            report.rows_read,
            report.rows_written,
            report.rows_rejected,
            started,
            dt.datetime.now(dt.UTC),
        ],
    )
    from chiso.audit.log import AuditEntry, append, cli_actor
    from chiso.timeutil import format_number_vi

    append(
        store,
        [
            AuditEntry(
                cli_actor(),
                "import",
                f"Nhập tệp {source.path.name}: ghi {format_number_vi(report.rows_written)} bản ghi, "
                f"loại {format_number_vi(report.rows_rejected)}",
                entity=report.entity,
                keys=[str(source.path.resolve())],
            )
        ],
    )


def import_paths(
    store: Store,
    paths: Sequence[str | Path],
    *,
    entity: str | None = None,
    skip_invalid: bool = False,
    rejected_out: str | Path | None = None,
    progress: ProgressFactory | None = None,
) -> list[FileReport]:
    """Import several files in dependency order, each all or nothing; stop at the first failed file.

    Every file is opened and its entity decided first: if any cannot be (unreadable, unknown columns), nothing
    is imported, since the order would be unknown. Returns one report per path, in import order."""
    if entity is not None and entity_named(entity) is None:
        raise UsageError(f"Loại dữ liệu «{entity}» không hợp lệ; chọn một trong: {', '.join(ENTITIES)}.")
    opened: list[tuple[Source, EntitySpec]] = []
    failures: list[FileReport] = []
    try:
        for p in paths:
            path = Path(p)
            try:
                source = open_source(path)
            except FileProblem as exc:
                failures.append(FileReport(path, issues=[exc.issue]))
                continue
            try:
                opened.append((source, resolve_entity(source, entity)))
            except FileProblem as exc:
                source.close()
                failures.append(FileReport(path, format=source.format, issues=[exc.issue]))
        if failures:
            return failures + [FileReport(s.path, e.name, s.format, skipped=True) for s, e in opened]
        opened.sort(key=lambda pair: ORDER.index(pair[1].name))  # stable: same entity keeps the given order
        out_dir = Path(rejected_out) if rejected_out is not None else None
        reports: list[FileReport] = []
        failed = False
        for source, spec in opened:
            if failed:
                reports.append(FileReport(source.path, spec.name, source.format, skipped=True))
                continue
            report = import_source(
                store,
                source,
                spec,
                skip_invalid=skip_invalid,
                rejected_path=rejected_path_for(source.path, out_dir, len(opened) > 1),
                progress=progress,
            )
            reports.append(report)
            failed = report.failed
        return reports
    finally:
        for source, _ in opened:
            source.close()


def import_file(
    store: Store,
    path: str | Path,
    *,
    entity: str | None = None,
    skip_invalid: bool = False,
    rejected_out: str | Path | None = None,
    progress: ProgressFactory | None = None,
) -> FileReport:
    """Import one file (see :func:`import_paths`)."""
    return import_paths(
        store, [path], entity=entity, skip_invalid=skip_invalid, rejected_out=rejected_out, progress=progress
    )[0]


def summary_vi(report: FileReport) -> str:
    """One Vietnamese line about a file: entity, rows read/written/rejected, time."""
    label = ENTITIES[report.entity].label if report.entity else "không rõ loại"
    head = f"{report.path.name} ({label})"
    if report.skipped:
        return f"{head}: chưa nhập vì tệp trước bị lỗi."
    took = f"{format_number_vi(round(report.seconds, 1), 1)} giây"
    read = f"đọc {format_number_vi(report.rows_read)} dòng"
    rejected = f"loại {format_number_vi(report.rows_rejected)}"
    if not report.imported:
        return f"{head}: KHÔNG nhập (không ghi dòng nào); {read}, {rejected} — {took}."
    counts = f"{read}, ghi {format_number_vi(report.rows_written)}, {rejected}"
    if report.events_written:
        counts += f", kèm {format_number_vi(report.events_written)} sự kiện xử lý"
    return f"{head}: {counts} — {took}."
