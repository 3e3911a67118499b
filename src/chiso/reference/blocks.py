"""A block of TTHC names of one field, with the field's defaults (applicant, fee, time limit, difficulty).

Each line of ``names`` is one TTHC name, optionally followed by `` | `` (spaced) and tokens that override the defaults:

- ``@w``  relative demand (dossiers per month, arbitrary units); default: drawn once from the name;
- ``$n``  fee in VND (``$0`` = no fee); ``~`` the fee is per copy/page;
- ``#<n><wd|d|h>``  legal time limit in working days, calendar days or hours;
- ``!``  issues no result document; ``%full|partial|none``  the highest online level it can be offered at;
- ``&citizen|business|both``  applicant type.

``{A|B|C} rest`` expands into "A rest", "B rest", "C rest" (variants after the first are ~5× rarer).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Block:
    """The TTHC of one field handled by one department (``department`` abbreviation) or by every commune."""

    field: str
    names: str
    department: str | None = None  # None = commune level
    applicant: str = "citizen"
    limit: str = "10wd"
    fee: int = 0  # the field's usual fee when a TTHC carries one
    fee_share: float = 0.0  # share of TTHC without an explicit fee that carry ``fee``
    difficulty: float = 1.0  # how much harder than average it is to finish on time
    online_cap: str = "full"
