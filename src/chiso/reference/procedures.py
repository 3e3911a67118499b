"""The national TTHC templates from which every province's catalogue is drawn.

The names are the ones provincial catalogues publish; codes are shaped like the national database's ("1.004227",
"2.000889") and stable: derived from the name, so the same TTHC has the same code in every province and every run.
Attributes a line does not state (demand, fee for part of a field) are drawn from a hash of the name, so the
catalogue is fixed data, independent of any generator seed. Fictional where it has to be, never personal.
"""

from __future__ import annotations

import dataclasses
import functools
import re
import zlib
from dataclasses import dataclass

import numpy as np

from chiso.reference._commune_tthc import COMMUNE_BLOCKS
from chiso.reference._province_tthc import PROVINCE_BLOCKS
from chiso.reference.blocks import Block

_LIMIT = re.compile(r"^(\d+(?:\.\d+)?)(wd|d|h)$")
_UNITS = {"wd": "working_day", "d": "day", "h": "hour"}


@dataclass(frozen=True)
class ProcedureTemplate:
    """One TTHC of the national list, before a province adapts it (online level, publication, …)."""

    code: str
    name: str
    field: str
    level: str  # province | commune
    department: str | None  # abbreviation of the handling department (province level)
    applicant_type: str  # citizen | business | both
    fee: int  # VND; 0 = no fee
    fee_per_copy: bool
    issues_result: bool
    time_limit: float
    time_limit_unit: str  # working_day | day | hour
    demand: float  # relative monthly dossiers
    difficulty: float  # > 1: harder to finish on time than the unit's average
    online_cap: str  # full | partial | none


def _expand(line: str) -> list[tuple[str, bool]]:
    """``{A|B} x`` → [("A x", True), ("B x", False)]; True marks the main variant."""
    m = re.search(r"\{([^}]*)\}", line)
    if not m:
        return [(line, True)]
    out = []
    for i, variant in enumerate(m.group(1).split("|")):
        text = (line[: m.start()] + variant + line[m.end() :]).strip()
        out.append((text[0].upper() + text[1:], i == 0))
    return out


def _seeded(text: str) -> np.random.Generator:
    return np.random.Generator(np.random.PCG64(zlib.crc32(text.encode("utf-8"))))


def _parse_limit(token: str) -> tuple[float, str]:
    m = _LIMIT.match(token)
    if not m:
        raise ValueError(f"bad time limit {token!r}")
    return float(m.group(1)), _UNITS[m.group(2)]


def _templates_of(block: Block, level: str) -> list[tuple[ProcedureTemplate, str]]:
    out: list[tuple[ProcedureTemplate, str]] = []
    for raw in block.names.strip().splitlines():
        raw = raw.strip()
        if not raw:
            continue
        name_part, _, token_part = raw.partition(" | ")
        tokens = token_part.split()
        demand: float | None = None
        fee: int | None = None
        per_copy = False
        limit = _parse_limit(block.limit)
        issues_result = True
        cap = block.online_cap
        applicant = block.applicant
        for tok in tokens:
            if tok.startswith("@"):
                demand = float(tok[1:])
            elif tok.startswith("$"):
                fee = int(tok[1:])
            elif tok == "~":
                per_copy = True
            elif tok.startswith("#"):
                limit = _parse_limit(tok[1:])
            elif tok == "!":
                issues_result = False
            elif tok.startswith("%"):
                cap = tok[1:]
            elif tok.startswith("&"):
                applicant = tok[1:]
            else:
                raise ValueError(f"unknown token {tok!r} in {raw!r}")
        for name, main in _expand(name_part.strip()):
            rng = _seeded(f"{level}|{block.field}|{name}")
            d = demand if demand is not None else float(rng.lognormal(-1.0, 1.0))
            if not main:
                d = d / 5.0
            f = fee
            if f is None:
                f = block.fee if rng.random() < block.fee_share else 0
            hint = f"{level}|{block.field}|{name}"
            out.append(
                (
                    ProcedureTemplate(
                        code="",
                        name=name,
                        field=block.field,
                        level=level,
                        department=block.department,
                        applicant_type=applicant,
                        fee=int(f),
                        fee_per_copy=per_copy,
                        issues_result=issues_result,
                        time_limit=limit[0],
                        time_limit_unit=limit[1],
                        demand=d,
                        difficulty=block.difficulty,
                        online_cap=cap,
                    ),
                    hint,
                )
            )
    return out


def _code_for(hint: str, used: set[str]) -> str:
    """A national-looking code ("1.00xxxx" mostly, some "2.00xxxx" and "3.000xxx"), unique, stable per name."""
    h = zlib.crc32(hint.encode("utf-8"))
    r = h % 100
    if r < 62:
        prefix, low, high = "1", 100, 13000
    elif r < 95:
        prefix, low, high = "2", 100, 2900
    else:
        prefix, low, high = "3", 100, 400
    n = low + (h // 100) % (high - low)
    while True:
        code = f"{prefix}.{n:06d}"
        if code not in used:
            used.add(code)
            return code
        n = low + (n + 1 - low) % (high - low)


@functools.cache
def procedure_templates() -> tuple[ProcedureTemplate, ...]:
    """Every TTHC template: province level (with its department) then commune level, with stable codes."""
    pairs = [p for b in PROVINCE_BLOCKS for p in _templates_of(b, "province")]
    pairs += [p for b in COMMUNE_BLOCKS for p in _templates_of(b, "commune")]
    used: set[str] = set()
    out = []
    seen: set[tuple[str, str, str]] = set()
    for tpl, hint in pairs:
        key = (tpl.level, tpl.field, tpl.name)
        if key in seen:
            raise ValueError(f"duplicate TTHC template {key}")
        seen.add(key)
        out.append(dataclasses.replace(tpl, code=_code_for(hint, used)))
    return tuple(out)


def fields(level: str) -> tuple[str, ...]:
    """The fields (lĩnh vực) of the templates of ``level`` (province | commune), in list order."""
    seen: dict[str, None] = {}
    for t in procedure_templates():
        if t.level == level:
            seen.setdefault(t.field, None)
    return tuple(seen)
