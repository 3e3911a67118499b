"""A realistic "portal view" of a generated province: what Cổng DVCQG would show for one period.

The portal only sees what the one-stop system synced, and sync is imperfect. Starting from the store's own
dossiers (the engine's listing of the period), the portal's dossier list keeps every synced dossier and plants the
gaps units meet in practice, each at a small, deterministic rate:

- a dossier the one-stop system marked synced that never reached the portal (sync failure);
- finished locally, still "in process" on the portal (the finishing status was not synced);
- finished on a different day on the portal (a late status sync);
- paid online locally, no payment on the portal;
- a wrong unit or TTHC code on the portal;
- a dossier received on the last day of the previous month that the portal counts in this one.

The published results are the engine's counts with the planted gaps applied (fewer synced, fewer on time, fewer
paid online), scored by the same pure function, ranked among peers; then one commune's published total is made not
to match its groups, as in the seed report (groups 37.5, total 47.17).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from chiso.compute.engine import compute_counts, inputs_from_counts, make_window, resolve_methodology, unit_info
from chiso.compute.period import Period
from chiso.explain.records import records
from chiso.generate.randomness import stable_int
from chiso.score import Count, UnitInput, rank_peers, score_units
from chiso.timeutil import VN_TZ

if TYPE_CHECKING:
    from chiso.store.db import Store

# Rates of each planted gap among the dossiers it can apply to.
SYNC_FAILURE = 0.03
STATUS_NOT_SYNCED = 0.05
FINISH_DAY_SHIFT = 0.02
PAYMENT_NOT_SYNCED = 0.30
UNIT_CODE_WRONG = 0.01
PROCEDURE_CODE_WRONG = 0.01
OTHER_PERIOD_MAX = 5
TOTAL_ERROR = 9.67  # the seed report's gap between its groups (37.5) and its stated total (47.17)

STATUS_TEXT = {
    "finished": "Đã xử lý xong",
    "result_returned": "Đã trả kết quả",
    "refused": "Từ chối",
    "withdrawn": "Rút hồ sơ",
    None: "Đang xử lý",
}
DOSSIER_HEADERS = (
    "MaHoSo",
    "MaDonVi",
    "MaTTHC",
    "TrangThai",
    "NgayTiepNhan",
    "NgayHenTra",
    "NgayKetThuc",
    "ThanhToanTrucTuyen",
)


@dataclass
class PortalView:
    """The portal's view of one period: published results (the scored JSON shape) and the dossier list."""

    period: Period
    results: dict[str, Any]
    dossiers: list[dict[str, Any]]
    planted: dict[str, list[str]] = field(default_factory=dict)  # cause → dossier codes
    broken_total_unit: str | None = None

    def write(self, out: str | Path) -> tuple[Path, Path]:
        """Write ``portal-<period>-ket-qua.json`` and ``portal-<period>-ho-so.csv`` (Vietnamese headers, as
        units copy the list from the portal) into ``out``; returns both paths."""
        import csv
        import json

        target = Path(out)
        target.mkdir(parents=True, exist_ok=True)
        results = target / f"portal-{self.period.key}-ket-qua.json"
        results.write_text(json.dumps(self.results, ensure_ascii=False, indent=1), encoding="utf-8")
        dossiers = target / f"portal-{self.period.key}-ho-so.csv"
        with dossiers.open("w", encoding="utf-8", newline="") as f:
            w = csv.writer(f)
            w.writerow(DOSSIER_HEADERS)
            for r in self.dossiers:
                w.writerow(
                    [
                        r["code"],
                        r["unit_code"],
                        r["procedure_code"],
                        r["status"],
                        _local(r["received_at"]),
                        _local(r["due_at"]),
                        _local(r["finished_at"]),
                        "" if r["paid_online"] is None else ("Có" if r["paid_online"] else "Không"),
                    ]
                )
        return results, dossiers


def _local(value: dt.datetime | None) -> str:
    return "" if value is None else value.astimezone(VN_TZ).strftime("%d/%m/%Y %H:%M")


def _rng(seed: int, province: str, period: Period) -> np.random.Generator:
    key = [int(seed), stable_int(province), stable_int("portal"), stable_int(period.key)]
    return np.random.Generator(np.random.PCG64(np.random.SeedSequence(key)))


def _wrong_procedure(code: str) -> str:
    """A plausible mistyped TTHC code: the last digit changed."""
    last = int(code[-1]) if code[-1:].isdigit() else 0
    return f"{code[:-1]}{(last + 1) % 10}"


def portal_view(
    store: Store,
    province: str,
    period: Period | str,
    *,
    seed: int = 766,
    as_of: dt.datetime | None = None,
    methodology: Any = None,
) -> PortalView:
    """The portal's view of ``province`` for ``period`` judged at ``as_of`` (default: now), with planted sync
    gaps. Deterministic for the same store, seed and instant."""
    m = resolve_methodology(methodology)
    p = Period.parse(period) if isinstance(period, str) else period
    window = make_window(p, as_of, m)
    rng = _rng(seed, province, p)
    rows = records(store, unit=province, period=p, counting="dossiers_on_time", as_of=window.as_of, methodology=m)
    # The draws go to records in code order: the same portal view whatever order the store returns rows in.
    local = sorted(rows.to_pylist(), key=lambda r: str(r["code"]))
    siblings: dict[str, list[str]] = defaultdict(list)
    for code, parent in store.con.execute(
        "SELECT code, parent_code FROM units WHERE root_code = ? AND level = 'commune' ORDER BY code", [province]
    ).fetchall():
        siblings[parent].append(code)
    parents = dict(store.con.execute("SELECT code, parent_code FROM units WHERE root_code = ?", [province]).fetchall())
    judged = window.judged_at
    planted: dict[str, list[str]] = defaultdict(list)
    # Count changes the planted gaps cause, per unit: counting key → numerator change.
    delta: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    out: list[dict[str, Any]] = []
    draws = rng.random((len(local), 6))
    for row, u in zip(local, draws, strict=True):
        if not row["synced"]:
            continue  # never sent: the one-stop system knows it (a true loss, listed as not synced)
        code, unit = row["code"], row["unit_code"]
        if u[0] < SYNC_FAILURE:
            planted["not_synced"].append(code)
            delta[unit]["dossiers_synced"] -= 1
            continue
        state = row["terminal_state"] if row["terminal_at"] is not None and row["terminal_at"] <= window.as_of else None
        status, finished = STATUS_TEXT[state], row["terminal_at"] if state else None
        due = row["effective_due_at"]
        portal_on_time = bool(row["on_time"])
        if state in ("finished", "result_returned") and u[1] < STATUS_NOT_SYNCED:
            planted["status_differs"].append(code)
            status, finished = STATUS_TEXT[None], None
            portal_on_time = due is None or due >= judged
        elif state == "finished" and u[1] < STATUS_NOT_SYNCED + FINISH_DAY_SHIFT and finished is not None:
            planted["date_differs"].append(code)
            finished = finished + dt.timedelta(days=3)
            portal_on_time = portal_on_time and (due is None or finished <= due)
        if row["on_time"] and not portal_on_time:
            delta[unit]["dossiers_on_time"] -= 1
        paid = bool(row["fee_required"] and row["paid_online"])
        if paid and u[2] < PAYMENT_NOT_SYNCED:
            planted["payment_missing"].append(code)
            delta[unit]["fee_dossiers_paid_online"] -= 1
            paid = False
        portal_unit, portal_proc = unit, row["procedure_code"]
        others = [c for c in siblings.get(parents.get(unit) or "", []) if c != unit]
        if others and u[3] < UNIT_CODE_WRONG:
            planted["unit_mismatch"].append(code)
            portal_unit = others[int(u[4] * len(others))]
        elif u[3] < UNIT_CODE_WRONG + PROCEDURE_CODE_WRONG:
            planted["procedure_mismatch"].append(code)
            portal_proc = _wrong_procedure(portal_proc)
        out.append(
            {
                "code": code,
                "unit_code": portal_unit,
                "procedure_code": portal_proc,
                "status": status,
                "received_at": row["received_at"],
                "due_at": due,
                "finished_at": finished,
                "paid_online": paid if row["fee_required"] else False,
            }
        )
    # Dossiers received on the previous month's last day that the portal counts in this month.
    eve = p.start - dt.timedelta(days=1)
    late = store.con.execute(
        "SELECT d.code, d.unit_code, d.procedure_code, d.effective_due_at, d.terminal_state, d.terminal_at "
        "FROM dossiers d JOIN unit_closure c ON c.unit_code = d.unit_code AND c.ancestor_code = ? "
        "WHERE d.received_day = ? AND d.synced ORDER BY d.code LIMIT ?",
        [province, eve, OTHER_PERIOD_MAX],
    ).fetchall()
    first_morning = dt.datetime.combine(p.start, dt.time(7, 30), tzinfo=VN_TZ)
    for code, unit, proc, due, state, at in late:
        planted["other_period"].append(code)
        out.append(
            {
                "code": code,
                "unit_code": unit,
                "procedure_code": proc,
                "status": STATUS_TEXT[state if at is not None and at <= window.as_of else None],
                "received_at": first_morning,
                "due_at": due,
                "finished_at": at if state else None,
                "paid_online": False,
            }
        )
    out.sort(key=lambda r: r["code"])
    results, broken = _published(store, province, p, window.as_of, m, delta, rng)
    return PortalView(p, results, out, dict(planted), broken)


def _published(
    store: Store,
    province: str,
    period: Period,
    as_of: dt.datetime,
    m: Any,
    delta: dict[str, dict[str, int]],
    rng: np.random.Generator,
) -> tuple[dict[str, Any], str | None]:
    """The published table: the engine's counts minus the planted gaps, scored; one commune's total broken."""
    sql = "SELECT code FROM units WHERE root_code = ? ORDER BY code"
    units = [str(r[0]) for r in store.con.execute(sql, [province]).fetchall()]
    info = unit_info(store, units)
    counts = compute_counts(store, period, as_of=as_of, units=units, methodology=m)
    inputs = inputs_from_counts(counts, info, m)
    ancestors: dict[str, list[str]] = defaultdict(list)
    for anc, unit in store.con.execute(
        "SELECT ancestor_code, unit_code FROM unit_closure WHERE unit_code IN (SELECT unnest(?))", [units]
    ).fetchall():
        ancestors[unit].append(anc)
    # Roll every unit's change up to its ancestors (a parent is scored on summed counts).
    rolled: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for unit, unit_changes in delta.items():
        for anc in ancestors.get(unit, [unit]):
            for key, n in unit_changes.items():
                rolled[anc][key] += n
    adjusted: list[UnitInput] = []
    for ui in inputs:
        changes: dict[str, int] = rolled.get(ui.id) or {}
        if not changes:
            adjusted.append(ui)
            continue
        metrics = dict(ui.metrics)
        for ind in m.indicators:
            n = changes.get(ind.rule_for(ui.level).counting, 0)
            c = metrics.get(ind.code)
            if n and c is not None and c.numerator is not None:
                metrics[ind.code] = Count(max(0.0, c.numerator + n), c.denominator)
        adjusted.append(UnitInput(ui.id, ui.name, ui.level, metrics, ui.parent))
    scores = rank_peers(score_units(m, adjusted))
    doc = {"methodology": m.id, "units": [s.to_json() for s in scores]}
    gaps = sorted(
        ((sum(-v for v in delta[s.id].values()), s.id) for s in scores if s.level == "commune" and s.id in delta),
        reverse=True,
    )
    broken = gaps[int(rng.random() * min(3, len(gaps)))][1] if gaps else None
    for u in doc["units"]:
        if u["id"] == broken:
            total = float(u["total"])
            u["total"] = round(total + TOTAL_ERROR if total + TOTAL_ERROR <= 100 else total - TOTAL_ERROR, 2)
    return doc, broken
