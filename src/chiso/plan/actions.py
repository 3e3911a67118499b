"""The hypothetical actions a unit can take, and what each one changes in its records (spec §2–§3).

An action is a kind applied to specific records: dossiers (by code), PAKN (by code) or TTHC (by catalogue key). The
changes are written once, as an overlay on the engine's input tables (:mod:`chiso.plan.overlay`), and once as real
writes (:mod:`chiso.plan.apply`) — the tests check that both give the same score.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from chiso.errors import ChisoError

# kind → (record source, Vietnamese label shown in plans)
KINDS: dict[str, tuple[str, str]] = {
    "sync": ("dossier", "Đồng bộ hồ sơ lên Cổng DVCQG"),
    "pay_online": ("dossier", "Ghi nhận thanh toán trực tuyến cho hồ sơ có phí, lệ phí"),
    "e_result": ("dossier", "Cấp kết quả điện tử cho hồ sơ"),
    "digitise": ("dossier", "Số hóa thành phần hồ sơ và kết quả giải quyết"),
    "finish": ("dossier", "Hoàn thành xử lý hồ sơ ngay"),
    "answer_petition": ("petition", "Trả lời phản ánh, kiến nghị ngay"),
    "integrate_payment": ("procedure", "Tích hợp thanh toán trực tuyến cho TTHC có phí, lệ phí"),
}
DOSSIER_KINDS = tuple(k for k, (s, _) in KINDS.items() if s == "dossier")
PETITION_KINDS = tuple(k for k, (s, _) in KINDS.items() if s == "petition")
PROCEDURE_KINDS = tuple(k for k, (s, _) in KINDS.items() if s == "procedure")

# What a record kind is called in Vietnamese, for counts in plans ("12 hồ sơ").
RECORD_VI = {"dossier": "hồ sơ", "petition": "PAKN", "procedure": "TTHC"}


class ActionError(ChisoError):
    """An action the planner cannot apply (unknown kind, …)."""


@dataclass(frozen=True)
class Actions:
    """Hypothetical actions: for each kind, the records it applies to, all taken at instant ``at`` (``None`` = the
    evaluation instant). Dossiers and PAKN are named by code, TTHC by national code (the unit's own catalogue)."""

    records: Mapping[str, frozenset[str]] = field(default_factory=dict)
    at: dt.datetime | None = None

    @classmethod
    def of(cls, at: dt.datetime | None = None, **kinds: Iterable[str]) -> Actions:
        """``Actions.of(sync=["H1", "H2"], pay_online=["H3"])``."""
        unknown = sorted(set(kinds) - set(KINDS))
        if unknown:
            raise ActionError(f"Không có loại hành động: {', '.join(unknown)}. Các loại: {', '.join(KINDS)}.")
        return cls({k: frozenset(v) for k, v in kinds.items() if v}, at)

    def codes(self, kind: str) -> frozenset[str]:
        """The records ``kind`` applies to."""
        return self.records.get(kind, frozenset())

    def merge(self, other: Actions) -> Actions:
        """Both sets of actions (the first one's instant wins)."""
        kinds = set(self.records) | set(other.records)
        return Actions({k: self.codes(k) | other.codes(k) for k in kinds}, self.at or other.at)

    def size(self) -> int:
        """How many (action, record) pairs: the cost the planner minimises."""
        return sum(len(v) for v in self.records.values())

    def __bool__(self) -> bool:
        return self.size() > 0
