"""Evaluation periods (spec §4): month, quarter, 6 months, year, or a custom range of days.

A period is a closed range of local calendar days. Dossiers belong to it by reception day; the judging instant of
a query is min(as_of, end of the period's last day) — the current period is live.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from chiso.errors import ChisoError
from chiso.timeutil import VN_TZ, ensure_aware

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


class PeriodError(ChisoError):
    """A period string that cannot be understood."""


@dataclass(frozen=True)
class Period:
    """A closed range of local days with a kind (month, quarter, half, year, custom) and a stable key."""

    kind: str
    start: dt.date
    end: dt.date
    key: str

    @classmethod
    def parse(cls, text: str) -> Period:
        """Parse ``2026-10``, ``2026-Q3``, ``2026-H1``, ``2026`` or ``2026-10-01..2026-10-15``."""
        raw = text.strip()
        try:
            if m := re.fullmatch(r"(\d{4})-(\d{1,2})", raw):
                return cls.month(int(m[1]), int(m[2]))
            if m := re.fullmatch(r"(\d{4})-[Qq]([1-4])", raw):
                return cls.quarter(int(m[1]), int(m[2]))
            if m := re.fullmatch(r"(\d{4})-[Hh]([12])", raw):
                return cls.half(int(m[1]), int(m[2]))
            if m := re.fullmatch(r"(\d{4})", raw):
                year = int(m[1])
                return cls("year", dt.date(year, 1, 1), dt.date(year, 12, 31), f"{year}")
            if m := re.fullmatch(r"(\d{4}-\d{2}-\d{2})\s*\.\.\s*(\d{4}-\d{2}-\d{2})", raw):
                start, end = dt.date.fromisoformat(m[1]), dt.date.fromisoformat(m[2])
                if end < start:
                    raise PeriodError(f"Kỳ '{text}': ngày kết thúc trước ngày bắt đầu.")
                return cls("custom", start, end, f"{start.isoformat()}..{end.isoformat()}")
        except ValueError as exc:
            raise PeriodError(f"Kỳ đánh giá không hợp lệ: '{text}' ({exc}).") from exc
        raise PeriodError(
            f"Kỳ đánh giá không hợp lệ: '{text}'. Dùng dạng 2026-10 (tháng), 2026-Q3 (quý), "
            "2026-H1 (6 tháng), 2026 (năm) hoặc 2026-10-01..2026-10-15."
        )

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        """The calendar month ``year-month``."""
        if not 1 <= month <= 12:
            raise PeriodError(f"Tháng không hợp lệ: {month}")
        start = dt.date(year, month, 1)
        nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
        return cls("month", start, nxt - dt.timedelta(days=1), f"{year}-{month:02d}")

    @classmethod
    def quarter(cls, year: int, quarter: int) -> Period:
        """Quarter 1–4 of ``year``."""
        first = cls.month(year, 3 * quarter - 2)
        last = cls.month(year, 3 * quarter)
        return cls("quarter", first.start, last.end, f"{year}-Q{quarter}")

    @classmethod
    def half(cls, year: int, half: int) -> Period:
        """First or second six months of ``year``."""
        first = cls.month(year, 6 * half - 5)
        last = cls.month(year, 6 * half)
        return cls("half", first.start, last.end, f"{year}-H{half}")

    @classmethod
    def containing(cls, day: dt.date) -> Period:
        """The month that contains ``day``."""
        return cls.month(day.year, day.month)

    @property
    def end_instant(self) -> dt.datetime:
        """00:00 local of the day after the period: everything strictly before it is inside."""
        return dt.datetime.combine(self.end + dt.timedelta(days=1), dt.time.min, tzinfo=VN_TZ)

    @property
    def start_instant(self) -> dt.datetime:
        """00:00 local of the period's first day."""
        return dt.datetime.combine(self.start, dt.time.min, tzinfo=VN_TZ)

    def judged_at(self, as_of: dt.datetime) -> dt.datetime:
        """The instant dossiers still in process are judged at: min(as_of, end of period) (spec §3)."""
        return min(ensure_aware(as_of), self.end_instant)

    def previous(self) -> Period:
        """The period of the same kind just before this one (custom ranges shift by their length)."""
        if self.kind == "month":
            y, m = (self.start.year, self.start.month - 1) if self.start.month > 1 else (self.start.year - 1, 12)
            return Period.month(y, m)
        if self.kind == "quarter":
            q = (self.start.month - 1) // 3 + 1
            return Period.quarter(self.start.year, q - 1) if q > 1 else Period.quarter(self.start.year - 1, 4)
        if self.kind == "half":
            return Period.half(self.start.year, 1) if self.start.month > 6 else Period.half(self.start.year - 1, 2)
        if self.kind == "year":
            y = self.start.year - 1
            return Period("year", dt.date(y, 1, 1), dt.date(y, 12, 31), f"{y}")
        length = self.end - self.start + dt.timedelta(days=1)
        start, end = self.start - length, self.start - dt.timedelta(days=1)
        return Period("custom", start, end, f"{start.isoformat()}..{end.isoformat()}")

    def trailing(self, count: int) -> list[Period]:
        """This period and the ``count - 1`` before it, oldest first."""
        out = [self]
        while len(out) < count:
            out.append(out[-1].previous())
        return out[::-1]

    @property
    def label_vi(self) -> str:
        """How a report names the period: ``tháng 10 năm 2026``, ``quý III năm 2026``, ``6 tháng đầu năm 2026``."""
        y = self.start.year
        if self.kind == "month":
            return f"tháng {self.start.month} năm {y}"
        if self.kind == "quarter":
            return f"quý {ROMAN[(self.start.month - 1) // 3 + 1]} năm {y}"
        if self.kind == "half":
            return f"6 tháng {'đầu' if self.start.month == 1 else 'cuối'} năm {y}"
        if self.kind == "year":
            return f"năm {y}"
        return f"từ ngày {self.start:%d/%m/%Y} đến ngày {self.end:%d/%m/%Y}"

    def __str__(self) -> str:
        return self.key
