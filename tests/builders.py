"""Builders for small, readable fixtures: a province, a few units, a catalogue, and dossiers with histories.

Every record is written through :mod:`chiso.store.writer`, so the derived facts are the production ones.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass, field
from typing import Any

import pyarrow as pa

from chiso.compute.metrics import CountingSettings, Window
from chiso.compute.period import Period
from chiso.compute.query import run_counts
from chiso.store import Store, write_records, write_units
from chiso.timeutil import VN_TZ

PROVINCE = "99"
COMMUNE_A = "99001"
COMMUNE_B = "99002"
DEPARTMENT = "99.STP"


def at(*parts: int) -> dt.datetime:
    """A local (Asia/Ho_Chi_Minh) instant."""
    return dt.datetime(*parts, tzinfo=VN_TZ)  # type: ignore[misc]


@dataclass
class StoreBuilder:
    """Wraps an in-memory store with helpers to add records tersely."""

    store: Store
    _ids: Any = field(default_factory=lambda: itertools.count(1))

    @classmethod
    def tiny(cls) -> StoreBuilder:
        store = Store.open(":memory:")
        write_units(
            store,
            pa.table(
                {
                    "code": [PROVINCE, COMMUNE_A, COMMUNE_B, DEPARTMENT],
                    "name": ["Tỉnh Thử Nghiệm", "Xã An Bình", "Phường Hòa Lạc", "Sở Tư pháp"],
                    "level": ["province", "commune", "commune", "department"],
                    "parent_code": [None, PROVINCE, PROVINCE, PROVINCE],
                    "e_certified_copy": [False, True, False, False],
                }
            ),
        )
        write_records(
            store,
            {
                "procedures": pa.table(
                    {
                        "authority_code": [PROVINCE] * 4,
                        "code": ["1.000001", "1.000002", "1.000003", "2.000001"],
                        "name": [
                            "Đăng ký khai sinh",
                            "Chứng thực bản sao từ bản chính",
                            "Đăng ký kết hôn",
                            "Cấp Phiếu lý lịch tư pháp",
                        ],
                        "level": ["commune", "commune", "commune", "province"],
                        "agency_code": [None, None, None, DEPARTMENT],
                        "online_level": ["full", "partial", "none", "full"],
                        "fee_bearing": [False, True, False, True],
                        "time_limit": [3.0, 1.0, 5.0, 10.0],
                        "time_limit_unit": ["working_day", "working_day", "working_day", "working_day"],
                    }
                )
            },
        )
        return cls(store)

    def dossier(
        self,
        received: dt.datetime,
        *,
        unit: str = COMMUNE_A,
        procedure: str = "1.000001",
        due: dt.datetime | None = None,
        events: list[tuple[str, dt.datetime]] | None = None,
        code: str | None = None,
        **flags: Any,
    ) -> str:
        """Add one dossier and its history; returns its code."""
        code = code or f"H{next(self._ids):05d}"
        row: dict[str, Any] = {
            "code": code,
            "unit_code": unit,
            "procedure_code": procedure,
            "channel": flags.pop("channel", "in_person"),
            "received_at": received,
            "due_at": due,
        }
        row.update(flags)
        tables: dict[str, pa.Table] = {"dossiers": pa.Table.from_pylist([row])}
        evs = events or []
        if evs:
            tables["dossier_events"] = pa.Table.from_pylist(
                [
                    {"event_id": f"{code}-{i}", "dossier_code": code, "event_type": kind, "occurred_at": when}
                    for i, (kind, when) in enumerate(evs)
                ]
            )
        write_records(self.store, tables)
        return code

    def counts(
        self,
        period: str,
        as_of: dt.datetime,
        units: list[str] | None = None,
        settings: CountingSettings | None = None,
    ) -> dict[str, dict[str, tuple[int, int]]]:
        """{unit: {counting key: (numerator, denominator)}} for ``period`` judged at ``as_of``."""
        p = Period.parse(period)
        w = Window(p.start, p.end, as_of, p.judged_at(as_of), settings or CountingSettings())
        rows = run_counts(self.store, w, units).to_pylist()
        out: dict[str, dict[str, tuple[int, int]]] = {}
        for r in rows:
            out[r["unit_code"]] = {
                k[: -len("__num")]: (r[k], r[k[: -len("__num")] + "__den"]) for k in r if k.endswith("__num")
            }
        return out

    def on_time(self, period: str, as_of: dt.datetime, unit: str = COMMUNE_A) -> tuple[int, int]:
        """PROGRESS_ON_TIME's (numerator, denominator) for one unit."""
        return self.counts(period, as_of, [unit])[unit]["dossiers_on_time"]
