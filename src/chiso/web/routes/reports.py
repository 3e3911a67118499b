"""``GET /api/v1/units/{code}/report``: the monthly report file (chiso.report), as ``chiso report`` writes it."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import quote

from fastapi import APIRouter, Query
from fastapi.responses import Response

from chiso.compute.period import Period
from chiso.methodology import Methodology
from chiso.web.deps import GateDep, ViewsDep
from chiso.web.routes.scores import NOT_FOUND, AsOfQ, PeriodQ, make_query
from chiso.web.views import NotFound

router = APIRouter(prefix="/api/v1", tags=["Báo cáo"])

MEDIA = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "md": "text/markdown; charset=utf-8",
}


def report_formats() -> tuple[str, ...]:
    """The formats a report can be downloaded in here: docx and Markdown always, PDF when LibreOffice is
    installed (chiso.report converts the .docx with it)."""
    try:
        from chiso.report import soffice_path
    except ImportError:  # pragma: no cover - the report package ships with chiso
        return ()
    return ("docx", "pdf", "md") if soffice_path() else ("docx", "md")


def render_report(
    store: Any, unit: str, period: Period, as_of: dt.datetime, fmt: str, methodology: Methodology
) -> tuple[bytes, str]:
    """The report file of ``unit``: (content, file name)."""
    from chiso.report import build_report, write_report

    if fmt == "pdf":
        with tempfile.TemporaryDirectory(prefix="chiso-web-report-") as tmp:
            [path] = write_report(store, unit, period, out=tmp, formats=("pdf",), as_of=as_of, methodology=methodology)
            return Path(path).read_bytes(), Path(path).name
    report = build_report(store, unit, period, as_of=as_of, methodology=methodology)
    if fmt == "md":
        return report.markdown().encode("utf-8"), f"{report.stem}.md"
    return report.docx(), f"{report.stem}.docx"


@router.get(
    "/units/{code}/report",
    responses={**NOT_FOUND, 200: {"content": {MEDIA["docx"]: {}, MEDIA["pdf"]: {}, MEDIA["md"]: {}}}},
    summary="Tải báo cáo kết quả",
    description="Báo cáo kết quả Bộ chỉ số 766 của đơn vị cho một kỳ, theo thể thức văn bản hành chính (docx; "
    "pdf khi máy chủ có LibreOffice; md), như lệnh chiso report.",
    response_class=Response,
)
def unit_report(
    code: str,
    gate: GateDep,
    views: ViewsDep,
    period: PeriodQ = None,
    as_of: AsOfQ = None,
    format: Annotated[Literal["docx", "pdf", "md"], Query(description="Định dạng tệp.")] = "docx",
) -> Response:
    """The report file."""
    if format not in report_formats():
        raise NotFound(
            f"Không xuất được báo cáo định dạng {format} trên máy chủ này"
            + (" (cần cài LibreOffice để tạo PDF)." if format == "pdf" else ".")
        )
    q = make_query(views, code, period, as_of)
    with gate.read() as store:
        views.subtree(store, q, gate.peers_version(q.unit))  # 404 for an unknown unit
        data, filename = render_report(store, code, q.period, q.instant(views.now()), format, views.methodology)
    return Response(
        data,
        media_type=MEDIA[format],
        headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(filename)}"},
    )
