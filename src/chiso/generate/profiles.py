"""Latent quality profiles: each unit's propensities, drawn once from the seed, so indicator rates spread across
units the way published ones do — a few excellent units, many middling, some weak (a weak commune may finish
40 % of its dossiers on time, take no online payments and have gaps in its sync to the national portal).

Every rate is a function of the unit's quality ``q`` plus its own noise, so rates are correlated (good units tend to
be good at everything) but not identical (a unit can be fast yet poorly digitised).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from chiso.generate.randomness import stream
from chiso.reference.departments import DEPARTMENT_BY_ABBREV

# Relative dossier volume of a province's units: the big cities are busier per ward than the mountain provinces.
PROVINCE_FACTOR = {
    "01": 1.5, "79": 1.7, "31": 1.15, "48": 1.15, "92": 1.05, "75": 1.1, "24": 1.1, "22": 1.05,
    "04": 0.75, "11": 0.75, "12": 0.7, "14": 0.8, "08": 0.85, "15": 0.85, "20": 0.85,
}  # fmt: skip
# Monthly dossiers of one commune at scale 1.0, by division type (wards are busiest).
COMMUNE_MONTHLY = {"phường": 4000.0, "xã": 1900.0, "đặc khu": 2400.0}
# The PAKN (petitions) a unit receives per month at scale 1.0, by level.
PETITIONS_MONTHLY = {"commune": 1.5, "department": 4.0}


@dataclass(frozen=True)
class Profiles:
    """Per-unit parameters, arrays aligned with the province's unit list (index = unit position)."""

    q: np.ndarray
    monthly: np.ndarray  # expected dossiers per month at scale 1.0 (average season)
    online: np.ndarray  # propensity to submit online where the TTHC allows it
    postal: np.ndarray
    on_time: np.ndarray  # probability a dossier of average difficulty is finished on time
    delay_p: np.ndarray  # geometric parameter of the delay of late dossiers (smaller = longer delays)
    due_missing: np.ndarray  # share of dossiers without a due date from the one-stop system
    sync: np.ndarray  # share synced to the national portal outside gaps
    gap_start: np.ndarray  # day index where a sync gap starts (-1 = none)
    gap_days: np.ndarray
    pay_online: np.ndarray
    digitise: np.ndarray
    e_result: np.ndarray
    reuse: np.ndarray
    storage: np.ndarray
    citizen: np.ndarray
    supplement: np.ndarray
    supplement2: np.ndarray
    withdraw: np.ndarray
    refuse: np.ndarray
    forward: np.ndarray
    rating: np.ndarray
    unsatisfied: np.ndarray
    complaint: np.ndarray
    petitions: np.ndarray  # expected PAKN per month at scale 1.0 (0 = this unit gets none)
    petition_on_time: np.ndarray
    petition_publish: np.ndarray
    e_certified_copy: np.ndarray  # communes providing electronic certified copies


def _clip(x: np.ndarray, low: float = 0.0, high: float = 1.0) -> np.ndarray:
    return np.asarray(np.clip(x, low, high), dtype=np.float64)


def draw_profiles(
    seed: int, province: str, units: pa.Table, window: tuple[int, int], gap_days_max: int = 15
) -> Profiles:
    """Draw the profile of every unit of ``units`` (province_units order) for the window of day indices."""
    codes = units.column("code").to_pylist()
    levels = units.column("level").to_pylist()
    kinds = units.column("division_type").to_pylist()
    n = len(codes)
    rng = stream(seed, province, "profile")
    # A mixture: ~10 % excellent units, ~12 % weak ones, the rest middling around a province-wide level.
    prov_shift = rng.normal(0.0, 0.06)
    kind = rng.random(n)
    q = np.where(
        kind < 0.10,
        rng.uniform(0.93, 0.995, n),
        np.where(kind < 0.22, rng.uniform(0.04, 0.3, n), _clip(rng.beta(2.2, 1.5, n) + prov_shift, 0.25, 0.95)),
    )
    is_commune = np.array([lv == "commune" for lv in levels])
    is_dept = np.array([lv == "department" for lv in levels])

    def noisy(base: np.ndarray, sd: float = 0.08) -> np.ndarray:
        return base + rng.normal(0.0, sd, n)

    n_communes = max(1, int(is_commune.sum()))
    size = PROVINCE_FACTOR.get(province, 1.0)
    monthly = np.zeros(n)
    for i in range(n):
        if levels[i] == "commune":
            monthly[i] = COMMUNE_MONTHLY.get(kinds[i], 1900.0) * size
        elif levels[i] == "department":
            abbrev = codes[i].split(".", 1)[1]
            monthly[i] = DEPARTMENT_BY_ABBREV[abbrev].monthly_dossiers * size * (n_communes / 98.0) ** 0.6
    monthly *= rng.lognormal(0.0, 0.45, n) * np.where(is_dept, 0.75, 1.0)

    on_time = _clip(1.0 - 0.62 * (1.0 - _clip(noisy(q, 0.06))) ** 1.4, 0.2, 0.999)
    gap = rng.random(n) < 0.06 + 0.22 * (1.0 - q)
    start, end = window
    gap_start = np.where(gap, rng.integers(start, max(start + 1, end), n), -1)
    gap_days = np.where(gap, rng.integers(2, gap_days_max + 1, n), 0)
    no_online_payment = rng.random(n) < 0.06 + 0.25 * (q < 0.35)
    pay_online = np.where(no_online_payment, 0.0, _clip(noisy((q - 0.2) / 0.6, 0.12)) * rng.uniform(0.7, 1.0, n))
    petitions = np.where(is_dept, PETITIONS_MONTHLY["department"], PETITIONS_MONTHLY["commune"])
    petitions = petitions * rng.lognormal(0.0, 0.6, n) * np.where(rng.random(n) < 0.3, 0.0, 1.0)
    petitions = np.where(is_commune | is_dept, petitions, 0.0)
    return Profiles(
        q=q,
        monthly=np.where(is_commune | is_dept, monthly, 0.0),
        online=_clip(noisy(0.04 + 0.9 * q**1.3, 0.1), 0.01, 0.98),
        postal=_clip(rng.uniform(0.0, 0.04, n)),
        on_time=on_time,
        delay_p=_clip(0.14 + 0.35 * q, 0.1, 0.6),
        due_missing=_clip(np.where(rng.random(n) < 0.15, rng.uniform(0.1, 0.35, n), rng.uniform(0.0, 0.04, n))),
        sync=_clip(noisy(0.93 + 0.07 * q, 0.02), 0.75, 1.0),
        gap_start=gap_start.astype(np.int64),
        gap_days=gap_days.astype(np.int64),
        pay_online=pay_online,
        digitise=_clip(noisy(0.15 + 0.83 * q, 0.1)),
        e_result=_clip(noisy(0.05 + 0.93 * q, 0.1)),
        reuse=_clip(noisy(0.02 + 0.75 * q**1.5, 0.08)),
        storage=_clip(noisy(0.05 + 0.9 * q**1.2, 0.1)),
        citizen=_clip(noisy(0.25 + 0.73 * q, 0.08)),
        supplement=_clip(noisy(0.04 + 0.08 * (1.0 - q), 0.02), 0.005, 0.3),
        supplement2=_clip(noisy(0.08 + 0.2 * (1.0 - q), 0.03), 0.0, 0.5),
        withdraw=_clip(rng.uniform(0.003, 0.02, n)),
        refuse=_clip(rng.uniform(0.002, 0.025, n)),
        forward=np.where(is_dept, 0.9, 0.55),
        rating=_clip(rng.uniform(0.05, 0.45, n)),
        unsatisfied=_clip(0.005 + 0.05 * (1.0 - q) * rng.uniform(0.5, 1.5, n)),
        complaint=_clip(0.0005 + 0.008 * (1.0 - q) * rng.uniform(0.3, 1.7, n)),
        petitions=petitions,
        petition_on_time=_clip(noisy(0.3 + 0.65 * q, 0.08), 0.2, 1.0),
        petition_publish=_clip(noisy(0.5 + 0.5 * q, 0.1), 0.1, 1.0),
        e_certified_copy=is_commune & (rng.random(n) < 0.2 + 0.75 * q),
    )
