"""The reconciliation as an annex of the monthly report ("Số liệu trên Cổng DVCQG chưa đúng với thực tế …"):
a document-model :class:`~chiso.report.document.Annex` (for the .docx and PDF) and its Markdown twin, both backed
by the list of dossiers that explain the difference.
"""

from __future__ import annotations

from chiso.reconcile.compare import CAUSE_SHORT_VI, CAUSES, Reconciliation
from chiso.report.document import Annex, Block, Paragraph, Table, para
from chiso.timeutil import VN_TZ, format_date_vi, format_number_vi

ANNEX_TITLE = "SỐ LIỆU TRÊN CỔNG DỊCH VỤ CÔNG QUỐC GIA CHƯA ĐÚNG VỚI THỰC TẾ"


def points_text(value: float | None) -> str:
    """Points as users write them (47,17), or a dash when there is no value."""
    return "—" if value is None else format_number_vi(value)


def signed_text(value: float | None) -> str:
    """A difference in points with its sign (+1,29 / -6,95), or a dash."""
    if value is None:
        return "—"
    return ("+" if value > 0 else "") + format_number_vi(value)


def summary_sentences(rec: Reconciliation) -> list[str]:
    """The annex's findings as sentences a report can quote."""
    out: list[str] = []
    p = rec.portal
    if p is not None and p.total is not None:
        imported = p.imported_at.astimezone(VN_TZ).date()
        out.append(
            f"Theo kết quả công bố trên Cổng Dịch vụ công quốc gia (số liệu nhập {format_date_vi(imported)}), "
            f"{rec.unit_name} đạt {format_number_vi(p.total)}/100 điểm; theo dữ liệu trên hệ thống thông tin giải "
            f"quyết TTHC (một cửa điện tử), đơn vị đạt {format_number_vi(rec.local.total)}/100 điểm "
            f"(chênh lệch {signed_text(rec.total_difference)} điểm)."
        )
    if rec.totals is not None and not rec.totals.ok:
        out.append(rec.totals.message_vi())
    big = [g for g in rec.groups if g.difference is not None and abs(g.difference) >= 0.01]
    if big:
        parts = [f"{g.name} ({signed_text(g.difference)} điểm)" for g in big]
        out.append("Các nhóm chỉ số có chênh lệch: " + "; ".join(parts) + ".")
    if rec.dossier_list:
        counts = rec.cause_counts()
        if counts:
            parts = [
                f"{format_number_vi(n)} hồ sơ {CAUSES[k][0][0].lower()}{CAUSES[k][0][1:]}" for k, n in counts.items()
            ]
            out.append(
                f"Đối chiếu {format_number_vi(rec.local_dossiers)} hồ sơ trên hệ thống một cửa với "
                f"{format_number_vi(rec.portal_dossiers)} hồ sơ trên Cổng DVCQG: " + "; ".join(parts) + "."
            )
        else:
            out.append("Danh sách hồ sơ trên Cổng DVCQG khớp với hệ thống một cửa điện tử.")
    return out


def _group_table(rec: Reconciliation) -> Table:
    rows = [
        (
            g.name,
            f"{points_text(g.portal_points)}/{format_number_vi(g.max_points)}",
            points_text(g.local_points),
            signed_text(g.difference),
        )
        for g in rec.groups
    ]
    total_portal = None if rec.portal is None else rec.portal.total
    rows.append(
        (
            "Tổng điểm",
            f"{points_text(total_portal)}/100",
            points_text(rec.local.total),
            signed_text(rec.total_difference),
        )
    )
    return Table(
        ("Nhóm chỉ số", "Cổng DVCQG", "Một cửa (chiso)", "Chênh lệch"),
        tuple(rows),
        (4.0, 1.6, 1.6, 1.4),
        ("left", "right", "right", "right"),
        caption="Điểm theo nhóm chỉ số",
        bold_rows=frozenset({len(rows) - 1}),
    )


def _records_table(rec: Reconciliation, limit: int) -> Table:
    rows = [
        (
            str(i),
            r.dossier_code,
            r.procedure_code or r.portal_procedure_code or "—",
            CAUSE_SHORT_VI[r.cause],
            r.local,
            r.portal,
        )
        for i, r in enumerate(rec.records[:limit], 1)
    ]
    return Table(
        ("TT", "Mã hồ sơ", "Mã TTHC", "Nguyên nhân", "Trên hệ thống một cửa", "Trên Cổng DVCQG"),
        tuple(rows),
        (0.5, 2.2, 1.2, 1.8, 3.0, 3.0),
        ("center", "left", "left", "left", "left", "left"),
        caption="Danh sách hồ sơ chênh lệch",
        font_pt=10,
    )


def reconciliation_annex(rec: Reconciliation, *, label: str = "Phụ lục", limit: int = 50) -> Annex:
    """The annex in the report's document model (renders to .docx, PDF and Markdown like the other annexes)."""
    blocks: list[Block] = [para(s) for s in summary_sentences(rec)]
    if rec.portal is not None:
        blocks.append(_group_table(rec))
    if rec.records:
        blocks.append(para("Các hồ sơ làm số liệu trên Cổng DVCQG khác với thực tế:", "heading"))
        blocks.append(_records_table(rec, limit))
        if len(rec.records) > limit:
            blocks.append(
                para(
                    f"… và {format_number_vi(len(rec.records) - limit)} hồ sơ khác (xuất đủ danh sách bằng "
                    f"«chiso reconcile --unit {rec.unit} --period {rec.period.key} --xlsx TỆP»).",
                    "note",
                )
            )
    return Annex(
        label,
        ANNEX_TITLE,
        f"{rec.unit_name}, {rec.period.label_vi}",
        blocks,
        landscape=bool(rec.records),
    )


def _md_table(t: Table) -> list[str]:
    def esc(text: str) -> str:
        return text.replace("|", "\\|").replace("\n", " ")

    lines = ["| " + " | ".join(t.header) + " |"]
    lines.append("|" + "|".join("---:" if a == "right" else "---" for a in t.align) + "|")
    for i, row in enumerate(t.rows):
        cells = [esc(c) for c in row]
        if i in t.bold_rows:
            cells = [f"**{c}**" for c in cells]
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def annex_markdown(rec: Reconciliation, *, limit: int = 50, level: int = 2) -> str:
    """The annex as a Markdown section (``## Số liệu trên Cổng DVCQG chưa đúng với thực tế …``)."""
    a = reconciliation_annex(rec, limit=limit)
    lines = [f"{'#' * level} Số liệu trên Cổng DVCQG chưa đúng với thực tế — {a.subtitle}", ""]
    for b in a.blocks:
        if isinstance(b, Paragraph):
            if b.kind == "heading":
                lines += [f"**{b.text}**", ""]
            elif b.kind == "note":
                lines += [f"_{b.text}_", ""]
            else:
                lines += [b.text, ""]
        elif isinstance(b, Table):
            lines += [*_md_table(b), ""]
    return "\n".join(lines).rstrip() + "\n"
