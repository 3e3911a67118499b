"""The words and tables of a report, built from :class:`~chiso.report.data.ReportData`.

Layout and wording follow the administrative report (báo cáo) of Nghị định 30/2020/NĐ-CP and the structure users
already write by hand (the seed report): I. scores and rank, II. classification, III. tasks for next month — with
what the hand-made report lacks: the change against last month, a chart, and an annex of the records behind the
biggest losses. Every figure comes from the data; numbers use the decimal comma.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from chiso.explain.records import COLUMN_LABELS_VI
from chiso.report.charts import GroupBar, TrendPoint, score_chart
from chiso.report.data import ReportData
from chiso.report.document import Annex, Block, Closing, Document, Figure, Header, Paragraph, Run, Table, para
from chiso.report.tasks import action_for, column_labels, next_period, value_labels
from chiso.score import IndicatorResult, UnitScore
from chiso.timeutil import VN_TZ, format_date_vi, format_number_vi, format_percent_vi

NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
TITLE = "BÁO CÁO"
INDEX_NAME = (
    "Bộ chỉ số chỉ đạo, điều hành và đánh giá chất lượng phục vụ người dân, doanh nghiệp trong thực hiện thủ tục "
    "hành chính, dịch vụ công theo thời gian thực trên môi trường điện tử"
)
# How the text refers to a level when an item does not apply to it.
LEVEL_PHRASE = {
    "commune": "cấp xã",
    "province": "cấp tỉnh",
    "department": "sở, ban, ngành",
    "district": "cấp huyện",
    "ministry": "bộ, ngành",
}
ROMAN = ("I", "II", "III", "IV", "V", "VI")


def document_date(day: dt.date) -> str:
    """The date of issue as Nghị định 30/2020/NĐ-CP writes it: a day below 10 and the months 1 and 2 take a
    leading zero ("ngày 05 tháng 02 năm 2027"); :func:`chiso.timeutil.format_date_vi` is the running-text form."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def short_period(period: Any) -> str:
    """A period in a table heading: "Tháng 10/2026", "Quý III/2026" …"""
    if period.kind == "month":
        return f"Tháng {period.start.month}/{period.start.year}"
    label: str = period.label_vi
    return label[:1].upper() + label[1:]


def chart_label(period: Any) -> str:
    """A period under the trend chart, on two lines: "T10\n2026", "Quý III\n2026"."""
    if period.kind == "month":
        return f"T{period.start.month}\n{period.start.year}"
    return short_period(period).replace(" năm ", "\n").replace("/", "\n")


def signed(value: float) -> str:
    """A change with its sign: "+1,25", "−0,5", "0"."""
    rounded = round(value, 2)
    if rounded > 0:
        return f"+{format_number_vi(rounded)}"
    if rounded < 0:
        return f"−{format_number_vi(-rounded)}"
    return "0"


def change_words(value: float) -> str:
    """A change in words: "tăng 1,25 điểm", "giảm 0,5 điểm", "không thay đổi"."""
    rounded = round(value, 2)
    if rounded > 0:
        return f"tăng {format_number_vi(rounded)} điểm"
    if rounded < 0:
        return f"giảm {format_number_vi(-rounded)} điểm"
    return "không thay đổi"


def points(value: float | None) -> str:
    """Points with the decimal comma (a missing value is 0 points)."""
    return format_number_vi(value or 0.0)


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


class ContentBuilder:
    """Builds the :class:`Document` of one report."""

    def __init__(self, data: ReportData, *, annex_rows: int = 20) -> None:
        self.d = data
        self.m = data.methodology
        self.annex_rows = annex_rows
        self.peers_label = data.profile.peers_label or data.peers_label
        self.who = data.profile.short_name  # "UBND xã Lục Bình"
        self.units_annex_label = ""

    # ---------------------------------------------------------------------------------------------------------
    def build(self) -> Document:
        """The whole report."""
        d, prof = self.d, self.d.profile
        header = Header(
            issuing_parent=prof.issuing_parent,
            issuing_body=prof.issuing_body,
            number_line=prof.number_line,
            national_title=NATIONAL_TITLE,
            motto=MOTTO,
            place_date=f"{prof.place}, {document_date(d.issued_on)}",
        )
        annexes: list[Annex] = []
        if d.children:
            annexes.append(self.annex_units())
        records = self.annex_records()
        if records is not None:
            annexes.append(records)
        portal_annex = None
        if d.portal is not None:
            from chiso.reconcile.annex import reconciliation_annex

            portal_annex = reconciliation_annex(d.portal, limit=max(self.annex_rows, 50))
            annexes.append(portal_annex)
        for n, annex in enumerate(annexes):
            annex.label = "Phụ lục" if len(annexes) == 1 else f"Phụ lục {ROMAN[n]}"
        self.units_annex_label = annexes[0].label if d.children else ""
        blocks: list[Block] = []
        blocks += self.introduction()
        blocks += self.section_scores()
        if portal_annex is not None:
            # The seed report's complaint, now with its evidence: the portal's figures and the records behind them.
            blocks.append(
                para(f"Số liệu trên Cổng DVCQG chưa đúng với thực tế của đơn vị: chi tiết tại {portal_annex.label}.")
            )
        blocks += self.section_classification()
        blocks += self.section_tasks()
        blocks.append(para(f"Trên đây là báo cáo kết quả {INDEX_NAME} {d.period.label_vi} của {self.who}./."))
        closing = Closing(
            recipients=prof.recipients, signature_title=prof.signature_title, signer_name=prof.signer_name
        )
        return Document(
            header=header,
            title=TITLE,
            subject=f"Kết quả {INDEX_NAME} {d.period.label_vi}",
            blocks=blocks,
            closing=closing,
            annexes=annexes,
            metadata={
                "title": f"Báo cáo kết quả Bộ chỉ số 766 {d.period.label_vi} — {d.score.name}",
                "subject": f"{d.score.name} ({d.score.id}), kỳ {d.period.key}",
                "keywords": f"Bộ chỉ số 766; {d.methodology.id}; {d.score.id}; {d.period.key}",
                "author": prof.short_name,
            },
        )

    # ---------------------------------------------------------------------------------------------------------
    def introduction(self) -> list[Block]:
        """Legal basis and the sentence that introduces the results (source, method and evaluation instant)."""
        d = self.d
        out: list[Block] = [para(text) for text in d.profile.legal_basis]
        at = d.as_of.astimezone(VN_TZ)
        live = ""
        if d.live:
            live = (
                " (kỳ đánh giá chưa kết thúc, kết quả còn thay đổi theo thời gian thực đến hết "
                f"{format_date_vi(d.period.end)})"
            )
        out.append(
            para(
                "Căn cứ số liệu giải quyết thủ tục hành chính (TTHC), phản ánh, kiến nghị (PAKN) trên Hệ thống "
                "thông tin giải quyết TTHC, tính theo phương pháp của Cổng Dịch vụ công quốc gia (Cổng DVCQG; "
                f"phương pháp {d.methodology.id}, phiên bản {d.methodology.version}) tại thời điểm {at:%H:%M} "
                f"{format_date_vi(at.date())}{live}, {self.who} báo cáo kết quả {INDEX_NAME} {d.period.label_vi} "
                "như sau:"
            )
        )
        return out

    # ---------------------------------------------------------------------------------------------------------
    def rank_phrase(self, score: UnitScore) -> str:
        """ "xếp hạng 13/92 xã, phường của tỉnh Thái Nguyên" (empty when there is nobody to rank against)."""
        if score.rank is None or (score.peers or 0) <= 1:
            return ""
        where = ""
        if self.d.ref.parent_code is not None and self.d.ref.province_name:
            where = f" của {self.d.ref.province_name[:1].lower()}{self.d.ref.province_name[1:]}"
        return f"xếp hạng {score.rank}/{score.peers} {self.peers_label}{where}"

    def section_scores(self) -> list[Block]:
        """I. Total, rank, the groups table, the chart, and each group's indicators with their rates."""
        d, s, prev = self.d, self.d.score, self.d.previous
        out: list[Block] = [para(f"I. KẾT QUẢ ĐIỂM SỐ {d.period.label_vi.upper()}", "heading", bold=True)]
        rank = self.rank_phrase(s)
        first = f"Tổng điểm của {self.who} {d.period.label_vi} đạt {points(s.total)}/100 điểm"
        first += f", {rank}" if rank else ""
        if prev is not None:
            prev_rank = f", xếp hạng {prev.rank}/{prev.peers}" if prev.rank and (prev.peers or 0) > 1 else ""
            first += (
                f"; so với {d.previous_period.label_vi} ({points(prev.total)} điểm{prev_rank}), "
                f"{change_words(s.total - prev.total)}"
            )
        out.append(para(first + ". Điểm các nhóm chỉ số như sau:"))
        out.append(self.groups_table())
        for n, g in enumerate(self.m.groups, start=1):
            out += self.group_detail(n, g.code, g.name, g.max_points)
        # The chart closes the section: placed right after the table it would leave the first page half empty
        # whenever it does not fit under the table.
        out.append(self.chart())
        return out

    def groups_table(self) -> Table:
        """Bảng 1: each group's maximum, last period's and this period's points, and the change; the total row."""
        d, s, prev = self.d, self.d.score, self.d.previous
        rows: list[tuple[str, ...]] = []
        for n, g in enumerate(self.m.groups, start=1):
            now = s.groups.get(g.code, 0.0)
            before = prev.groups.get(g.code, 0.0) if prev else None
            rows.append(
                (
                    str(n),
                    g.name,
                    format_number_vi(g.max_points),
                    "—" if before is None else points(before),
                    points(now),
                    "—" if before is None else signed(now - before),
                )
            )
        total_max = sum(g.max_points for g in self.m.groups)
        rows.append(
            (
                "",
                "Tổng điểm",
                format_number_vi(total_max),
                "—" if prev is None else points(prev.total),
                points(s.total),
                "—" if prev is None else signed(s.total - prev.total),
            )
        )
        return Table(
            header=(
                "STT",
                "Nhóm chỉ số",
                "Điểm tối đa",
                short_period(d.previous_period),
                short_period(d.period),
                "Tăng (+), giảm (−)",
            ),
            rows=tuple(rows),
            widths=(1.3, 5.4, 2.0, 2.3, 2.3, 2.3),
            align=("center", "left", "center", "center", "center", "center"),
            caption=f"Bảng 1. Điểm các nhóm chỉ số {d.period.label_vi} của {self.who}",
            bold_rows=frozenset({len(rows) - 1}),
        )

    def chart(self) -> Figure:
        """Hình 1: groups against their maxima, and the total over the trailing periods with the class bands."""
        d = self.d
        bars = [GroupBar(g.name, d.score.groups.get(g.code, 0.0), g.max_points) for g in self.m.groups]
        trend = [TrendPoint(chart_label(q), total) for q, total in d.trend]
        bands = [(b.min, b.name) for b in self.m.bands if b.min > 0]
        unit = "tháng" if d.period.kind == "month" else "kỳ"
        png = score_chart(bars, trend, bands=bands, trend_title=f"Tổng điểm {len(d.trend)} {unit} gần nhất")
        return Figure(
            png=png,
            width_cm=16.0,
            caption=(
                f"Hình 1. Điểm các nhóm chỉ số {d.period.label_vi} so với điểm tối đa (trái) "
                f"và tổng điểm {len(d.trend)} {unit} gần nhất (phải)"
            ),
        )

    def indicator_line(self, r: IndicatorResult) -> str:
        """ "Tỷ lệ hồ sơ đồng bộ lên Cổng DVCQG: 85,71% (120/140 hồ sơ), đạt 5,14/6 điểm." """
        ind = self.m.indicator(r.code)
        rule = ind.rule_for(self.d.score.level)
        noun = action_for(rule.counting).noun
        mx = format_number_vi(r.max_points)
        if not r.applies:
            gives = f"{points(r.points)}/{mx} điểm" if r.points else "không tính điểm"
            return f"{ind.name}: không áp dụng đối với {LEVEL_PHRASE.get(self.d.score.level, 'cấp đơn vị')} ({gives})."
        if not r.denominator:
            if r.points is None:
                gives = "không tính điểm"
            elif r.points >= r.max_points:
                gives = f"đạt tối đa {points(r.points)}/{mx} điểm"
            else:
                gives = f"{points(r.points)}/{mx} điểm"
            return f"{ind.name}: không phát sinh {noun} trong kỳ, {gives}."
        threshold = f"; đủ điểm khi tỷ lệ đạt từ {format_percent_vi(rule.threshold)}" if rule.threshold < 1 else ""
        return (
            f"{ind.name}: {format_percent_vi(r.ratio)} ({format_number_vi(r.numerator or 0)}/"
            f"{format_number_vi(r.denominator)} {noun}{threshold}), đạt {points(r.points)}/{mx} điểm."
        )

    def group_detail(self, n: int, code: str, name: str, max_points: float) -> list[Block]:
        """ "1. Nhóm chỉ số Công khai, minh bạch: 3,5/18 điểm (giảm 0,5 điểm so với tháng 9 năm 2026), trong đó:" """
        d, s, prev = self.d, self.d.score, self.d.previous
        now = s.groups.get(code, 0.0)
        change = ""
        if prev is not None:
            diff = now - prev.groups.get(code, 0.0)
            change = (
                f" ({change_words(diff)} so với {d.previous_period.label_vi})"
                if round(diff, 2)
                else f" (không thay đổi so với {d.previous_period.label_vi})"
            )
        head = Paragraph(
            (
                Run(f"{n}. Nhóm chỉ số {name}: ", bold=True),
                Run(f"{points(now)}/{format_number_vi(max_points)} điểm{change}, trong đó:"),
            ),
            "body",
        )
        lines: list[Block] = [head]
        for ind in self.m.indicators_of(code):
            lines.append(para(f"- {self.indicator_line(s.indicators[ind.code])}", "item"))
        return lines

    # ---------------------------------------------------------------------------------------------------------
    def next_band(self, total: float) -> tuple[str, float] | None:
        """The next class up and its lower bound, or ``None`` at the top class."""
        above = sorted((b for b in self.m.bands if b.min > total), key=lambda b: b.min)
        return (above[0].name, above[0].min) if above else None

    def section_classification(self) -> list[Block]:
        """II. Class of the total, the previous class, the gap to the next class; for a parent, its units' classes."""
        d, s, prev = self.d, self.d.score, self.d.previous
        out: list[Block] = [para("II. KẾT QUẢ ĐÁNH GIÁ, XẾP LOẠI", "heading", bold=True)]
        text = (
            "Kết quả đánh giá, xếp loại chất lượng phục vụ người dân, doanh nghiệp trong thực hiện TTHC, dịch vụ "
            f"công theo thời gian thực trên môi trường điện tử {d.period.label_vi} của {self.who}: đạt "
            f"{points(s.total)}/100 điểm, xếp loại {s.classification_name}"
        )
        if prev is not None:
            text += f" ({d.previous_period.label_vi}: {points(prev.total)} điểm, xếp loại {prev.classification_name})"
        text += "."
        nxt = self.next_band(s.total)
        if nxt is not None:
            name, low = nxt
            text += f" Để đạt loại {name} (từ {format_number_vi(low)} điểm) cần tăng thêm {points(low - s.total)} điểm."
        out.append(para(text))
        if d.children:
            out += self.children_summary()
        return out

    def children_summary(self) -> list[Block]:
        """How the units below fared, per level: counts per class, average, the best and the weakest."""
        out: list[Block] = [para(f"Kết quả của các đơn vị trực thuộc (chi tiết tại {self.units_annex_label}):")]
        by_level: dict[str, list[UnitScore]] = {}
        for c in self.d.children:
            by_level.setdefault(c.level, []).append(c)
        band_order = [b.name for b in sorted(self.m.bands, key=lambda b: -b.min)]
        for level, scores in by_level.items():
            counts: dict[str, int] = {}
            for c in scores:
                counts[c.classification_name] = counts.get(c.classification_name, 0) + 1
            parts = [f"{counts[name]} {name}" for name in band_order if counts.get(name)]
            ranked = sorted(scores, key=lambda c: (c.rank or 0, c.id))
            best, worst = ranked[0], ranked[-1]
            avg = sum(c.total for c in scores) / len(scores)
            label = self.m.levels.get(level, level)
            out.append(
                para(
                    f"- {label} ({format_number_vi(len(scores))} đơn vị): {', '.join(parts)}; điểm bình quân "
                    f"{format_number_vi(round(avg, 2))}; cao nhất {best.name} ({points(best.total)} điểm), thấp nhất "
                    f"{worst.name} ({points(worst.total)} điểm).",
                    "item",
                )
            )
        return out

    # ---------------------------------------------------------------------------------------------------------
    def section_tasks(self) -> list[Block]:
        """III. Tasks for the next period, one per indicator losing points, ordered by recoverable points."""
        d, s = self.d, self.d.score
        nxt = next_period(d.period)
        out: list[Block] = [para(f"III. NHIỆM VỤ {nxt.label_vi.upper()}", "heading", bold=True)]
        deficit = round(100 - s.total, 2)
        recoverable = round(sum(t.recoverable for t in d.tasks), 2)
        not_applicable = round(deficit - recoverable, 2)
        if not d.tasks:
            out.append(
                para(
                    f"{_cap(d.period.label_vi)}, {self.who} đạt điểm tối đa ở mọi chỉ tiêu áp dụng. Trong "
                    f"{nxt.label_vi}, tiếp tục duy trì kết quả: giải quyết hồ sơ đúng hạn, đồng bộ đầy đủ lên Cổng "
                    "DVCQG và thanh toán, số hóa theo quy định."
                )
            )
            return out
        intro = (
            f"{_cap(d.period.label_vi)}, {self.who} còn thiếu {points(deficit)} điểm so với điểm tối đa; trong đó "
            f"{points(recoverable)} điểm ở {len(d.tasks)} chỉ tiêu có thể khắc phục"
        )
        if not_applicable > 0:
            intro += (
                f", {points(not_applicable)} điểm thuộc các chỉ tiêu không áp dụng đối với "
                f"{LEVEL_PHRASE.get(s.level, 'cấp đơn vị')}"
            )
        intro += (
            f". Để duy trì các chỉ số đã đạt và khắc phục các chỉ số chưa đạt, trong {nxt.label_vi} cần tập trung "
            "thực hiện các nhiệm vụ sau (theo thứ tự số điểm có thể tăng):"
        )
        out.append(para(intro))
        for n, t in enumerate(d.tasks, start=1):
            out.append(
                Paragraph(
                    (
                        Run(f"{n}. {t.name}: ", bold=True),
                        Run(
                            f"đạt {points(t.points)}/{format_number_vi(t.max_points)} điểm, có thể tăng "
                            f"{points(t.recoverable)} điểm. ",
                            italic=True,
                        ),
                        Run(t.text),
                    ),
                    "body",
                )
            )
        return out

    # ---------------------------------------------------------------------------------------------------------
    def annex_units(self) -> Annex:
        """Phụ lục I (province and other parents): every unit below with its groups, total, rank and class."""
        d = self.d
        groups = [g.code for g in self.m.groups]
        annex = Annex(
            label="Phụ lục I",
            title=f"KẾT QUẢ BỘ CHỈ SỐ 766 CỦA CÁC ĐƠN VỊ TRỰC THUỘC {d.period.label_vi.upper()}",
            subtitle=self.annex_reference(),
            landscape=True,
        )
        by_level: dict[str, list[UnitScore]] = {}
        for c in d.children:
            by_level.setdefault(c.level, []).append(c)
        for n, (level, scores) in enumerate(by_level.items(), start=1):
            rows = []
            for c in sorted(scores, key=lambda c: (c.rank or 0, c.id)):
                rows.append(
                    (
                        f"{c.rank}/{c.peers}" if c.rank else "—",
                        c.id,
                        c.name,
                        *(points(c.groups.get(g, 0.0)) for g in groups),
                        points(c.total),
                        c.classification_name,
                    )
                )
            label = self.m.levels.get(level, level)
            annex.blocks.append(para(f"{ROMAN[n - 1]}. {label.upper()}", "heading", bold=True))
            annex.blocks.append(
                Table(
                    header=(
                        "Xếp hạng",
                        "Mã",
                        "Đơn vị",
                        *(f"{g.name} ({format_number_vi(g.max_points)})" for g in self.m.groups),
                        "Tổng (100)",
                        "Xếp loại",
                    ),
                    rows=tuple(rows),
                    widths=(1.4, 2.1, 5.4, *([1.85] * len(groups)), 1.6, 2.2),
                    align=("center", "center", "left", *(["center"] * len(groups)), "center", "center"),
                    font_pt=10,
                )
            )
        return annex

    def annex_reference(self) -> str:
        """ "(Kèm theo Báo cáo số …/BC-UBND ngày 05 tháng 11 năm 2026 của UBND xã Lục Bình)" """
        number = self.d.profile.number_line.removeprefix("Số: ")
        return f"(Kèm theo Báo cáo số {number} {document_date(self.d.issued_on)} của {self.who})"

    def annex_records(self) -> Annex | None:
        """The records behind the biggest losses: one table per indicator whose records can be listed."""
        d = self.d
        tables: list[Block] = []
        labels = {**COLUMN_LABELS_VI, **column_labels()}
        values = value_labels()
        n = 0
        for ex in sorted(d.explanations, key=lambda e: -(e.indicator.lost_points or 0)):
            action = action_for(ex.counting)
            if not action.annex_columns or not ex.missing_total or not ex.indicator.applies:
                continue
            columns = [c for c in action.annex_columns if c != "unit_name" or self._several_units(ex.missing)]
            n += 1
            shown = ex.missing[: self.annex_rows]
            tables.append(
                Paragraph(
                    (
                        Run(f"{n}. {action.annex_title}", bold=True),
                        Run(
                            f" — chỉ tiêu {ex.name} (mất {points(ex.indicator.lost_points)} điểm): "
                            f"{format_number_vi(ex.missing_total)} {action.noun}"
                            + (
                                f", liệt kê {len(shown)} {action.noun} đầu tiên"
                                if len(shown) < ex.missing_total
                                else ""
                            )
                            + "."
                        ),
                    ),
                    "body",
                )
            )
            rows = [(str(i), *(self.cell(row, c, values) for c in columns)) for i, row in enumerate(shown, start=1)]
            tables.append(
                Table(
                    header=("STT", *(action.annex_labels.get(c) or labels.get(c, c) for c in columns)),
                    rows=tuple(rows),
                    widths=(1.3, *(COLUMN_WIDTHS.get(c, 2.5) for c in columns)),
                    align=("center", *(COLUMN_ALIGN.get(c, "center") for c in columns)),
                    font_pt=10,
                )
            )
            if len(shown) < ex.missing_total:
                tables.append(
                    para(
                        f"Danh sách đầy đủ ({format_number_vi(ex.missing_total)} {action.noun}): chiso explain --unit "
                        f"{d.score.id} --period {d.period.key} --indicator {ex.indicator.code} --limit "
                        f"{ex.missing_total}",
                        "note",
                        italic=True,
                    )
                )
        if not tables:
            return None
        return Annex(
            label="Phụ lục II",
            title=f"DANH SÁCH HỒ SƠ, THỦ TỤC HÀNH CHÍNH LÀM GIẢM ĐIỂM {d.period.label_vi.upper()}",
            subtitle=self.annex_reference(),
            blocks=tables,
            # A parent's lists carry the unit of each record: one column more than fits a portrait page.
            landscape=bool(d.children),
        )

    def _several_units(self, rows: Sequence[dict[str, Any]]) -> bool:
        return any(r.get("unit_code") not in (None, self.d.score.id) for r in rows)

    def cell(self, row: dict[str, Any], column: str, values: Any) -> str:
        """One annex cell: dates as dd/mm/yyyy (hh:mm for deadlines), codes in words, names looked up."""
        if column == "unit_name":
            code = str(row.get("unit_code") or "")
            return self.d.unit_names.get(code, code)
        if column == "procedure_name":
            return self.d.procedure_names.get(str(row.get("procedure_code") or ""), "")
        value = row.get(column)
        if column in values:
            words = values[column]
            return str(words.get("" if value is None else str(value), "" if value is None else str(value)))
        if value is None:
            return "—"
        if isinstance(value, bool):
            return "Có" if value else "Không"
        if isinstance(value, dt.datetime):
            local = value.astimezone(VN_TZ)
            return local.strftime("%d/%m/%Y %H:%M") if column in TIMED_COLUMNS else local.strftime("%d/%m/%Y")
        if isinstance(value, dt.date):
            return value.strftime("%d/%m/%Y")
        if isinstance(value, float | int):
            return format_number_vi(value, 1)
        return str(value)


# Annex column widths (relative) and alignment; deadlines keep their time of day.
COLUMN_WIDTHS = {
    "code": 3.6,
    "unit_name": 3.2,
    "procedure_code": 1.9,
    "procedure_name": 7.0,
    "name": 7.0,
    "received_at": 2.2,
    "effective_due_at": 3.3,
    "terminal_state": 2.5,
    "overdue_working_days": 1.8,
    "channel": 2.0,
}
COLUMN_ALIGN = {"procedure_name": "left", "name": "left", "unit_name": "left", "code": "left"}
TIMED_COLUMNS = frozenset({"effective_due_at"})


def build_document(data: ReportData, *, annex_rows: int = 20) -> Document:
    """The :class:`Document` of a report (what :func:`chiso.report.render_docx.render_docx` lays out)."""
    return ContentBuilder(data, annex_rows=annex_rows).build()
