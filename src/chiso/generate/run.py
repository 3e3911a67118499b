"""Generating a province or the whole country into a store: units, catalogue, dossiers, histories, payments, PAKN.

Replacing, not failing: generating a province the store already holds first deletes that province's catalogue,
dossiers (with their events, payments and facts) and PAKN — whatever their origin — then writes the new data. Units
are upserted (same official codes). ``generate_province`` does it all in one transaction, so a failed run leaves the
store as it was; ``generate_country`` commits province by province (see its docstring).
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa

from chiso.errors import ChisoError
from chiso.generate.arrow import ChunkWriter
from chiso.generate.calendar import Calendar, calendar
from chiso.generate.catalogue import Catalogue, build_catalogue
from chiso.generate.dossiers import day_weights, dossier_block
from chiso.generate.petitions import petition_block
from chiso.generate.profiles import Profiles, draw_profiles
from chiso.generate.randomness import stream
from chiso.reference.units import ProvinceInfo, province_units, provinces, resolve_province
from chiso.store.calendar import CALENDAR_END, CALENDAR_START
from chiso.store.db import Store
from chiso.store.facts import refresh_facts
from chiso.store.writer import write_records, write_units
from chiso.timeutil import format_date_vi, format_number_vi, now_vn

# Σ over a month of (season × working day): a month of average demand. Monthly volumes are per such month.
REFERENCE_MONTH = 21.0
DEFAULT_CHUNK_ROWS = 500_000

ProgressFn = Callable[[int, int, str], None]
"""progress(done, total, label): called after each unit-month with the count of unit-months done."""


class GenerateError(ChisoError):
    """Generator parameters that cannot be used (message in Vietnamese)."""


@dataclass(frozen=True)
class Month:
    """One calendar month of the window, clipped to ``end``: key yyyymm and day indices."""

    key: int
    days: np.ndarray


@dataclass(frozen=True)
class Window:
    """The generated period: whole months from ``start`` up to ``end`` (the last month is the live one)."""

    start: dt.date
    end: dt.date
    months: tuple[Month, ...]
    cutoff_us: int  # end of the ``end`` day: nothing happens after it

    @classmethod
    def of(cls, cal: Calendar, end: dt.date, months: int) -> Window:
        """The ``months`` calendar months ending with the month of ``end``."""
        y, m = end.year, end.month - (months - 1)
        while m <= 0:
            y, m = y - 1, m + 12
        start = dt.date(y, m, 1)
        out = []
        cur = start
        while cur <= end:
            nxt = dt.date(cur.year + (cur.month == 12), cur.month % 12 + 1, 1)
            last = min(end, nxt - dt.timedelta(days=1))
            out.append(Month(cur.year * 100 + cur.month, np.arange(cal.index(cur), cal.index(last) + 1)))
            cur = nxt
        cutoff = int(cal.midnight_us(cal.index(end) + 1))
        return cls(start, end, tuple(out), cutoff)


@dataclass
class GenerateSummary:
    """What a generation wrote (printable in Vietnamese)."""

    provinces: list[str]
    start: dt.date
    end: dt.date
    months: int
    seed: int
    scale: float
    units: dict[str, int] = field(default_factory=dict)  # by level
    procedures: dict[str, int] = field(default_factory=dict)  # by level
    dossiers: int = 0
    events: int = 0
    payments: int = 0
    petitions: int = 0
    replaced_dossiers: int = 0
    seconds: float = 0.0

    def lines_vi(self) -> list[str]:
        """The summary as Vietnamese lines."""
        where = self.provinces[0] if len(self.provinces) == 1 else f"{len(self.provinces)} tỉnh, thành phố"
        n = format_number_vi
        u = self.units
        p = self.procedures
        lines = [
            f"Đã sinh dữ liệu {where} từ {format_date_vi(self.start)} đến {format_date_vi(self.end)} "
            f"({self.months} tháng, hạt giống {self.seed}, hệ số quy mô {n(self.scale, 4)}):",
            f"- {n(sum(u.values()))} đơn vị: {n(u.get('province', 0))} tỉnh, thành phố; "
            f"{n(u.get('department', 0))} sở, ban, ngành; {n(u.get('commune', 0))} xã, phường, đặc khu",
            f"- {n(sum(p.values()))} TTHC: {n(p.get('province', 0))} cấp tỉnh, {n(p.get('commune', 0))} cấp xã",
            f"- {n(self.dossiers)} hồ sơ, {n(self.events)} sự kiện xử lý, {n(self.payments)} giao dịch thanh toán, "
            f"{n(self.petitions)} phản ánh, kiến nghị (PAKN)",
        ]
        if self.replaced_dossiers:
            lines.append(f"- Đã thay thế dữ liệu cũ của tỉnh ({n(self.replaced_dossiers)} hồ sơ).")
        if self.seconds:
            lines.append(f"- Thời gian: {n(round(self.seconds, 1))} giây")
        return lines

    def __str__(self) -> str:
        return "\n".join(self.lines_vi())

    def __rich__(self) -> str:
        return str(self)


def _validate(months: int, seed: int, end: dt.date, scale: float, cal: Calendar) -> None:
    if months < 1 or months > 120:
        raise GenerateError(f"Số tháng phải từ 1 đến 120 (đang là {months}).")
    if seed < 0:
        raise GenerateError(f"Hạt giống phải là số nguyên không âm (đang là {seed}).")
    if not scale > 0:
        raise GenerateError(f"Hệ số quy mô phải lớn hơn 0 (đang là {scale}).")
    earliest = CALENDAR_START + dt.timedelta(days=70 + 31 * months)
    latest = CALENDAR_END - dt.timedelta(days=400)
    if end < earliest or end > latest:
        raise GenerateError(
            f"Ngày kết thúc {format_date_vi(end)} nằm ngoài lịch làm việc chiso biết: chọn ngày từ "
            f"{format_date_vi(earliest)} đến {format_date_vi(latest)}."
        )


@dataclass
class _Plan:
    """One province's drawn structure (cheap): units, profiles, catalogue, demand weights, expected volumes."""

    info: ProvinceInfo
    units: pa.Table
    codes: list[str]
    profiles: Profiles
    catalogue: Catalogue
    proc_idx: list[np.ndarray]
    proc_p: list[np.ndarray]
    difficulty: np.ndarray  # per unit: demand-weighted mean difficulty of its TTHC
    expected: np.ndarray  # [unit, month] dossiers at scale 1.0
    petitions: np.ndarray  # [unit, month] PAKN at scale 1.0
    gateway_dvcqg: float


def _plan(info: ProvinceInfo, seed: int, window: Window, cal: Calendar) -> _Plan:
    units = province_units(info.code)
    codes = units.column("code").to_pylist()
    levels = units.column("level").to_pylist()
    first, last = int(window.months[0].days[0]), int(window.months[-1].days[-1])
    prof = draw_profiles(seed, info.code, units, (first, last))
    cat = build_catalogue(seed, info.code, cal, (first, last))
    e_copy = units.column("e_certified_copy").to_numpy(zero_copy_only=False) | prof.e_certified_copy
    units = units.set_column(units.schema.get_field_index("e_certified_copy"), "e_certified_copy", pa.array(e_copy))
    commune_procs = np.flatnonzero(cat.level == "commune")
    proc_idx: list[np.ndarray] = []
    proc_p: list[np.ndarray] = []
    for i, (code, level) in enumerate(zip(codes, levels, strict=True)):
        if level == "commune":
            idx = commune_procs
        elif level == "department":
            idx = np.flatnonzero(cat.agency == code)
        else:
            idx = np.zeros(0, dtype=np.int64)
        rng = stream(seed, info.code, "weights", code)
        w = cat.demand[idx] * rng.lognormal(0.0, 0.6, len(idx))
        # Not every unit sees every TTHC: rare ones are simply never asked for in some units.
        w = np.where((rng.random(len(idx)) < 0.12) & (cat.demand[idx] < 20), 0.0, w)
        if level == "commune" and not e_copy[i] and cat.e_copy >= 0:
            w = np.where(idx == cat.e_copy, 0.0, w)
        total = w.sum()
        if total <= 0:
            idx, w, total = idx[:0], w[:0], 1.0
        proc_idx.append(idx.astype(np.int64))
        proc_p.append(w / total)
    difficulty = np.array(
        [float((cat.difficulty[ix] * p).sum()) or 1.0 for ix, p in zip(proc_idx, proc_p, strict=True)]
    )
    n, m = len(codes), len(window.months)
    expected = np.zeros((n, m))
    pet = np.zeros((n, m))
    for j, month in enumerate(window.months):
        w_office, w_online = day_weights(cal, month.days)
        s = (1.0 - prof.online) * w_office.sum() + prof.online * w_online.sum()
        expected[:, j] = prof.monthly * s / REFERENCE_MONTH
        full = cal.date(int(month.days[0]))
        days_in_month = (dt.date(full.year + (full.month == 12), full.month % 12 + 1, 1) - full).days
        pet[:, j] = prof.petitions * len(month.days) / days_in_month
    gateway = float(stream(seed, info.code, "weights", "gateway").uniform(0.3, 0.9))
    return _Plan(info, units, codes, prof, cat, proc_idx, proc_p, difficulty, expected, pet, gateway)


def _delete_province(store: Store, info: ProvinceInfo, codes: list[str]) -> int:
    """Delete the province's records (any origin) so the new ones can be inserted; returns dossiers deleted.
    Facts live on the dossier rows, so they go with them."""
    con = store.con
    con.register("_gen_units", pa.table({"code": pa.array(codes, pa.string())}))
    try:
        row = con.execute("SELECT count(*) FROM dossiers WHERE unit_code IN (SELECT code FROM _gen_units)").fetchone()
        deleted = int(row[0]) if row else 0
        mine = "SELECT code FROM dossiers WHERE unit_code IN (SELECT code FROM _gen_units)"
        if deleted:
            con.execute(f"DELETE FROM dossier_events WHERE dossier_code IN ({mine})")
            con.execute(f"DELETE FROM payments WHERE dossier_code IN ({mine})")
            con.execute("DELETE FROM dossiers WHERE unit_code IN (SELECT code FROM _gen_units)")
        con.execute("DELETE FROM petitions WHERE unit_code IN (SELECT code FROM _gen_units)")
        con.execute("DELETE FROM procedures WHERE authority_code = ?", [info.code])
    finally:
        con.unregister("_gen_units")
    return deleted


def _count_dossiers(store: Store, codes: list[str]) -> int:
    store.con.register("_gen_count_units", pa.table({"code": pa.array(codes, pa.string())}))
    try:
        row = store.con.execute(
            "SELECT count(*) FROM dossiers WHERE unit_code IN (SELECT code FROM _gen_count_units)"
        ).fetchone()
    finally:
        store.con.unregister("_gen_count_units")
    return int(row[0]) if row else 0


def _codes(parts: list[pa.ChunkedArray]) -> pa.ChunkedArray:
    return pa.chunked_array([c for col in parts for c in col.chunks], pa.string())


def _count_levels(values: list[str]) -> dict[str, int]:
    out: dict[str, int] = {}
    for v in values:
        out[v] = out.get(v, 0) + 1
    return out


def _generate_plan(
    store: Store,
    plan: _Plan,
    seed: int,
    window: Window,
    cal: Calendar,
    scale: float,
    *,
    chunk_rows: int,
    summary: GenerateSummary,
    tick: Callable[[str], None],
    written_codes: list[pa.ChunkedArray] | None,
) -> None:
    """Write one planned province's catalogue and records (inside the caller's transaction; units are written
    by the caller). Dossier codes are appended to ``written_codes`` when given (for a partial facts refresh)."""
    info = plan.info
    write_records(store, {"procedures": plan.catalogue.table}, fresh=True, refresh=False)

    def write(tables: dict[str, pa.Table]) -> None:
        write_records(store, tables, fresh=True, refresh=False)
        if written_codes is not None:
            written_codes.append(tables["dossiers"].column("code"))

    writer = ChunkWriter(write, pa.array(plan.codes, pa.string()), plan.catalogue, cal, chunk_rows)
    pet_scale = max(scale, 1.0)  # PAKN are few (about one per commune a month): never scaled down
    for j, month in enumerate(window.months):
        for i, code in enumerate(plan.codes):
            if plan.expected[i, j] <= 0 and plan.petitions[i, j] <= 0:
                continue
            rng = stream(seed, info.code, "dossiers", code, month.key)
            block = dossier_block(
                rng,
                unit=i,
                prof=plan.profiles,
                cat=plan.catalogue,
                proc_idx=plan.proc_idx[i],
                proc_p=plan.proc_p[i],
                cal=cal,
                days=month.days,
                cutoff_us=window.cutoff_us,
                expected=plan.expected[i, j] * scale,
                gateway_dvcqg=plan.gateway_dvcqg,
                difficulty_norm=float(plan.difficulty[i]),
            )
            prng = stream(seed, info.code, "petitions", code, month.key)
            petitions = petition_block(
                prng,
                unit=i,
                prof=plan.profiles,
                cal=cal,
                days=month.days,
                cutoff_us=window.cutoff_us,
                expected=plan.petitions[i, j] * pet_scale,
            )
            writer.add(block, petitions)
            tick(info.short_name)
    writer.flush()
    for k, v in _count_levels(plan.units.column("level").to_pylist()).items():
        summary.units[k] = summary.units.get(k, 0) + v
    for k, v in _count_levels(plan.catalogue.table.column("level").to_pylist()).items():
        summary.procedures[k] = summary.procedures.get(k, 0) + v
    summary.dossiers += writer.counts["dossiers"]
    summary.events += writer.counts["dossier_events"]
    summary.payments += writer.counts["payments"]
    summary.petitions += writer.counts["petitions"]


def _work(plans: list[_Plan]) -> int:
    return sum(int((p.expected > 0).sum() + ((p.expected <= 0) & (p.petitions > 0)).sum()) for p in plans)


def _scale_for(plans: list[_Plan], target_dossiers: int | None, scale: float) -> float:
    if target_dossiers is None:
        return scale
    if target_dossiers <= 0:
        raise GenerateError(f"Số hồ sơ mục tiêu phải lớn hơn 0 (đang là {target_dossiers}).")
    total = sum(float(p.expected.sum()) for p in plans)
    return target_dossiers / total if total > 0 else scale


def _run(
    store: Store,
    infos: list[ProvinceInfo],
    months: int,
    seed: int,
    end: dt.date | None,
    scale: float,
    target_dossiers: int | None,
    progress: ProgressFn | None,
    chunk_rows: int,
    per_province_transaction: bool,
) -> GenerateSummary:
    started = time.perf_counter()
    cal = calendar()
    end = end or now_vn().date()
    _validate(months, seed, end, scale, cal)
    window = Window.of(cal, end, months)
    plans = [_plan(info, seed, window, cal) for info in infos]
    scale = _scale_for(plans, target_dossiers, scale)
    summary = GenerateSummary(
        provinces=[p.info.name for p in plans],
        start=window.start,
        end=window.end,
        months=months,
        seed=seed,
        scale=scale,
    )
    total = _work(plans)
    done = 0

    def tick(label: str) -> None:
        nonlocal done
        done += 1
        if progress is not None:
            progress(done, total, label)

    def province(plan: _Plan, codes: list[pa.ChunkedArray] | None) -> None:
        summary.replaced_dossiers += _delete_province(store, plan.info, plan.codes)
        _generate_plan(
            store, plan, seed, window, cal, scale, chunk_rows=chunk_rows, summary=summary, tick=tick,
            written_codes=codes,
        )  # fmt: skip

    # One unit write for all provinces: the closure is rebuilt once, not once per province.
    units = pa.concat_tables([p.units for p in plans])
    if per_province_transaction:
        with store.transaction():
            write_units(store, units)
        # The whole country: one transaction per province keeps each commit (and a failure) to one province; the
        # facts are computed once at the end, in one statement, when the store held no other dossiers.
        empty = store.count("dossiers") == 0
        for plan in plans:
            with store.transaction():
                codes: list[pa.ChunkedArray] | None = None if empty else []
                province(plan, codes)
                if codes:
                    refresh_facts(store, _codes(codes))
        if empty:
            with store.transaction():
                refresh_facts(store, None)
    else:
        with store.transaction():
            write_units(store, units)
            others = store.count("dossiers") - sum(_count_dossiers(store, p.codes) for p in plans)
            all_codes: list[pa.ChunkedArray] | None = None if others == 0 else []
            for plan in plans:
                province(plan, all_codes)
            if all_codes is None:
                refresh_facts(store, None)
            elif all_codes:
                refresh_facts(store, _codes(all_codes))
    summary.seconds = time.perf_counter() - started
    return summary


def generate_province(
    store: Store,
    province: str | int,
    months: int = 6,
    seed: int = 766,
    end: dt.date | None = None,
    scale: float = 1.0,
    *,
    target_dossiers: int | None = None,
    progress: ProgressFn | None = None,
    chunk_rows: int = DEFAULT_CHUNK_ROWS,
) -> GenerateSummary:
    """Generate one province (code or name) for the ``months`` calendar months ending with the month of ``end``
    (default: today, Vietnam time; the last month is live — generated up to the end of ``end``).

    ``scale`` multiplies dossier volumes (1.0 ≈ real volumes: ~10 million dossiers a month for the country; PAKN,
    about one per commune a month, keep their real volume when scaled down);
    ``target_dossiers`` sets the scale so the expected number of dossiers is that. Same arguments → the same
    records. Existing data of the province is replaced (see the module docstring). All in one transaction."""
    info = resolve_province(province)
    return _run(store, [info], months, seed, end, scale, target_dossiers, progress, chunk_rows, False)


def generate_country(
    store: Store,
    months: int = 1,
    seed: int = 766,
    end: dt.date | None = None,
    scale: float = 1.0,
    *,
    target_dossiers: int | None = None,
    progress: ProgressFn | None = None,
    chunk_rows: int = DEFAULT_CHUNK_ROWS,
) -> GenerateSummary:
    """Generate all 34 provinces (their 3,321 communes and their departments) like :func:`generate_province`.

    Memory stays bounded: records are written in chunks of ``chunk_rows`` dossiers, one transaction per province;
    derived facts are computed once at the end (one SQL statement) when the store held no dossiers before — a run
    interrupted before that leaves dossiers without facts: run it again (it replaces what it wrote)."""
    return _run(store, list(provinces()), months, seed, end, scale, target_dossiers, progress, chunk_rows, True)
