"""Blocks of numpy columns → Arrow tables in the writer's canonical columns, and chunked writes to the store.

Strings (dossier codes, event ids) are built by Arrow compute kernels over whole chunks, never per row in Python.
Codes look like the one-stop systems': ``<unit>-<yymmdd>-<seq>`` for dossiers (``01.STP-260105-0012``,
``03388-260105-0003``), ``<dossier>-<slot>`` for events, ``<dossier>-TT`` for payments,
``PAKN-<unit>-<yymmdd>-<seq>`` for petitions.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from chiso.generate.calendar import Calendar
from chiso.generate.catalogue import Catalogue
from chiso.generate.dossiers import (
    CHANNEL_NAMES,
    EVENT_ACTORS,
    EVENT_NAMES,
    GATEWAY_NAMES,
    METHOD_NAMES,
    RATING_NAMES,
    DossierBlock,
)
from chiso.generate.petitions import PetitionBlock
from chiso.store.writer import TS


def _ts(values: np.ndarray, null: np.ndarray | None = None) -> pa.Array:
    return pa.array(values.astype(np.int64), type=TS, mask=null)


def _pad(values: np.ndarray, width: int) -> pa.Array:
    return pc.utf8_lpad(pa.array(values.astype(np.int64)).cast(pa.string()), width=width, padding="0")


def _names(names: tuple[str, ...], index: np.ndarray) -> pa.Array:
    """``names[index]`` as a string array; negative indices become nulls."""
    idx = pa.array(index.astype(np.int32), mask=index < 0)
    return pa.array(list(names), pa.string()).take(idx)


def _concat(blocks: list, name: str) -> np.ndarray:  # type: ignore[type-arg]
    return np.concatenate([getattr(b, name) for b in blocks])


def _offsets(sizes: list[int]) -> np.ndarray:
    return np.concatenate([[0], np.cumsum(sizes)[:-1]]).astype(np.int64) if sizes else np.zeros(0, np.int64)


def dossier_tables(blocks: list[DossierBlock], units: pa.Array, cat: Catalogue, cal: Calendar) -> dict[str, pa.Table]:
    """The dossiers, events and payments of ``blocks`` as Arrow tables."""
    sizes = [len(b) for b in blocks]
    offs = _offsets(sizes)
    c = {name: _concat(blocks, name) for name in DossierBlock.__dataclass_fields__}
    ev_dossier = np.concatenate([b.ev_dossier + o for b, o in zip(blocks, offs, strict=True)])
    pay_dossier = np.concatenate([b.pay_dossier + o for b, o in zip(blocks, offs, strict=True)])
    unit_codes = units.take(pa.array(c["unit"]))
    code = pc.binary_join_element_wise(unit_codes, cal.yymmdd.take(pa.array(c["day"])), _pad(c["seq"], 4), "-")
    dossiers = pa.table(
        {
            "code": code,
            "unit_code": unit_codes,
            "procedure_code": cat.codes.take(pa.array(c["proc"])),
            "channel": _names(CHANNEL_NAMES, c["channel"]),
            "received_at": _ts(c["received"]),
            "due_at": _ts(c["due"], c["due_null"]),
            "synced": pa.array(c["synced"]),
            "synced_at": _ts(c["synced_at"], ~c["synced"]),
            "fee_required": pa.array(c["fee_required"]),
            "digitised": pa.array(c["digitised"]),
            "e_result": pa.array(c["e_result"]),
            "reused_data": pa.array(c["reused"]),
            "personal_storage": pa.array(c["storage"]),
            "citizen_data": pa.array(c["citizen_data"]),
            "rating": _names(RATING_NAMES, c["rating"]),
            "complaint": pa.array(c["complaint"]),
            "source_updated_at": _ts(c["updated"]),
        }
    )
    ev_codes = code.take(pa.array(ev_dossier))
    ev_type = c["ev_type"]
    events = pa.table(
        {
            "event_id": pc.binary_join_element_wise(
                ev_codes, pa.array(c["ev_slot"].astype(np.int64)).cast(pa.string()), "-"
            ),
            "dossier_code": ev_codes,
            "event_type": _names(EVENT_NAMES, ev_type),
            "occurred_at": _ts(c["ev_time"]),
            "actor": _names(EVENT_ACTORS, ev_type),
        }
    )
    pay_codes = code.take(pa.array(pay_dossier))
    payments = pa.table(
        {
            "payment_id": pc.binary_join_element_wise(pay_codes, "TT", "-"),
            "dossier_code": pay_codes,
            "amount": pa.array(c["pay_amount"].astype(np.int64)),
            "method": _names(METHOD_NAMES, c["pay_method"]),
            "gateway": _names(GATEWAY_NAMES, c["pay_gateway"]),
            "paid_at": _ts(c["pay_at"]),
            "synced": pa.array(c["pay_synced"]),
        }
    )
    return {"dossiers": dossiers, "dossier_events": events, "payments": payments}


def petition_table(blocks: list[PetitionBlock], units: pa.Array, cal: Calendar) -> pa.Table:
    """The PAKN of ``blocks`` as an Arrow table."""
    sizes = [len(b) for b in blocks]
    offs = _offsets(sizes)
    c = {name: _concat(blocks, name) for name in PetitionBlock.__dataclass_fields__}
    repeat = np.concatenate(
        [np.where(b.repeat_of >= 0, b.repeat_of + o, -1) for b, o in zip(blocks, offs, strict=True)]
    )
    unit_codes = units.take(pa.array(c["unit"]))
    code = pc.binary_join_element_wise("PAKN", unit_codes, cal.yymmdd.take(pa.array(c["day"])), _pad(c["seq"], 3), "-")
    return pa.table(
        {
            "code": code,
            "unit_code": unit_codes,
            "received_at": _ts(c["received"]),
            "repeat_of": code.take(pa.array(np.maximum(repeat, 0), mask=repeat < 0)),
            "due_at": _ts(c["due"], c["due_null"]),
            "refused_at": _ts(c["refused"], c["refused_null"]),
            "info_requested_at": _ts(c["info"], c["info_null"]),
            "handled_at": _ts(c["handled"], c["handled_null"]),
            "published_at": _ts(c["published"], c["published_null"]),
            "likes": pa.array(c["likes"].astype(np.int32)),
            "dislikes": pa.array(c["dislikes"].astype(np.int32)),
            "source_updated_at": _ts(c["updated"]),
        }
    )


@dataclass
class ChunkWriter:
    """Collects unit-month blocks and writes them in chunks of about ``chunk_rows`` dossiers."""

    write: Callable[[dict[str, pa.Table]], None]
    units: pa.Array
    cat: Catalogue
    cal: Calendar
    chunk_rows: int = 500_000
    dossiers: list[DossierBlock] = field(default_factory=list)
    petitions: list[PetitionBlock] = field(default_factory=list)
    pending: int = 0
    counts: dict[str, int] = field(
        default_factory=lambda: {"dossiers": 0, "dossier_events": 0, "payments": 0, "petitions": 0}
    )

    def add(self, dossiers: DossierBlock, petitions: PetitionBlock) -> None:
        """Queue one unit-month; write when the chunk is full."""
        self.dossiers.append(dossiers)
        self.petitions.append(petitions)
        self.pending += len(dossiers)
        if self.pending >= self.chunk_rows:
            self.flush()

    def flush(self) -> None:
        """Write what is queued."""
        if not self.dossiers:
            return
        tables = dossier_tables(self.dossiers, self.units, self.cat, self.cal)
        tables["petitions"] = petition_table(self.petitions, self.units, self.cal)
        for name, table in tables.items():
            self.counts[name] += table.num_rows
        self.write(tables)
        self.dossiers, self.petitions, self.pending = [], [], 0
