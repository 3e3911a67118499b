"""The reconciliation as an XLSX workbook: groups and indicators side by side, the totals check, and every dossier
that explains a difference. Text cells that a spreadsheet would read as a formula are neutralised."""

from __future__ import annotations

import datetime as dt
from io import BytesIO
from pathlib import Path
from typing import Any

from chiso.reconcile.compare import CAUSE_SHORT_VI, Reconciliation
from chiso.timeutil import VN_TZ

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """``value`` as a cell: text starting with = + - @ (or a tab/CR) is prefixed with an apostrophe so that no
    spreadsheet evaluates it (formula injection); instants become local naive date-times (Excel has no zones)."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    if isinstance(value, dt.datetime):
        return value.astimezone(VN_TZ).replace(tzinfo=None)
    return value


def workbook_bytes(rec: Reconciliation) -> bytes:
    """The workbook as bytes (for a download)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    bold = Font(bold=True)

    def sheet(title: str, header: list[str], rows: list[list[Any]], first: bool = False) -> None:
        ws = wb.active if first else wb.create_sheet()
        assert ws is not None
        ws.title = title
        ws.append(header)
        for cell in ws[1]:
            cell.font = bold
        for row in rows:
            ws.append([safe_cell(v) for v in row])
        for i, h in enumerate(header, 1):
            width = max([len(str(h))] + [len(str(r[i - 1])) for r in rows if r[i - 1] is not None] or [8])
            ws.column_dimensions[get_column_letter(i)].width = min(60, max(10, width + 2))
        ws.freeze_panes = "A2"

    p = rec.portal
    summary: list[list[Any]] = [
        ["Đơn vị", f"{rec.unit_name} ({rec.unit})"],
        ["Kỳ", rec.period.label_vi],
        ["Thời điểm đánh giá", rec.as_of],
        ["Tổng điểm trên Cổng DVCQG", None if p is None else p.total],
        ["Xếp loại trên Cổng DVCQG", None if p is None else p.classification],
        ["Tổng điểm theo dữ liệu một cửa (chiso)", rec.local.total],
        ["Xếp loại theo dữ liệu một cửa", rec.local.classification_name],
        ["Chênh lệch (một cửa − Cổng)", rec.total_difference],
        ["Kiểm tra tổng điểm công bố", None if rec.totals is None else rec.totals.message_vi()],
        ["Số hồ sơ trên hệ thống một cửa", rec.local_dossiers if rec.dossier_list else None],
        ["Số hồ sơ trên Cổng DVCQG", rec.portal_dossiers if rec.dossier_list else None],
    ]
    summary += [[f"Nguyên nhân: {CAUSE_SHORT_VI[k]}", n] for k, n in rec.cause_counts().items()]
    sheet("Tổng hợp", ["Nội dung", "Giá trị"], summary, first=True)
    items = rec.groups + rec.indicators
    sheet(
        "Nhóm và chỉ tiêu",
        [
            "Loại",
            "Mã",
            "Tên",
            "Nhóm",
            "Điểm tối đa",
            "Điểm trên Cổng",
            "Điểm theo một cửa",
            "Chênh lệch",
            "Tử số (Cổng)",
            "Mẫu số (Cổng)",
            "Tử số (một cửa)",
            "Mẫu số (một cửa)",
        ],
        [
            [
                "Nhóm" if i.kind == "group" else "Chỉ tiêu",
                i.code,
                i.name,
                i.group,
                i.max_points,
                i.portal_points,
                i.local_points,
                i.difference,
                i.portal_numerator,
                i.portal_denominator,
                i.local_numerator,
                i.local_denominator,
            ]
            for i in items
        ],
    )
    sheet(
        "Hồ sơ chênh lệch",
        [
            "Mã hồ sơ",
            "Nguyên nhân",
            "Mã đơn vị (một cửa)",
            "Mã đơn vị (Cổng)",
            "Mã TTHC (một cửa)",
            "Mã TTHC (Cổng)",
            "Ngày tiếp nhận",
            "Trên hệ thống một cửa",
            "Trên Cổng DVCQG",
            "Chỉ tiêu bị ảnh hưởng",
        ],
        [
            [
                r.dossier_code,
                r.cause_vi,
                r.unit_code,
                r.portal_unit_code,
                r.procedure_code,
                r.portal_procedure_code,
                r.received_at,
                r.local,
                r.portal,
                ", ".join(r.indicators),
            ]
            for r in rec.records
        ],
    )
    buf = BytesIO()
    wb.save(buf)
    return buf.getvalue()


def write_xlsx(rec: Reconciliation, path: str | Path) -> Path:
    """Write the workbook to ``path``; returns the path."""
    target = Path(path)
    target.write_bytes(workbook_bytes(rec))
    return target
