"""Local figures against the portal's: per group and indicator, the totals check, and the dossiers that explain
the difference, each classified by cause.

The local side is the engine's (:func:`chiso.compute.engine.score_units_in_store`) and the records the engine
counted (:func:`chiso.explain.records.records`), so a reconciliation never disagrees with ``chiso explain``.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from chiso.compute.engine import make_window, resolve_methodology, score_units_in_store, unit_info
from chiso.compute.period import Period
from chiso.errors import ChisoError
from chiso.explain.records import records
from chiso.methodology import Methodology
from chiso.reconcile.portal import STATUS_VI, TERMINAL_STATUSES
from chiso.score import UnitScore
from chiso.timeutil import VN_TZ, format_number_vi

if TYPE_CHECKING:
    from chiso.store.db import Store

# A published row whose groups differ from its total by more than rounding can explain is flagged.
TOTALS_TOLERANCE = 0.011

# Causes of a record-level difference, in the order reports list them: code → (Vietnamese label, indicators).
CAUSES: dict[str, tuple[str, tuple[str, ...]]] = {
    "not_synced": (
        "Chưa đồng bộ lên Cổng DVCQG (chỉ có trên hệ thống một cửa)",
        ("DOSSIER_SYNC", "PROGRESS_ON_TIME", "ONLINE_SUBMISSION"),
    ),
    "status_differs": (
        "Đã đồng bộ nhưng khác trạng thái (một cửa đã xử lý xong, Cổng vẫn ghi đang xử lý, hoặc ngược lại)",
        ("PROGRESS_ON_TIME", "DOSSIER_RECEIVING_SATISFACTION"),
    ),
    "date_differs": (
        "Đã đồng bộ nhưng khác ngày kết thúc hoặc ngày hẹn trả",
        ("PROGRESS_ON_TIME", "DOSSIER_RECEIVING_SATISFACTION"),
    ),
    "payment_missing": (
        "Đã thanh toán trực tuyến trên hệ thống một cửa nhưng Cổng chưa ghi nhận",
        ("ONLINE_PAYMENT_DOSSIER", "ONLINE_PAYMENT_FORMALITY"),
    ),
    "unit_mismatch": ("Sai mã đơn vị trên Cổng DVCQG", ("DOSSIER_SYNC", "PROGRESS_ON_TIME")),
    "procedure_mismatch": ("Sai mã TTHC trên Cổng DVCQG", ("ONLINE_DOSSIER_ARISING", "ONLINE_PAYMENT_FORMALITY")),
    "other_period": ("Được tính vào kỳ khác", ("DOSSIER_SYNC", "PROGRESS_ON_TIME")),
    "portal_only": ("Chỉ có trên Cổng DVCQG (không có trên hệ thống một cửa)", ("PROGRESS_ON_TIME",)),
}
CAUSE_SHORT_VI = {
    "not_synced": "Chưa đồng bộ",
    "status_differs": "Khác trạng thái",
    "date_differs": "Khác ngày",
    "payment_missing": "Thiếu thanh toán trực tuyến",
    "unit_mismatch": "Sai mã đơn vị",
    "procedure_mismatch": "Sai mã TTHC",
    "other_period": "Tính vào kỳ khác",
    "portal_only": "Chỉ có trên Cổng",
}
LOCAL_STATE_VI = {
    "finished": "đã xử lý xong",
    "result_returned": "đã trả kết quả",
    "refused": "từ chối, dừng xử lý",
    "withdrawn": "rút hồ sơ",
    None: "đang xử lý",
}


class ReconcileError(ChisoError):
    """A reconciliation that cannot be made (no portal data for the period, unknown unit)."""


@dataclass(frozen=True)
class ItemComparison:
    """A group or indicator: the local value (engine) beside the portal's; ``difference`` = local − portal."""

    kind: str  # group | indicator
    code: str
    name: str
    group: str
    max_points: float
    local_points: float | None
    portal_points: float | None
    local_numerator: float | None = None
    local_denominator: float | None = None
    portal_numerator: float | None = None
    portal_denominator: float | None = None

    @property
    def difference(self) -> float | None:
        """Points the local figures give more than the portal's (negative: the portal shows more)."""
        if self.portal_points is None:
            return None
        return round((self.local_points or 0.0) - self.portal_points, 2)

    def to_json(self) -> dict[str, Any]:
        """JSON-ready."""
        return {
            "kind": self.kind,
            "code": self.code,
            "name": self.name,
            "group": self.group,
            "max_points": self.max_points,
            "local_points": self.local_points,
            "portal_points": self.portal_points,
            "difference": self.difference,
            "local_numerator": self.local_numerator,
            "local_denominator": self.local_denominator,
            "portal_numerator": self.portal_numerator,
            "portal_denominator": self.portal_denominator,
        }


@dataclass(frozen=True)
class TotalsCheck:
    """A published row: its groups' sum against its stated total."""

    unit_code: str
    unit_name: str | None
    groups_sum: float
    total: float | None
    groups: int  # number of groups published

    @property
    def difference(self) -> float | None:
        """Stated total − sum of the groups."""
        return None if self.total is None else round(self.total - self.groups_sum, 2)

    @property
    def ok(self) -> bool:
        """True when the groups add up to the total (within rounding), or there is nothing to check."""
        d = self.difference
        return d is None or self.groups == 0 or abs(d) <= TOTALS_TOLERANCE

    def message_vi(self) -> str:
        """One Vietnamese sentence stating the check."""
        if self.ok:
            return f"Tổng các nhóm chỉ số ({format_number_vi(self.groups_sum)} điểm) khớp với tổng điểm công bố."
        return (
            f"Tổng các nhóm chỉ số công bố là {format_number_vi(self.groups_sum)} điểm nhưng tổng điểm công bố là "
            f"{format_number_vi(self.total)} điểm (lệch {format_number_vi(abs(self.difference or 0))} điểm): "
            "số liệu công bố không cộng đúng, cần đề nghị Cổng DVCQG kiểm tra."
        )

    def to_json(self) -> dict[str, Any]:
        """JSON-ready."""
        return {
            "unit_code": self.unit_code,
            "unit_name": self.unit_name,
            "groups_sum": self.groups_sum,
            "total": self.total,
            "difference": self.difference,
            "ok": self.ok,
            "message": self.message_vi(),
        }


@dataclass(frozen=True)
class RecordDiscrepancy:
    """One dossier that explains a difference, with its cause and both sides' values."""

    dossier_code: str
    cause: str
    unit_code: str | None  # local (one-stop) values; None when the dossier is only on the portal
    procedure_code: str | None
    portal_unit_code: str | None
    portal_procedure_code: str | None
    local: str  # what the one-stop system holds, in Vietnamese
    portal: str  # what the portal holds
    received_at: dt.datetime | None = None

    @property
    def cause_vi(self) -> str:
        """The cause, in Vietnamese."""
        return CAUSES[self.cause][0]

    @property
    def indicators(self) -> tuple[str, ...]:
        """Indicators this kind of difference moves."""
        return CAUSES[self.cause][1]

    def to_json(self) -> dict[str, Any]:
        """JSON-ready."""
        return {
            "dossier_code": self.dossier_code,
            "cause": self.cause,
            "cause_vi": self.cause_vi,
            "unit_code": self.unit_code,
            "procedure_code": self.procedure_code,
            "portal_unit_code": self.portal_unit_code,
            "portal_procedure_code": self.portal_procedure_code,
            "local": self.local,
            "portal": self.portal,
            "received_at": None if self.received_at is None else self.received_at.isoformat(),
            "indicators": list(self.indicators),
        }


@dataclass(frozen=True)
class PortalResult:
    """A unit's row of the published results."""

    unit_code: str
    unit_name: str | None
    total: float | None
    classification: str | None
    rank: int | None
    peers: int | None
    imported_at: dt.datetime
    source: str


@dataclass
class Reconciliation:
    """Everything known about the difference between the local figures and the portal's for one unit and period."""

    unit: str
    unit_name: str
    level: str
    period: Period
    as_of: dt.datetime
    methodology: str
    local: UnitScore
    portal: PortalResult | None
    groups: list[ItemComparison]
    indicators: list[ItemComparison]
    totals: TotalsCheck | None
    records: list[RecordDiscrepancy] = field(default_factory=list)
    dossier_list: bool = False  # a portal dossier list exists for the period
    local_dossiers: int = 0
    portal_dossiers: int = 0
    dossiers_imported_at: dt.datetime | None = None

    @property
    def total_difference(self) -> float | None:
        """Local total − the portal's published total."""
        if self.portal is None or self.portal.total is None:
            return None
        return round(self.local.total - self.portal.total, 2)

    def cause_counts(self) -> dict[str, int]:
        """Dossiers per cause, in :data:`CAUSES` order (causes with none left out)."""
        c = Counter(r.cause for r in self.records)
        return {k: c[k] for k in CAUSES if c[k]}

    def top_causes(self, n: int = 3) -> list[tuple[str, int]]:
        """The ``n`` most frequent causes."""
        return sorted(self.cause_counts().items(), key=lambda kv: (-kv[1], list(CAUSES).index(kv[0])))[:n]

    def to_json(self) -> dict[str, Any]:
        """The whole reconciliation as JSON-ready data (``chiso reconcile --json`` and the API)."""
        p = self.portal
        return {
            "unit": self.unit,
            "unit_name": self.unit_name,
            "level": self.level,
            "period": self.period.key,
            "period_label": self.period.label_vi,
            "as_of": self.as_of.isoformat(),
            "methodology": self.methodology,
            "local": {
                "total": self.local.total,
                "classification": self.local.classification,
                "classification_name": self.local.classification_name,
            },
            "portal": None
            if p is None
            else {
                "total": p.total,
                "classification": p.classification,
                "rank": p.rank,
                "peers": p.peers,
                "imported_at": p.imported_at.isoformat(),
                "source": p.source,
            },
            "total_difference": self.total_difference,
            "totals_check": None if self.totals is None else self.totals.to_json(),
            "groups": [g.to_json() for g in self.groups],
            "indicators": [i.to_json() for i in self.indicators],
            "dossier_list": self.dossier_list,
            "local_dossiers": self.local_dossiers,
            "portal_dossiers": self.portal_dossiers,
            "causes": [
                {"cause": k, "cause_vi": CAUSES[k][0], "count": n, "indicators": list(CAUSES[k][1])}
                for k, n in self.cause_counts().items()
            ],
            "records": [r.to_json() for r in self.records],
        }


# -- the published table ---------------------------------------------------------------------------------------


def totals_checks(store: Store, period: Period | str) -> list[TotalsCheck]:
    """The totals check of every published row of ``period`` (rows whose groups do not add up first)."""
    key = (Period.parse(period) if isinstance(period, str) else period).key
    rows = store.con.execute(
        "SELECT r.unit_code, r.unit_name, r.total, coalesce(sum(i.points), 0), count(i.code) "
        "FROM portal_results r LEFT JOIN portal_result_items i "
        "ON i.period = r.period AND i.unit_code = r.unit_code AND i.kind = 'group' "
        "WHERE r.period = ? GROUP BY r.unit_code, r.unit_name, r.total ORDER BY r.unit_code",
        [key],
    ).fetchall()
    checks = [TotalsCheck(r[0], r[1], round(float(r[3]), 2), r[2], int(r[4])) for r in rows]
    return sorted(checks, key=lambda c: (c.ok, c.unit_code))


def _portal_result(store: Store, key: str, unit: str) -> PortalResult | None:
    r = store.con.execute(
        "SELECT unit_code, unit_name, total, classification, rank, peers, imported_at, source "
        "FROM portal_results WHERE period = ? AND unit_code = ?",
        [key, unit],
    ).fetchone()
    return None if r is None else PortalResult(*r)


def _portal_items(store: Store, key: str, unit: str) -> dict[tuple[str, str], tuple[Any, Any, Any]]:
    rows = store.con.execute(
        "SELECT kind, code, points, numerator, denominator FROM portal_result_items WHERE period = ? AND unit_code = ?",
        [key, unit],
    ).fetchall()
    return {(r[0], r[1]): (r[2], r[3], r[4]) for r in rows}


def _portal_indicator_points(
    m: Methodology, level: str, code: str, num: float | None, den: float | None, points: float | None
) -> float | None:
    """The portal's points of an indicator: as published, else scored from its published counts."""
    if points is not None or den is None:
        return points
    from chiso.score import Count, UnitInput, score_unit

    s = score_unit(m, UnitInput("portal", "portal", level, {code: Count(num, den)}))
    return s.indicators[code].points


# -- records ---------------------------------------------------------------------------------------------------


def _day(value: dt.datetime | None) -> dt.date | None:
    return None if value is None else value.astimezone(VN_TZ).date()


def _d(value: dt.datetime | None) -> str:
    return "—" if value is None else value.astimezone(VN_TZ).strftime("%d/%m/%Y")


def _local_records(store: Store, unit: str, period: Period, as_of: dt.datetime, m: Methodology) -> list[dict[str, Any]]:
    table = records(store, unit=unit, period=period, counting="dossiers_on_time", as_of=as_of, methodology=m)
    rows: list[dict[str, Any]] = table.to_pylist()
    return rows


def _compare_records(
    store: Store, unit: str, period: Period, as_of: dt.datetime, m: Methodology
) -> tuple[list[RecordDiscrepancy], int, int]:
    """Every dossier of the unit's subtree that differs between the one-stop system and the portal's list."""
    key = period.key
    local = {r["code"]: r for r in _local_records(store, unit, period, as_of, m)}
    codes = list(local)
    portal_rows = store.con.execute(
        "SELECT code, unit_code, procedure_code, status, received_at, due_at, finished_at, paid_online "
        "FROM portal_dossiers p WHERE period = ? AND (code IN (SELECT unnest(?)) OR unit_code IN "
        "(SELECT unit_code FROM unit_closure WHERE ancestor_code = ?)) ORDER BY code",
        [key, codes, unit],
    ).fetchall()
    names = ("code", "unit_code", "procedure_code", "status", "received_at", "due_at", "finished_at", "paid_online")
    portal = {r[0]: dict(zip(names, r, strict=True)) for r in portal_rows}
    out: list[RecordDiscrepancy] = []

    # Local dossiers of the period that the portal's list of the period lacks.
    missing = [c for c in codes if c not in portal]
    elsewhere: dict[str, tuple[str, dt.datetime | None]] = {}
    if missing:
        for r in store.con.execute(
            "SELECT code, min(period), min(received_at) FROM portal_dossiers "
            "WHERE period <> ? AND code IN (SELECT unnest(?)) GROUP BY code",
            [key, missing],
        ).fetchall():
            elsewhere[r[0]] = (r[1], r[2])
    for c in missing:
        loc = local[c]
        if c in elsewhere:
            other, received = elsewhere[c]
            out.append(
                RecordDiscrepancy(
                    c,
                    "other_period",
                    loc["unit_code"],
                    loc["procedure_code"],
                    None,
                    None,
                    f"tiếp nhận {_d(loc['received_at'])}, thuộc kỳ {key}",
                    f"nằm trong danh sách kỳ {other} (tiếp nhận {_d(received)})",
                    loc["received_at"],
                )
            )
            continue
        flag = "một cửa ghi đã đồng bộ nhưng Cổng không có" if loc.get("synced") else "một cửa ghi chưa đồng bộ"
        out.append(
            RecordDiscrepancy(
                c,
                "not_synced",
                loc["unit_code"],
                loc["procedure_code"],
                None,
                None,
                f"tiếp nhận {_d(loc['received_at'])}, {LOCAL_STATE_VI[loc['terminal_state']]}; {flag}",
                "không có trong danh sách hồ sơ",
                loc["received_at"],
            )
        )

    # Portal rows of the period that are not local dossiers of the period.
    extra = [c for c in portal if c not in local]
    known: dict[str, tuple[str, str, dt.datetime]] = {}
    if extra:
        for r in store.con.execute(
            "SELECT code, unit_code, procedure_code, received_at FROM dossiers WHERE code IN (SELECT unnest(?))",
            [extra],
        ).fetchall():
            known[r[0]] = (r[1], r[2], r[3])
    for c in extra:
        prow = portal[c]
        if c in known:
            lunit, lproc, lreceived = known[c]
            if period.start <= (_day(lreceived) or period.start) <= period.end:
                # Received in the period but outside this unit's subtree: the portal holds it under our code.
                out.append(
                    RecordDiscrepancy(
                        c,
                        "unit_mismatch",
                        lunit,
                        lproc,
                        prow["unit_code"],
                        prow["procedure_code"],
                        f"hồ sơ của đơn vị {lunit}",
                        f"ghi cho đơn vị {prow['unit_code']}",
                        lreceived,
                    )
                )
            else:
                out.append(
                    RecordDiscrepancy(
                        c,
                        "other_period",
                        lunit,
                        lproc,
                        prow["unit_code"],
                        prow["procedure_code"],
                        f"tiếp nhận {_d(lreceived)}, thuộc kỳ {Period.containing(_day(lreceived) or period.start).key}",
                        f"tính vào kỳ {key} (tiếp nhận {_d(prow['received_at'])})",
                        lreceived,
                    )
                )
            continue
        out.append(
            RecordDiscrepancy(
                c,
                "portal_only",
                None,
                None,
                prow["unit_code"],
                prow["procedure_code"],
                "không có trên hệ thống một cửa",
                f"tiếp nhận {_d(prow['received_at'])}, {STATUS_VI.get(prow['status'] or '', 'không rõ trạng thái')}",
                prow["received_at"],
            )
        )

    # Dossiers on both sides: codes, status, dates, payment.
    for c in codes:
        if c not in portal:
            continue
        loc, prow = local[c], portal[c]

        def rec(
            cause: str, local_text: str, portal_text: str, loc: dict[str, Any] = loc, prow: dict[str, Any] = prow
        ) -> None:
            out.append(
                RecordDiscrepancy(
                    loc["code"],
                    cause,
                    loc["unit_code"],
                    loc["procedure_code"],
                    prow["unit_code"],
                    prow["procedure_code"],
                    local_text,
                    portal_text,
                    loc["received_at"],
                )
            )

        if prow["unit_code"] is not None and prow["unit_code"] != loc["unit_code"]:
            rec("unit_mismatch", f"đơn vị {loc['unit_code']}", f"đơn vị {prow['unit_code']}")
        if prow["procedure_code"] is not None and prow["procedure_code"] != loc["procedure_code"]:
            rec("procedure_mismatch", f"TTHC {loc['procedure_code']}", f"TTHC {prow['procedure_code']}")
        preceived = _day(prow["received_at"])
        if preceived is not None and not period.start <= preceived <= period.end:
            rec(
                "other_period",
                f"tiếp nhận {_d(loc['received_at'])}",
                f"tiếp nhận {_d(prow['received_at'])} (kỳ {Period.containing(preceived).key})",
            )
        status = prow["status"]
        # What has happened is known as of the evaluation instant, as the engine judges it.
        local_done = loc["terminal_state"] is not None and loc["terminal_at"] <= as_of
        if status is not None:
            portal_done = status in TERMINAL_STATUSES
            if local_done and not portal_done:
                rec(
                    "status_differs",
                    f"{LOCAL_STATE_VI[loc['terminal_state']]} ngày {_d(loc['terminal_at'])}"
                    + ("" if loc["on_time"] else ", quá hạn"),
                    f"{STATUS_VI.get(status, status)}" + _overdue_note(prow, as_of, period),
                )
            elif portal_done and not local_done:
                rec(
                    "status_differs",
                    "đang xử lý",
                    f"{STATUS_VI.get(status, status)} ngày {_d(prow['finished_at'])}",
                )
        notes_local: list[str] = []
        notes_portal: list[str] = []
        if local_done and prow["finished_at"] is not None and _day(prow["finished_at"]) != _day(loc["terminal_at"]):
            notes_local.append(f"kết thúc {_d(loc['terminal_at'])}")
            notes_portal.append(f"kết thúc {_d(prow['finished_at'])}")
        if prow["due_at"] is not None and _day(prow["due_at"]) != _day(loc["effective_due_at"]):
            notes_local.append(f"hẹn trả {_d(loc['effective_due_at'])}")
            notes_portal.append(f"hẹn trả {_d(prow['due_at'])}")
        if notes_local:
            rec("date_differs", ", ".join(notes_local), ", ".join(notes_portal))
        if loc["fee_required"] and loc["paid_online"] and prow["paid_online"] is False:
            rec("payment_missing", "đã thanh toán trực tuyến", "chưa ghi nhận thanh toán trực tuyến")
    order = list(CAUSES)
    out.sort(key=lambda r: (order.index(r.cause), r.dossier_code))
    return out, len(local), len(portal)


def _overdue_note(prow: dict[str, Any], as_of: dt.datetime, period: Period) -> str:
    due = prow["due_at"]
    if due is None:
        return ""
    judged = min(as_of, dt.datetime.combine(period.end + dt.timedelta(days=1), dt.time.min, tzinfo=VN_TZ))
    return ", quá hạn trên Cổng" if due < judged else ""


# -- the reconciliation ----------------------------------------------------------------------------------------


def reconcile(
    store: Store,
    *,
    unit: str,
    period: Period | str,
    as_of: dt.datetime | None = None,
    methodology: Methodology | str | None = None,
) -> Reconciliation:
    """Compare ``unit``'s local figures for ``period`` with the portal's imported view of it."""
    m = resolve_methodology(methodology)
    p = Period.parse(period) if isinstance(period, str) else period
    info = unit_info(store, [unit])
    if unit not in info:
        raise ReconcileError(f"Không có đơn vị mã '{unit}' trong cơ sở dữ liệu.")
    window = make_window(p, as_of, m)
    published = _portal_result(store, p.key, unit)
    dossier_row = store.con.execute(
        "SELECT count(*), max(imported_at) FROM portal_dossiers WHERE period = ?", [p.key]
    ).fetchone()
    has_list = bool(dossier_row and dossier_row[0])
    if published is None and not has_list:
        raise ReconcileError(
            f"Chưa có số liệu Cổng DVCQG của {info[unit].name} ({unit}) cho {p.label_vi}: hãy nhập kết quả công bố "
            f"hoặc danh sách hồ sơ bằng «chiso portal import --period {p.key} TỆP»."
        )
    local = score_units_in_store(store, p, as_of=window.as_of, units=[unit], methodology=m)[0]
    items = _portal_items(store, p.key, unit) if published is not None else {}
    groups = [
        ItemComparison(
            "group",
            g.code,
            g.name,
            g.code,
            g.max_points,
            local.groups.get(g.code, 0.0),
            items.get(("group", g.code), (None, None, None))[0],
        )
        for g in m.groups
    ]
    indicators = []
    for ind in m.indicators:
        r = local.indicators[ind.code]
        pts, num, den = items.get(("indicator", ind.code), (None, None, None))
        indicators.append(
            ItemComparison(
                "indicator",
                ind.code,
                ind.name,
                ind.group,
                ind.max_points,
                r.points,
                _portal_indicator_points(m, local.level, ind.code, num, den, pts),
                r.numerator,
                r.denominator,
                num,
                den,
            )
        )
    totals = None
    if published is not None:
        gs = [v[0] for (k, _), v in items.items() if k == "group" and v[0] is not None]
        totals = TotalsCheck(unit, published.unit_name, round(sum(gs), 2), published.total, len(gs))
    rec = Reconciliation(
        unit=unit,
        unit_name=info[unit].name,
        level=info[unit].level,
        period=p,
        as_of=window.as_of,
        methodology=m.id,
        local=local,
        portal=published,
        groups=groups,
        indicators=indicators,
        totals=totals,
        dossier_list=has_list,
    )
    if has_list:
        rec.records, rec.local_dossiers, rec.portal_dossiers = _compare_records(store, unit, p, window.as_of, m)
        rec.dossiers_imported_at = dossier_row[1] if dossier_row else None
    return rec
