"""Parquet snapshots of the store: what an engine outside the store (Spark) reads to compute the indicators.

A snapshot is a directory with one Parquet file per table the counting expressions of
:mod:`chiso.compute.metrics` read, plus ``manifest.json`` (format version, store schema version, methodology, row
counts, export instant, and the period when the export was restricted to one). The manifest is written last, so a
directory without one is an unfinished export and is refused.

Instants are written as UTC-adjusted Parquet timestamps and calendar days as dates: a reader needs no time-zone
setting to agree with the store (periods are decided by the ``*_day`` columns the writer derived). The files are
written by Arrow from batches typed by the tables' declared columns (:mod:`chiso.store.tableio`), so a DuckDB and
a PostgreSQL store with the same rows give the same files.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from chiso.compute.metrics import Tables
from chiso.compute.period import Period
from chiso.errors import ChisoError
from chiso.timeutil import ensure_aware, format_date_vi, now_vn

if TYPE_CHECKING:
    from chiso.store.db import Store

MANIFEST = "manifest.json"
FORMAT = "chiso-parquet-snapshot"
FORMAT_VERSION = 1


class SnapshotError(ChisoError):
    """A snapshot directory that cannot be written or read; message in Vietnamese."""


def _tables_read_by_engine() -> tuple[str, ...]:
    """The store tables :class:`~chiso.compute.metrics.Tables` binds, asked of it rather than listed again."""
    names: list[str] = []

    def record(name: str) -> str:
        names.append(name)
        return name

    Tables.from_backend(record)
    return tuple(names)


SNAPSHOT_TABLES: tuple[str, ...] = _tables_read_by_engine()


@dataclass(frozen=True)
class Manifest:
    """What ``manifest.json`` says about a snapshot."""

    directory: Path
    schema_version: int
    methodology: str
    exported_at: dt.datetime
    period: Period | None
    rows: dict[str, int]

    def path(self, table: str) -> Path:
        """The Parquet file of ``table``."""
        return self.directory / f"{table}.parquet"

    def check_range(self, start: dt.date, end: dt.date) -> None:
        """Refuse days ``start..end`` when the snapshot does not hold every dossier of them (a restricted export)."""
        if self.period is None or (self.period.start <= start and end <= self.period.end):
            return
        raise SnapshotError(
            f"Bản xuất {self.directory} chỉ có dữ liệu kỳ {self.period.key} (từ {format_date_vi(self.period.start)}"
            f" đến {format_date_vi(self.period.end)}); không tính được từ {format_date_vi(start)}"
            f" đến {format_date_vi(end)}. Hãy xuất lại không kèm --period, hoặc với kỳ cần tính."
        )

    def to_json(self) -> dict[str, Any]:
        """The manifest as written to ``manifest.json``."""
        return {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "schema_version": self.schema_version,
            "methodology": self.methodology,
            "exported_at": self.exported_at.isoformat(),
            "period": None
            if self.period is None
            else {"key": self.period.key, "start": self.period.start.isoformat(), "end": self.period.end.isoformat()},
            "tables": {name: {"file": f"{name}.parquet", "rows": n} for name, n in self.rows.items()},
        }


def _where(table: str, period: Period | None) -> str:
    """The rows of ``table`` that computing ``period`` can read (all rows when ``period`` is ``None``)."""
    if period is None:
        return "TRUE"
    start, end = period.start.isoformat(), period.end.isoformat()
    if table == "dossiers":  # a dossier belongs to the period of its reception day (spec §4)
        return f"received_day BETWEEN DATE '{start}' AND DATE '{end}'"
    if table == "petitions":
        # A PAKN of the period may be repeated later (a repeat makes it unsatisfied), so later ones are kept too.
        return f"received_day >= DATE '{start}'"
    return "TRUE"  # units, tree, catalogue and calendar are small and needed whole


def export_parquet(
    store: Store,
    directory: str | Path,
    *,
    period: Period | str | None = None,
    methodology: str = "dvcqg-2026",
    exported_at: dt.datetime | None = None,
) -> Manifest:
    """Write the tables the engine reads as Parquet files in ``directory`` (created when missing) and the manifest.

    With ``period``, dossiers outside it are left out (PAKN received before it too): the snapshot can then only
    compute that period or parts of it. All tables are read in one transaction, so they agree with each other."""
    from chiso.store.schema import SCHEMA_VERSION
    from chiso.store.tableio import read_batches, table_schema, write_parquet

    p = Period.parse(period) if isinstance(period, str) else period
    out = Path(directory)
    if out.exists() and not out.is_dir():
        raise SnapshotError(f"'{out}' đã có và không phải là thư mục.")
    try:
        out.mkdir(parents=True, exist_ok=True)
        (out / MANIFEST).unlink(missing_ok=True)  # an export in progress is not a snapshot
    except OSError as exc:
        raise SnapshotError(f"Không tạo được thư mục xuất {out}: {exc}") from exc
    when = ensure_aware(exported_at) if exported_at is not None else now_vn()
    rows: dict[str, int] = {}
    with store.transaction(snapshot=True):
        for table in SNAPSHOT_TABLES:
            schema = table_schema(store, table)
            batches = read_batches(store, table, _where(table, p), schema)
            rows[table] = write_parquet(batches, schema, out / f"{table}.parquet")
    manifest = Manifest(out, SCHEMA_VERSION, methodology, when, p, rows)
    tmp = out / (MANIFEST + ".tmp")
    tmp.write_text(json.dumps(manifest.to_json(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    tmp.replace(out / MANIFEST)
    return manifest


def read_manifest(directory: str | Path) -> Manifest:
    """The manifest of the snapshot in ``directory``; refuses a directory that is not a complete snapshot."""
    d = Path(directory)
    path = d / MANIFEST
    if not path.is_file():
        raise SnapshotError(
            f"Thư mục {d} không phải bản xuất Parquet của chiso (không có {MANIFEST}). "
            f"Tạo bằng: chiso export --parquet {d}"
        )
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
        if doc.get("format") != FORMAT:
            raise SnapshotError(f"{path}: không phải tệp mô tả bản xuất của chiso.")
        if doc.get("format_version") != FORMAT_VERSION:
            raise SnapshotError(
                f"{path}: phiên bản định dạng {doc.get('format_version')} không được hỗ trợ "
                f"(phiên bản này của chiso đọc phiên bản {FORMAT_VERSION})."
            )
        period = doc.get("period")
        manifest = Manifest(
            directory=d,
            schema_version=int(doc["schema_version"]),
            methodology=str(doc["methodology"]),
            exported_at=dt.datetime.fromisoformat(doc["exported_at"]),
            period=None if period is None else Period.parse(str(period["key"])),
            rows={str(k): int(v["rows"]) for k, v in doc["tables"].items()},
        )
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise SnapshotError(f"{path}: tệp mô tả bản xuất bị hỏng ({exc}).") from exc
    missing = [t for t in SNAPSHOT_TABLES if not manifest.path(t).is_file()]
    if missing:
        raise SnapshotError(f"Bản xuất {d} thiếu tệp: {', '.join(f'{t}.parquet' for t in missing)}.")
    return manifest
