"""The report API: build one unit's report, write it as .docx / PDF / Markdown, or write every unit's at once."""

from __future__ import annotations

import datetime as dt
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from chiso.compute.engine import resolve_methodology
from chiso.compute.period import Period
from chiso.errors import ChisoError
from chiso.methodology import Methodology
from chiso.reference.text import fold
from chiso.report.content import build_document
from chiso.report.data import ReportData, ScoreBook, collect, data_start
from chiso.report.document import Document
from chiso.report.listings import UnitLosses, explain_batch
from chiso.report.pdf import convert_to_pdf, require_soffice
from chiso.report.profile import ProfileBook
from chiso.report.render_docx import render_docx
from chiso.report.render_md import render_markdown
from chiso.timeutil import ensure_aware, now_vn

if TYPE_CHECKING:
    from chiso.store.db import Store

FORMATS = ("docx", "pdf", "md")
LEVEL_ORDER = {"ministry": 0, "province": 0, "department": 1, "district": 2, "commune": 3}


class ReportError(ChisoError):
    """A report request that cannot be served (unknown format, …)."""


def parse_formats(value: str | Sequence[str]) -> tuple[str, ...]:
    """``"docx,pdf"`` → ``("docx", "pdf")``; unknown formats are a Vietnamese error."""
    items = value.split(",") if isinstance(value, str) else list(value)
    out: list[str] = []
    for raw in items:
        f = raw.strip().lower().lstrip(".")
        if not f:
            continue
        if f == "markdown":
            f = "md"
        if f not in FORMATS:
            raise ReportError(f"Định dạng báo cáo không hỗ trợ: '{raw.strip()}'. Chọn trong: {', '.join(FORMATS)}.")
        if f not in out:
            out.append(f)
    if not out:
        raise ReportError(f"Chưa chọn định dạng báo cáo ({', '.join(FORMATS)}).")
    return tuple(out)


@dataclass
class Report:
    """One unit's report: the facts and the document made of them."""

    data: ReportData
    document: Document

    @property
    def stem(self) -> str:
        """File name without suffix: ``bao-cao-766-2026-10-05443-phuong-phan-dinh-phung``."""
        return report_stem(self.data.score.id, self.data.score.name, self.data.period)

    def docx(self, path: str | Path | None = None) -> bytes:
        """The .docx bytes (also written to ``path`` when given)."""
        return render_docx(self.document, path)

    def markdown(self, path: str | Path | None = None) -> str:
        """The Markdown text (also written to ``path``, with the chart as ``<stem>.png``, when given)."""
        return render_markdown(self.document, path)


def report_stem(code: str, name: str, period: Period) -> str:
    """A file name that sorts by period and unit and is safe on every file system."""
    slug = "-".join(fold(name).replace(",", " ").split())
    safe_code = code.replace(".", "-")
    return f"bao-cao-766-{period.key.replace('..', '-')}-{safe_code}-{slug}"


def build_report(
    store: Store,
    unit: str,
    period: Period | str,
    *,
    as_of: dt.datetime | None = None,
    methodology: Methodology | str | None = None,
    profiles: ProfileBook | None = None,
    issued_on: dt.date | None = None,
    annex_rows: int = 20,
    book: ScoreBook | None = None,
    first_day: dt.date | None = None,
    losses: UnitLosses | None = None,
) -> Report:
    """Build the report of ``unit`` for ``period`` judged at ``as_of`` (default: now), dated ``issued_on``
    (default: the day of ``as_of``). ``profiles`` supplies names, number, signer and recipients."""
    data = collect(
        store,
        unit,
        period,
        as_of=as_of,
        methodology=methodology,
        profiles=profiles,
        issued_on=issued_on,
        book=book,
        annex_rows=annex_rows,
        first_day=first_day,
        losses=losses,
    )
    return Report(data, build_document(data, annex_rows=annex_rows))


def _write(report: Report, out: Path, formats: Sequence[str], docx_dir: Path) -> tuple[list[Path], Path | None]:
    paths: list[Path] = []
    to_convert: Path | None = None
    if "docx" in formats or "pdf" in formats:
        target = (out if "docx" in formats else docx_dir) / f"{report.stem}.docx"
        report.docx(target)
        if "docx" in formats:
            paths.append(target)
        if "pdf" in formats:
            to_convert = target
    if "md" in formats:
        md = out / f"{report.stem}.md"
        report.markdown(md)
        paths.append(md)
    return paths, to_convert


def write_report(
    store: Store,
    unit: str,
    period: Period | str,
    *,
    out: str | Path = ".",
    formats: str | Sequence[str] = ("docx",),
    as_of: dt.datetime | None = None,
    methodology: Methodology | str | None = None,
    profiles: ProfileBook | None = None,
    issued_on: dt.date | None = None,
    annex_rows: int = 20,
) -> list[Path]:
    """Write one unit's report into ``out`` in each of ``formats`` (docx, pdf, md); returns the files written.

    PDF needs LibreOffice; that is checked before anything is computed, so a missing LibreOffice fails fast."""
    fmts = parse_formats(formats)
    if "pdf" in fmts:
        require_soffice()
    target = Path(out)
    target.mkdir(parents=True, exist_ok=True)
    report = build_report(
        store,
        unit,
        period,
        as_of=as_of,
        methodology=methodology,
        profiles=profiles,
        issued_on=issued_on,
        annex_rows=annex_rows,
    )
    with tempfile.TemporaryDirectory(prefix="chiso-report-") as tmp:
        paths, pending = _write(report, target, fmts, Path(tmp))
        if pending is not None:
            paths += convert_to_pdf([pending], target)
    return sorted(paths, key=lambda p: fmts.index(p.suffix.lstrip(".")))


@dataclass
class BatchResult:
    """What a batch wrote, and how long each stage took (seconds)."""

    paths: list[Path] = field(default_factory=list)
    units: int = 0
    scoring_seconds: float = 0.0
    listing_seconds: float = 0.0
    reports_seconds: float = 0.0
    pdf_seconds: float = 0.0


def batch_units(store: Store, root: str | None = None, levels: Sequence[str] | None = None) -> list[str]:
    """Units a batch reports on: ``root`` and everything below it (all units when ``None``), parents first."""
    if root is None:
        rows = store.con.execute("SELECT code, level FROM units WHERE active").fetchall()
    else:
        found = store.con.execute("SELECT 1 FROM units WHERE code = ?", [root]).fetchone()
        if found is None:
            raise ReportError(f"Không có đơn vị mã '{root}' trong cơ sở dữ liệu.")
        rows = store.con.execute(
            "SELECT u.code, u.level FROM unit_closure c JOIN units u ON u.code = c.unit_code "
            "WHERE c.ancestor_code = ? AND u.active",
            [root],
        ).fetchall()
    chosen = [r for r in rows if levels is None or r[1] in levels]
    return [r[0] for r in sorted(chosen, key=lambda r: (LEVEL_ORDER.get(r[1], 9), r[0]))]


def write_reports(
    store: Store,
    period: Period | str,
    *,
    out: str | Path = ".",
    root: str | None = None,
    levels: Sequence[str] | None = None,
    formats: str | Sequence[str] = ("docx",),
    as_of: dt.datetime | None = None,
    methodology: Methodology | str | None = None,
    profiles: ProfileBook | None = None,
    issued_on: dt.date | None = None,
    annex_rows: int = 20,
    progress: Callable[[int, int, str], None] | None = None,
) -> BatchResult:
    """Write the report of every unit under ``root`` (all units when ``None``; only ``levels`` when given).

    Each period is scored once for all units (ranks among all peers), then each report only lists its own
    records; PDFs are converted at the end, many per LibreOffice call."""
    fmts = parse_formats(formats)
    if "pdf" in fmts:
        require_soffice()
    m = resolve_methodology(methodology)
    p = Period.parse(period) if isinstance(period, str) else period
    instant = ensure_aware(as_of) if as_of is not None else now_vn()
    target = Path(out)
    target.mkdir(parents=True, exist_ok=True)
    units = batch_units(store, root, levels)
    result = BatchResult(units=len(units))
    started = time.perf_counter()
    book = ScoreBook(store, m, instant, None)
    scores = book.get(p)
    book.get(p.previous())
    result.scoring_seconds = time.perf_counter() - started
    started = time.perf_counter()
    losses = explain_batch(store, scores, units, p, instant, m, annex_rows)
    result.listing_seconds = time.perf_counter() - started
    first = data_start(store)
    started = time.perf_counter()
    pending: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="chiso-report-") as tmp:
        for n, code in enumerate(units, start=1):
            report = build_report(
                store,
                code,
                p,
                as_of=instant,
                methodology=m,
                profiles=profiles,
                issued_on=issued_on,
                annex_rows=annex_rows,
                book=book,
                first_day=first,
                losses=losses[code],
            )
            paths, to_convert = _write(report, target, fmts, Path(tmp))
            result.paths += paths
            if to_convert is not None:
                pending.append(to_convert)
            if progress is not None:
                progress(n, len(units), report.data.score.name)
        result.reports_seconds = time.perf_counter() - started
        if pending:
            started = time.perf_counter()
            result.paths += convert_to_pdf(pending, target)
            result.pdf_seconds = time.perf_counter() - started
    return result
