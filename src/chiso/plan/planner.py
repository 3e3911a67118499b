"""The planner: the fewest records to act on for a unit to reach a target class or score.

From the explain data of every counting key (which records are in a denominator but not its numerator, read per
record by the engine's own expressions on the overlaid tables, :mod:`chiso.plan.overlay`), each candidate action on
each record gets its exact change of numerators and denominators. Counts then add up in Python and are re-scored with
:func:`chiso.score.score_unit` — exactly, because points are rounded per indicator and thresholds make gains
non-linear. The search is greedy by points gained per record, then a pruning pass shrinks every action to the fewest
records that still reach the target. The final plan is re-checked with the engine on the overlaid tables.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from chiso.compute.metrics import DOSSIER_KEYS, PETITION_KEYS, PROCEDURE_KEYS
from chiso.errors import ChisoError
from chiso.plan.actions import KINDS, RECORD_VI, Actions
from chiso.plan.overlay import (
    dossier_flags_build,
    petition_flags_build,
    procedure_flags_build,
    run_overlaid,
)
from chiso.plan.whatif import Context, WhatIf, what_if
from chiso.score import UnitScore
from chiso.timeutil import format_number_vi

PAYMENT_FORMALITY_KEY = "fee_procedures_with_online_payment"
BATCH_RATE = 0.95  # a greedy step takes the largest batch whose points per record are ≥ 95 % of the best
PAYMENT_DOSSIER_KEY = "fee_dossiers_paid_online"

# Which records each dossier kind can act on: those in the key's denominator and not its numerator.
_DOSSIER_CANDIDATE_KEY = {
    "sync": "dossiers_synced",
    "pay_online": PAYMENT_DOSSIER_KEY,
    "e_result": "result_dossiers_with_e_result",
    "digitise": "dossiers_digitised",
}


class PlanError(ChisoError):
    """A plan request that cannot be answered (unknown target class, …)."""


Change = dict[str, tuple[int, int]]  # key → (numerator, denominator) of one record, before or after


@dataclass(frozen=True)
class Candidate:
    """One action on one record and what it changes in the counts."""

    kind: str
    code: str
    before: Change
    after: Change
    procedure_code: str | None = None

    def gained_keys(self, used: set[str]) -> int:
        return sum(1 for k, (n, _) in self.after.items() if k in used and n > self.before[k][0])


@dataclass(frozen=True)
class Step:
    """One line of a plan: an action on some records and the points it adds (in the plan's order)."""

    kind: str
    label: str
    source: str
    codes: tuple[str, ...]
    points: float

    @property
    def records_vi(self) -> str:
        """The count in words, e.g. "12 hồ sơ"."""
        return f"{format_number_vi(len(self.codes))} {RECORD_VI[self.source]}"


@dataclass(frozen=True)
class Plan:
    """A plan to reach ``target`` points: the steps, the resulting score (checked by the engine) and a message."""

    context: Context
    target: float
    target_label: str
    steps: tuple[Step, ...]
    result: WhatIf
    reached: bool
    message: str
    predicted: float = 0.0  # the search's own total for the plan (equals the engine's: tests check it)
    candidates: dict[str, int] = field(default_factory=dict)  # records available per kind

    @property
    def actions(self) -> Actions:
        """The plan's actions, ready for :func:`chiso.plan.what_if` or :func:`chiso.plan.apply_actions`."""
        return Actions({s.kind: frozenset(s.codes) for s in self.steps}, self.context.window.as_of)

    @property
    def size(self) -> int:
        """Records to act on."""
        return sum(len(s.codes) for s in self.steps)

    def to_json(self) -> dict[str, Any]:
        """The plan as the web API and ``chiso plan --json`` return it."""
        before, after = self.result.before, self.result.after
        return {
            "unit": self.context.info.code,
            "name": self.context.info.name,
            "period": self.context.period.key,
            "as_of": self.context.window.as_of.isoformat(),
            "target": {"total": self.target, "label": self.target_label},
            "reached": self.reached,
            "message": self.message,
            "records": self.size,
            "before": _brief(before),
            "after": _brief(after),
            "steps": [
                {"kind": s.kind, "label": s.label, "source": s.source, "records": list(s.codes), "points": s.points}
                for s in self.steps
            ],
            "candidates": dict(self.candidates),
        }


def _brief(s: UnitScore) -> dict[str, Any]:
    return {
        "total": s.total,
        "classification": s.classification,
        "classification_name": s.classification_name,
        "rank": s.rank,
        "peers": s.peers,
        "groups": dict(s.groups),
    }


# --------------------------------------------------------------------------------------------------------------
# Candidates from the explain data


def _flags(row: dict[str, Any], keys: Iterable[str]) -> Change:
    return {k: (int(row[f"{k}__num"] or 0), int(row[f"{k}__den"] or 0)) for k in keys}


def _changed(kind: str, code: str, before: Change, after: Change, proc: str | None = None) -> Candidate | None:
    diff = {k for k in after if after[k] != before[k]}
    if not diff:
        return None
    if any(after[k][0] < before[k][0] or after[k][1] != before[k][1] for k in diff):
        # An action that would cost points on some key (e.g. finishing a dossier waiting for the applicant, now
        # late) is never proposed.
        return None
    return Candidate(kind, code, {k: before[k] for k in diff}, {k: after[k] for k in diff}, proc)


def candidates(context: Context, kinds: Iterable[str] | None = None) -> dict[str, list[Candidate]]:
    """Every action each kind can take on the unit's records, with its exact change of counts (records whose change
    would lose points are left out)."""
    c = context
    chosen = list(kinds) if kinds is not None else list(KINDS)
    unit = [c.info.code]

    def run(name: str, build: Any, actions: Actions) -> list[dict[str, Any]]:
        rows: list[dict[str, Any]] = run_overlaid(
            c.store, c.window, unit, name, build, actions, c.authority
        ).to_pylist()
        return rows

    out: dict[str, list[Candidate]] = {}
    dossier_kinds = [k for k in chosen if KINDS[k][0] == "dossier"]
    if dossier_kinds:
        base = {r["code"]: r for r in run("dossier_flags", dossier_flags_build, Actions())}
        for kind in dossier_kinds:
            if kind == "finish":
                codes = [code for code, r in base.items() if not r["is_terminal"]]
            else:
                key = _DOSSIER_CANDIDATE_KEY[kind]
                codes = [code for code, r in base.items() if r[f"{key}__den"] and not r[f"{key}__num"]]
            found: list[Candidate] = []
            if codes:
                after = run("dossier_flags", dossier_flags_build, Actions({kind: frozenset(codes)}))
                for r in after:
                    if r["code"] in codes:
                        b = base[r["code"]]
                        cand = _changed(
                            kind,
                            r["code"],
                            _flags(b, DOSSIER_KEYS),
                            _flags(r, DOSSIER_KEYS),
                            b["procedure_code"],
                        )
                        if cand is not None:
                            found.append(cand)
            out[kind] = found
    if "answer_petition" in chosen:
        base = {r["code"]: r for r in run("petition_flags", petition_flags_build, Actions())}
        codes = [code for code, r in base.items() if r["is_open"]]
        found = []
        if codes:
            for r in run("petition_flags", petition_flags_build, Actions.of(answer_petition=codes)):
                if r["code"] in codes:
                    cand = _changed(
                        "answer_petition", r["code"], _flags(base[r["code"]], PETITION_KEYS), _flags(r, PETITION_KEYS)
                    )
                    if cand is not None:
                        found.append(cand)
        out["answer_petition"] = found
    if "integrate_payment" in chosen:
        base = {r["procedure_code"]: r for r in run("procedure_flags", procedure_flags_build, Actions())}
        key = "fee_procedures_integrated"
        codes = [code for code, r in base.items() if r[f"{key}__den"] and not r[f"{key}__num"]]
        found = []
        if codes:
            for r in run("procedure_flags", procedure_flags_build, Actions.of(integrate_payment=codes)):
                code = r["procedure_code"]
                if code in codes:
                    cand = _changed(
                        "integrate_payment", code, _flags(base[code], PROCEDURE_KEYS), _flags(r, PROCEDURE_KEYS)
                    )
                    if cand is not None:
                        found.append(cand)
        out["integrate_payment"] = found
    return out


def _unpaid_procedures(context: Context) -> set[str]:
    """Fee-bearing TTHC of the unit with no online payment yet: one paid dossier of each adds to the formality
    indicator (a TTHC counts once however many of its dossiers are paid, spec §2 TTTT)."""
    rows = run_overlaid(
        context.store,
        context.window,
        [context.info.code],
        "procedure_flags",
        procedure_flags_build,
        Actions(),
        context.authority,
    ).to_pylist()
    key = PAYMENT_FORMALITY_KEY
    return {r["procedure_code"] for r in rows if r[f"{key}__den"] and not r[f"{key}__num"]}


# --------------------------------------------------------------------------------------------------------------
# Counting and searching


class _Model:
    """Counts and scores of any prefix of each kind's ordered candidates, without touching the database.

    Per kind, cumulative count changes over its ordered candidates make a prefix cost nothing to add up; where two
    kinds change the same key of the same record (an e-result and a digitisation of one dossier), the record's
    change is the larger of the two, not their sum, and a correction over the shared records says so."""

    def __init__(self, context: Context, cands: dict[str, list[Candidate]], unpaid: set[str]) -> None:
        self.context = context
        self.unpaid = unpaid
        used = {
            ind.rule_for(context.info.level).counting
            for ind in context.methodology.indicators
            if ind.rule_for(context.info.level).applies
        }
        if "pay_online" in cands:
            used.add(PAYMENT_FORMALITY_KEY)
        self.order: dict[str, list[Candidate]] = {}
        for kind, items in cands.items():
            ranked = sorted(items, key=lambda x: (-x.gained_keys(used), x.code))
            if kind == "pay_online":
                # The first paid dossier of a TTHC with none also lifts the formality indicator: those first.
                seen: set[str] = set()
                first, rest = [], []
                for cand in ranked:
                    if cand.procedure_code in unpaid and cand.procedure_code not in seen:
                        seen.add(cand.procedure_code or "")
                        first.append(cand)
                    else:
                        rest.append(cand)
                ranked = first + rest
            if ranked:
                self.order[kind] = ranked
        # Cumulative changes per kind: key → [change after 0, 1, 2, … candidates].
        self.prefix: dict[str, dict[str, list[tuple[int, int]]]] = {}
        for kind, items in self.order.items():
            keys = sorted({k for c in items for k in c.after})
            cum = {k: [(0, 0)] for k in keys}
            for c in items:
                for k in keys:
                    n, d = cum[k][-1]
                    if k in c.after:
                        n += c.after[k][0] - c.before[k][0]
                        d += c.after[k][1] - c.before[k][1]
                    cum[k].append((n, d))
            if kind == "pay_online":
                bonus, seen_procs = [(0, 0)], set()
                for c in items:
                    if c.procedure_code in unpaid and c.procedure_code not in seen_procs:
                        seen_procs.add(c.procedure_code)
                        bonus.append((bonus[-1][0] + 1, 0))
                    else:
                        bonus.append(bonus[-1])
                cum[f"{PAYMENT_FORMALITY_KEY}+"] = bonus
            self.prefix[kind] = cum
        self.position = {kind: {c.code: i for i, c in enumerate(items)} for kind, items in self.order.items()}
        kinds = list(self.order)
        self.overlaps = [
            (a, b)
            for x, a in enumerate(kinds)
            for b in kinds[x + 1 :]
            if KINDS[a][0] == KINDS[b][0]
            and {k for c in self.order[a] for k in c.after} & {k for c in self.order[b] for k in c.after}
        ]
        self._cache: dict[tuple[tuple[str, int], ...], UnitScore] = {}

    def counts(self, state: dict[str, int]) -> dict[str, Any]:
        row = dict(self.context.counts)
        for kind, n in state.items():
            for key, cum in self.prefix.get(kind, {}).items():
                dn, dd = cum[n]
                if key.endswith("+"):
                    key = key[:-1]
                row[f"{key}__num"] += dn
                row[f"{key}__den"] += dd
        for a, b in self.overlaps:
            na, nb = state.get(a, 0), state.get(b, 0)
            if not na or not nb:
                continue
            small, other, n_other = (a, b, nb) if na <= nb else (b, a, na)
            pos = self.position[other]
            for cand in self.order[small][: state[small]]:
                i = pos.get(cand.code)
                if i is None or i >= n_other:
                    continue
                peer = self.order[other][i]
                for key in cand.after.keys() & peer.after.keys():
                    (n1, d1), (n2, d2), (n0, d0) = cand.after[key], peer.after[key], cand.before[key]
                    # Counted twice as (n1 − n0) + (n2 − n0); the record really moved by max(n1, n2) − n0.
                    row[f"{key}__num"] -= min(n1, n2) - n0
                    row[f"{key}__den"] -= min(d1, d2) - d0
        return row

    def score(self, state: dict[str, int]) -> UnitScore:
        """The unit's score (not ranked) with the first ``state[kind]`` candidates of each kind acted on."""
        key = tuple(sorted((k, v) for k, v in state.items() if v))
        found = self._cache.get(key)
        if found is None:
            found = self.context.score_only(self.counts(state))
            self._cache[key] = found
        return found


def _sizes(remaining: int) -> list[int]:
    sizes, n = [], 1
    while n < remaining:
        sizes.append(n)
        n *= 2
    sizes.append(remaining)
    return sizes


def _prune(model: _Model, target: float, state: dict[str, int], picked: list[str]) -> dict[str, int]:
    """Shrink each action to the fewest records that still reach the target (the others held), until stable."""
    state = dict(state)
    changed = True
    while changed:
        changed = False
        for kind in reversed(picked):
            lo, hi = 0, state.get(kind, 0)
            while lo < hi:
                mid = (lo + hi) // 2
                if model.score({**state, kind: mid}).total >= target:
                    hi = mid
                else:
                    lo = mid + 1
            if lo < state.get(kind, 0):
                state[kind] = lo
                changed = True
    return state


def _search(model: _Model, target: float) -> tuple[dict[str, int], list[str]]:
    """Greedy by points per record; at every step the cheapest way to finish from there with one more action is
    kept as a complete solution; each solution is pruned and the one with the fewest records wins. Returns the
    records taken per kind and the order the kinds came in (when nothing reaches the target: every gain found)."""
    state = {k: 0 for k in model.order}
    picked: list[str] = []
    current = model.score(state)
    solutions: list[tuple[dict[str, int], list[str]]] = []
    while True:
        if current.total >= target:
            solutions.append((dict(state), list(picked)))
            break
        best: tuple[float, int, str] | None = None  # (rate, size, kind)
        rates: list[tuple[float, int, str]] = []
        for kind, items in model.order.items():
            remaining = len(items) - state[kind]
            if remaining <= 0:
                continue
            for size in _sizes(remaining):
                trial = model.score({**state, kind: state[kind] + size})
                gain = trial.total - current.total
                if gain <= 0:
                    continue
                if trial.total >= target:
                    lo, hi = 1, size  # the fewest records of this kind that finish from here
                    while lo < hi:
                        mid = (lo + hi) // 2
                        if model.score({**state, kind: state[kind] + mid}).total >= target:
                            hi = mid
                        else:
                            lo = mid + 1
                    order = picked if kind in picked else [*picked, kind]
                    solutions.append(({**state, kind: state[kind] + lo}, list(order)))
                rate = gain / size
                rates.append((rate, size, kind))
                if best is None or rate > best[0] + 1e-12:
                    best = (rate, size, kind)
        if best is None:
            break
        # Take the largest batch of the best kind that is nearly as efficient: gains are close to linear within a
        # kind, so this saves hundreds of one-record steps; pruning gives back any overshoot.
        size = max(sz for r, sz, k in rates if k == best[2] and r >= BATCH_RATE * best[0])
        kind = best[2]
        state[kind] += size
        if kind not in picked:
            picked.append(kind)
        current = model.score(state)
    if not solutions:
        return state, [k for k in picked if state[k]]
    pruned = [(_prune(model, target, s, order), order) for s, order in solutions]
    state, order = min(pruned, key=lambda x: (sum(x[0].values()), -model.score(x[0]).total))
    return state, [k for k in order if state.get(k)]


def target_total(context: Context, target_class: str | None, target_score: float | None) -> tuple[float, str]:
    """The total to reach and its Vietnamese label: a score, a class's lower bound, or (default) the next class."""
    m = context.methodology
    if target_score is not None:
        if not 0 <= target_score <= 100:
            raise PlanError(f"Điểm mục tiêu phải từ 0 đến 100 (nhận được {format_number_vi(target_score)}).")
        return float(target_score), f"{format_number_vi(target_score)} điểm"
    if target_class is not None:
        wanted = target_class.strip().lower()
        band = next((b for b in m.bands if wanted in (b.code, b.code.replace("_", ""), b.name.lower())), None)
        if band is None:
            names = ", ".join(f"{b.code} ({b.name})" for b in m.bands)
            raise PlanError(f"Không có xếp loại '{target_class}'. Các xếp loại: {names}.")
        return float(band.min), f"xếp loại {band.name} (từ {format_number_vi(band.min)} điểm)"
    above = sorted((b for b in m.bands if b.min > context.score.total), key=lambda b: b.min)
    if not above:
        top = max(m.bands, key=lambda b: b.min)
        return float(top.min), f"xếp loại {top.name} (từ {format_number_vi(top.min)} điểm)"
    return float(above[0].min), f"xếp loại {above[0].name} (từ {format_number_vi(above[0].min)} điểm)"


def make_plan(
    context: Context,
    *,
    target_class: str | None = None,
    target_score: float | None = None,
    kinds: Iterable[str] | None = None,
) -> Plan:
    """The cheapest set of actions (fewest records) found to lift the unit to the target; the promised score is
    the engine's, recomputed on the overlaid records. When the target is out of reach the plan takes every action
    that adds points and says so."""
    target, label = target_total(context, target_class, target_score)
    cands = candidates(context, kinds)
    unpaid = _unpaid_procedures(context) if cands.get("pay_online") else set()
    model = _Model(context, cands, unpaid)
    state, picked = _search(model, target)
    steps: list[Step] = []
    running: dict[str, int] = {}
    previous = model.score(running)
    for kind in picked:
        running[kind] = state[kind]
        now = model.score(running)
        codes = tuple(sorted(c.code for c in model.order[kind][: state[kind]]))
        steps.append(Step(kind, KINDS[kind][1], KINDS[kind][0], codes, round(now.total - previous.total, 2)))
        previous = now
    actions = Actions({s.kind: frozenset(s.codes) for s in steps}, context.window.as_of)
    result = what_if(context, actions)
    reached = result.after.total >= target
    n = sum(len(s.codes) for s in steps)
    before, after = result.before, result.after
    if context.score.total >= target:
        message = f"Đơn vị đã đạt {label}: {format_number_vi(before.total)} điểm, không cần hành động nào."
    elif reached:
        message = (
            f"Để đạt {label}, cần xử lý {format_number_vi(n)} bản ghi: tổng điểm từ "
            f"{format_number_vi(before.total)} lên "
            f"{format_number_vi(after.total)} ({after.classification_name}), xếp hạng {after.rank}/{after.peers}."
        )
    elif steps:
        message = (
            f"Không thể đạt {label} chỉ với các hành động có thể thực hiện ngay: nếu xử lý toàn bộ "
            f"{format_number_vi(n)} bản ghi, "
            f"tổng điểm tối đa là {format_number_vi(after.total)} ({after.classification_name}). Phần còn thiếu nằm ở "
            "các chỉ tiêu không thể cải thiện bằng các hành động này (ví dụ hồ sơ đã quá hạn)."
        )
    else:
        message = (
            f"Không thể đạt {label}: không còn hành động nào làm tăng điểm của đơn vị trong kỳ này "
            f"(tổng điểm hiện tại {format_number_vi(before.total)})."
        )
    return Plan(
        context=context,
        target=target,
        target_label=label,
        steps=tuple(steps),
        result=result,
        reached=reached or context.score.total >= target,
        message=message,
        predicted=model.score(state).total,
        candidates={k: len(v) for k, v in cands.items()},
    )
