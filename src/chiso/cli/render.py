"""Rich renderings shared by commands: score tables, a unit's indicator breakdown, the methodology catalogue."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Group as RichGroup
from rich.console import RenderableType
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from chiso.methodology import CONFIDENCE_VI, NOT_APPLICABLE_VI, Indicator, Methodology
from chiso.score import UnitScore
from chiso.timeutil import format_date_vi, format_number_vi, format_percent_vi

# Short level names for dense tables (the catalogue's [levels] holds the full ones).
LEVEL_SHORT_VI = {"ministry": "bộ", "province": "tỉnh", "department": "sở, ngành", "district": "huyện", "commune": "xã"}
CONFIDENCE_STYLE = {"firm": "green", "likely": "yellow", "open": "red"}
# Short labels for narrow table columns (the full ones are in chiso.methodology.CONFIDENCE_VI / EMPTY_RULE_VI).
CONFIDENCE_SHORT_VI = {"firm": "chắc chắn", "likely": "khả năng cao", "open": "chưa rõ"}
EMPTY_RULE_SHORT_VI = {"null": "trống (0)", "zero": "0 điểm", "full": "đủ điểm"}
BAND_STYLE = {"xuat_sac": "bold green", "tot": "green", "kha": "cyan", "trung_binh": "yellow", "yeu": "red"}


def rank_text(score: UnitScore) -> str:
    """``13/14`` (rank among peers), or ``—`` when the score is not ranked."""
    if score.rank is None:
        return "—"
    return f"{score.rank}/{score.peers}"


def scores_table(scores: Sequence[UnitScore], methodology: Methodology, *, title: str | None = None) -> Table:
    """One row per unit: the six groups, total, class and rank among peers (as ``chiso score`` prints it)."""
    table = Table(title=title, header_style="bold")
    table.add_column("Hạng", justify="right", no_wrap=True)
    table.add_column("Đơn vị", ratio=1, overflow="fold", min_width=16)
    for g in methodology.groups:
        table.add_column(f"{g.code}\n/{format_number_vi(g.max_points)}", justify="right", no_wrap=True)
    table.add_column("Tổng\n/100", justify="right", no_wrap=True)
    table.add_column("Xếp loại", no_wrap=True)
    for s in scores:
        level = LEVEL_SHORT_VI.get(s.level, s.level)
        table.add_row(
            rank_text(s),
            f"{escape(s.name)}\n[dim]{escape(s.id)} · {level}[/]",
            *(format_number_vi(s.groups.get(g.code, 0.0)) for g in methodology.groups),
            f"[bold]{format_number_vi(s.total)}[/]",
            Text(s.classification_name, style=BAND_STYLE.get(s.classification, "")),
        )
    return table


def indicators_table(score: UnitScore, methodology: Methodology, *, title: str | None = None) -> Table:
    """One unit's indicators: ratio, numerator/denominator, points of max and points lost."""
    table = Table(title=title, header_style="bold")
    table.add_column("Nhóm")
    table.add_column("Chỉ tiêu", overflow="fold", min_width=22)
    for col in ("Tỷ lệ", "Tử số/mẫu số", "Điểm", "Mất"):
        table.add_column(col, justify="right")
    for ind in methodology.indicators:
        r = score.indicators.get(ind.code)
        if r is None:
            continue
        counts = (
            "—"
            if r.denominator is None and r.numerator is None
            else f"{format_number_vi(r.numerator or 0)}/{format_number_vi(r.denominator or 0)}"
        )
        points = "—" if r.points is None else format_number_vi(r.points)
        points = f"{points}/{format_number_vi(r.max_points)}"
        if not r.applies:
            points = f"[dim]{points}\nkhông áp dụng[/]"
        table.add_row(
            ind.group,
            f"{ind.code}\n[dim]{escape(ind.name)}[/]",
            format_percent_vi(r.ratio),
            counts,
            points,
            "" if not r.lost_points else f"[red]{format_number_vi(r.lost_points)}[/]",
        )
    return table


def _level_summary(ind: Indicator, methodology: Methodology) -> str:
    parts: list[str] = []
    for level, rule in ind.overridden_levels().items():
        name = LEVEL_SHORT_VI.get(level, level)
        if not rule.applies:
            note = f" — {escape(rule.note)}" if rule.note else ""
            parts.append(f"{name}: {NOT_APPLICABLE_VI[rule.not_applicable]}{note}")
            continue
        changes: list[str] = []
        if rule.counting != ind.counting and not rule.note:
            changes.append(f"đếm {rule.counting}")
        if rule.threshold != ind.threshold:
            changes.append(f"T = {format_number_vi(rule.threshold)}")
        if rule.empty_rule != ind.empty_rule:
            changes.append(f"d = 0: {EMPTY_RULE_SHORT_VI[rule.empty_rule]}")
        if rule.note:
            changes.append(escape(rule.note))
        if rule.confidence != ind.confidence:
            changes.append(f"[{CONFIDENCE_STYLE[rule.confidence]}]{CONFIDENCE_SHORT_VI[rule.confidence]}[/]")
        parts.append(f"{name}: {'; '.join(changes)}")
    return "\n".join(parts) if parts else "mọi cấp"


def methodology_renderables(m: Methodology, width: int | None = None) -> list[RenderableType]:
    """Everything ``chiso methodology show`` prints: header, groups, indicators, bands, settings, open questions.

    ``width`` (the console's) lets long indicator codes fold on narrow terminals instead of cropping the table."""
    validity = f"áp dụng từ {format_date_vi(m.valid_from)}"
    if m.valid_until is not None:
        validity += f" đến {format_date_vi(m.valid_until)}"
    header = Panel(
        f"[bold]{escape(m.title)}[/]\nMã: [bold]{escape(m.id)}[/] — phiên bản {escape(m.version)} — {validity}\n"
        f"[dim]Nguồn: {escape(m.source)}[/]",
        title="Phương pháp tính",
    )

    groups = Table(title="Nhóm chỉ số", header_style="bold")
    groups.add_column("Mã")
    groups.add_column("Nhóm")
    groups.add_column("Điểm tối đa", justify="right")
    groups.add_column("Số chỉ tiêu", justify="right")
    for g in m.groups:
        groups.add_row(g.code, escape(g.name), format_number_vi(g.max_points), str(len(m.indicators_of(g.code))))
    groups.add_row("", "[bold]Tổng[/]", format_number_vi(sum(g.max_points for g in m.groups)), str(len(m.indicators)))

    inds = Table(title="Chỉ tiêu", header_style="bold", show_lines=True)
    inds.add_column("Nhóm")
    # Rich measures a column by its longest word (SYNCED_WITH_DVCQG_PERSONAL_STORAGE): cap it when space is short.
    narrow = width is not None and width < 140
    inds.add_column("Chỉ tiêu", overflow="fold", max_width=24 if narrow else None)
    inds.add_column("Điểm, ngưỡng T,\nmẫu số = 0")
    inds.add_column("Độ tin cậy", overflow="fold")
    inds.add_column("Theo cấp", overflow="fold")
    for ind in m.indicators:
        inds.add_row(
            ind.group,
            f"[bold]{ind.code}[/]\n{escape(ind.name)}\n[dim]Tử số: {escape(ind.numerator_text)}\n"
            f"Mẫu số: {escape(ind.denominator_text)}[/]",
            f"tối đa {format_number_vi(ind.max_points)}\nT = {format_number_vi(ind.threshold)}\n"
            f"d = 0: {EMPTY_RULE_SHORT_VI[ind.empty_rule]}",
            f"[{CONFIDENCE_STYLE[ind.confidence]}]{CONFIDENCE_SHORT_VI[ind.confidence]}[/]",
            _level_summary(ind, m),
        )

    bands = Table(title="Xếp loại", header_style="bold")
    bands.add_column("Mã")
    bands.add_column("Xếp loại")
    bands.add_column("Tổng điểm")
    bands.add_column("Độ tin cậy")
    top = max(b.max for b in m.bands)
    for b in m.bands:
        upper = f"≤ {format_number_vi(b.max)}" if b.max == top else f"< {format_number_vi(b.max)}"
        bands.add_row(
            b.code,
            Text(b.name, style=BAND_STYLE.get(b.code, "")),
            f"≥ {format_number_vi(b.min)} và {upper}",
            f"[{CONFIDENCE_STYLE[b.confidence]}]{CONFIDENCE_VI[b.confidence]}[/]",
        )

    rounding = "nửa lên (half-up)" if m.rounding == "half_up" else "nửa chẵn (half-even)"
    counting = m.settings.get("counting", {})
    rules = [
        f"Điểm chỉ tiêu = làm tròn {rounding} đến {m.decimals} chữ số thập phân của "
        "điểm tối đa × min(1, tỷ lệ / T); điểm nhóm = tổng điểm chỉ tiêu đã làm tròn; tổng điểm = tổng 6 nhóm.",
        f"Mục không áp dụng cho cấp của đơn vị: {NOT_APPLICABLE_VI[m.not_applicable]}.",
        "Xếp hạng: trong các đơn vị cùng cấp trên và cùng cấp, theo tổng điểm giảm dần; bằng điểm thì lần lượt "
        + ", ".join("mã đơn vị tăng dần" if t == "id" else f"điểm {t} cao hơn" for t in m.tie_break)
        + ".",
    ]
    if counting:
        limits = [
            ("petition_refuse_working_days", "từ chối"),
            ("petition_request_info_working_days", "đề nghị bổ sung thông tin"),
            ("petition_handle_working_days", "xử lý"),
            ("petition_publish_working_days", "công khai kết quả"),
        ]
        shown = [f"{label} {counting[k]}" for k, label in limits if k in counting]
        if shown:
            rules.append("Thời hạn PAKN (ngày làm việc): " + ", ".join(shown) + ".")
    settings = Panel("\n".join(f"• {line}" for line in rules), title="Quy tắc tính")

    questions = Table(title="Câu hỏi còn mở (đặc tả §6) và lựa chọn hiện tại", header_style="bold", show_lines=True)
    questions.add_column("#", justify="right")
    questions.add_column("Câu hỏi")
    questions.add_column("chiso đang chọn")
    for q in m.open_questions:
        questions.add_row(str(q.number), escape(q.question), escape(q.choice))

    return [header, groups, inds, bands, settings, questions]


def methodology_panel(m: Methodology, width: int | None = None) -> RenderableType:
    """The whole catalogue as one renderable."""
    return RichGroup(*methodology_renderables(m, width))
