"""The records behind an indicator: those counted in its numerator, and those in the denominator but not the
numerator (the ones that cost points), using the very expressions the engine aggregates (one definition)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pyarrow as pa

from chiso.compute.engine import make_window, resolve_methodology, score_units_in_store
from chiso.compute.metrics import (
    Params,
    Tables,
    catalogue_rows,
    dossier_rows,
    key_source,
    petition_rows,
    procedure_rows,
    scope_of,
    unit_rows,
)
from chiso.compute.period import Period
from chiso.compute.query import run_rows
from chiso.errors import ChisoError
from chiso.methodology import Methodology
from chiso.score import IndicatorResult, UnitScore

if TYPE_CHECKING:
    from chiso.store.db import Store

SECONDS_PER_DAY = 86400

# Columns shown per record kind (the listing, not the counting).
DOSSIER_COLUMNS = (
    "code",
    "unit_code",
    "procedure_code",
    "channel",
    "received_at",
    "effective_due_at",
    "due_from_legal_limit",
    "terminal_state",
    "terminal_at",
    "is_waiting",
    "on_time",
    "overdue_days",
    "overdue_working_days",
    "synced",
    "fee_required",
    "paid_online",
)
PETITION_COLUMNS = ("code", "unit_code", "received_at", "effective_due_at", "handled_at", "likes", "dislikes")
PROCEDURE_COLUMNS = ("procedure_code", "online_level", "fee_bearing", "fee_integrated", "applicant_type")
CATALOGUE_COLUMNS = (
    "code",
    "name",
    "decision_date",
    "legal_effective_date",
    "public_date",
    "content_complete",
)
UNIT_COLUMNS = ("code", "name", "level", "e_certified_copy")


class ExplainError(ChisoError):
    """An explain request that cannot be answered (unknown indicator, …)."""


@dataclass
class Explanation:
    """Why an indicator of a unit has the points it has."""

    unit: str
    unit_name: str
    period: str
    as_of: dt.datetime
    indicator: IndicatorResult
    name: str
    group: str
    source: str  # dossier | procedure | petition | unit | catalogue
    counting: str
    missing: list[dict[str, Any]] = field(default_factory=list)  # in the denominator, not the numerator
    counted: list[dict[str, Any]] = field(default_factory=list)  # in the numerator
    missing_total: int = 0
    counted_total: int = 0


def _dossier_listing(t: Tables, p: Params, targets: Any, key: str) -> Any:
    _, scope = scope_of(t, targets)
    r = dossier_rows(t, p, scope)
    cal = t.calendar.select(e_day="day", e_ord="wd_ordinal")
    cal2 = t.calendar.select(f_day="day", f_ord="wd_ordinal")
    r = r.mutate(end_day=r.is_terminal.ifelse(r.terminal_day, p.judged_day))
    r = r.left_join(cal, r.end_day == cal.e_day).left_join(cal2, r.effective_due_day == cal2.f_day)
    overdue_wd = (r.e_ord - r.f_ord).cast("int64")
    r = r.mutate(
        overdue_days=(r.overdue_seconds / SECONDS_PER_DAY).round(1),
        overdue_working_days=r.on_time.ifelse(0, overdue_wd.fill_null(0).clip(lower=0)),
        in_num=r[f"{key}__num"] == 1,
        in_den=r[f"{key}__den"] == 1,
    )
    out = r.filter(r.in_den).select(*DOSSIER_COLUMNS, "in_num", "overdue_seconds")
    return out.order_by(out.in_num, out.overdue_seconds.desc(), out.code).drop("overdue_seconds")


def _petition_listing(t: Tables, p: Params, targets: Any, key: str) -> Any:
    _, scope = scope_of(t, targets)
    r = petition_rows(t, p, scope)
    r = r.mutate(in_num=r[f"{key}__num"] == 1, in_den=r[f"{key}__den"] == 1)
    out = r.filter(r.in_den).select(*PETITION_COLUMNS, "in_num")
    return out.order_by(out.in_num, out.code)


def _procedure_listing(t: Tables, p: Params, targets: Any, key: str) -> Any:
    ancestors, scope = scope_of(t, targets)
    r = procedure_rows(t, p, scope, ancestors)
    r = r.semi_join(targets, r.ancestor_code == targets.code)
    r = r.mutate(in_num=r[f"{key}__num"] == 1, in_den=r[f"{key}__den"] == 1)
    out = r.filter(r.in_den).select(*PROCEDURE_COLUMNS, "in_num")
    return out.order_by(out.in_num, out.procedure_code)


def _catalogue_listing(t: Tables, p: Params, targets: Any, key: str) -> Any:
    r = catalogue_rows(t, p)
    roots = t.units.semi_join(targets, t.units.code == targets.code).select(root="root_code")
    r = r.semi_join(roots, r.authority_code == roots.root)
    r = r.mutate(in_num=r[f"{key}__num"] == 1, in_den=r[f"{key}__den"] == 1)
    out = r.filter(r.in_den).select(*CATALOGUE_COLUMNS, "in_num")
    return out.order_by(out.in_num, out.code)


def _unit_listing(t: Tables, p: Params, targets: Any, key: str) -> Any:
    _, scope = scope_of(t, targets)
    r = unit_rows(t, scope)
    r = r.mutate(in_num=r[f"{key}__num"] == 1, in_den=r[f"{key}__den"] == 1)
    out = r.filter(r.in_den).select(*UNIT_COLUMNS, "in_num")
    return out.order_by(out.in_num, out.code)


_LISTINGS = {
    "dossier": _dossier_listing,
    "petition": _petition_listing,
    "procedure": _procedure_listing,
    "catalogue": _catalogue_listing,
    "unit": _unit_listing,
}


def records(
    store: Store,
    *,
    unit: str,
    period: Period | str,
    counting: str,
    as_of: dt.datetime | None = None,
    methodology: Methodology | str | None = None,
) -> pa.Table:
    """Every record in the denominator of ``counting`` for ``unit``'s subtree, with an ``in_num`` flag."""
    m = resolve_methodology(methodology)
    source = key_source(counting)
    listing = _LISTINGS[source]
    window = make_window(period, as_of, m)
    return run_rows(store, window, [unit], f"explain:{source}:{counting}", lambda t, p, tg: listing(t, p, tg, counting))


def explain_indicator(
    store: Store,
    *,
    unit: str,
    period: Period | str,
    indicator: str,
    as_of: dt.datetime | None = None,
    methodology: Methodology | str | None = None,
    limit: int | None = 50,
    offset: int = 0,
    score: UnitScore | None = None,
) -> Explanation:
    """Ratio, points, points lost and the records behind one indicator of ``unit`` (paginated listings)."""
    m = resolve_methodology(methodology)
    ind = next((i for i in m.indicators if i.code == indicator.upper()), None)
    if ind is None:
        codes = ", ".join(i.code for i in m.indicators)
        raise ExplainError(f"Không có chỉ tiêu '{indicator}'. Các chỉ tiêu: {codes}.")
    if score is None:
        score = score_units_in_store(store, period, as_of=as_of, units=[unit], methodology=m)[0]
    rule = ind.rule_for(score.level)
    rows = records(store, unit=unit, period=period, counting=rule.counting, as_of=as_of, methodology=m)
    flags = rows.column("in_num").to_pylist()
    all_rows = rows.drop_columns(["in_num"]).to_pylist()
    missing = [r for r, f in zip(all_rows, flags, strict=True) if not f]
    counted = [r for r, f in zip(all_rows, flags, strict=True) if f]
    end = None if limit is None else offset + limit
    p = Period.parse(period) if isinstance(period, str) else period
    window = make_window(p, as_of, m)
    return Explanation(
        unit=unit,
        unit_name=score.name,
        period=p.key,
        as_of=window.as_of,
        indicator=score.indicators[ind.code],
        name=ind.name,
        group=ind.group,
        source=key_source(rule.counting),
        counting=rule.counting,
        missing=missing[offset:end],
        counted=counted[offset:end],
        missing_total=len(missing),
        counted_total=len(counted),
    )


def point_losses(score: UnitScore) -> list[IndicatorResult]:
    """Indicators of a scored unit ordered by points lost (largest first); those losing nothing are left out."""
    lost = [r for r in score.indicators.values() if (r.lost_points or 0) > 0]
    return sorted(lost, key=lambda r: (-(r.lost_points or 0), r.code))


def explain_unit(
    store: Store,
    *,
    unit: str,
    period: Period | str,
    as_of: dt.datetime | None = None,
    methodology: Methodology | str | None = None,
    indicators: Sequence[str] | None = None,
    limit: int = 10,
) -> tuple[UnitScore, list[Explanation]]:
    """A unit's score and, for each indicator that loses points (largest loss first), its explanation."""
    m = resolve_methodology(methodology)
    score = score_units_in_store(store, period, as_of=as_of, units=[unit], methodology=m)[0]
    chosen = [r.code for r in point_losses(score)] if indicators is None else list(indicators)
    out = [
        explain_indicator(
            store,
            unit=unit,
            period=period,
            indicator=code,
            as_of=as_of,
            methodology=m,
            limit=limit,
            score=score,
        )
        for code in chosen
    ]
    return score, out


# Vietnamese headings of listing columns, shared by the CLI, reports and web pages.
COLUMN_LABELS_VI: dict[str, str] = {
    "code": "Mã",
    "unit_code": "Đơn vị",
    "procedure_code": "Mã TTHC",
    "channel": "Kênh nộp",
    "received_at": "Tiếp nhận",
    "effective_due_at": "Hạn xử lý",
    "due_from_legal_limit": "Hạn theo quy định",
    "terminal_state": "Trạng thái",
    "terminal_at": "Kết thúc",
    "is_waiting": "Chờ bổ sung",
    "on_time": "Đúng hạn",
    "overdue_days": "Trễ (ngày)",
    "overdue_working_days": "Trễ (ngày làm việc)",
    "synced": "Đã đồng bộ",
    "fee_required": "Có phí",
    "paid_online": "Thanh toán trực tuyến",
    "handled_at": "Xử lý xong",
    "likes": "Hài lòng",
    "dislikes": "Không hài lòng",
    "online_level": "Mức DVCTT",
    "fee_bearing": "Có phí, lệ phí",
    "fee_integrated": "Tích hợp thanh toán",
    "applicant_type": "Đối tượng",
    "name": "Tên",
    "decision_date": "Ngày QĐ công bố",
    "legal_effective_date": "Ngày văn bản có hiệu lực",
    "public_date": "Ngày công khai",
    "content_complete": "Đủ nội dung",
    "level": "Cấp",
    "e_certified_copy": "Chứng thực điện tử",
}
