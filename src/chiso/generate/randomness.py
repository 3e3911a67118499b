"""Seeding: one independent, reproducible random stream per (seed, province, purpose, unit, month).

Streams are derived with ``numpy.random.SeedSequence`` from integers only (never Python's salted ``hash``), so the
same inputs give the same records on every machine and in any order of generation — chunks are independent.
"""

from __future__ import annotations

import zlib

import numpy as np

PURPOSES = {"profile": 1, "catalogue": 2, "dossiers": 3, "petitions": 4, "weights": 5}


def stable_int(text: str) -> int:
    """A stable 32-bit integer for a string (unit codes, names)."""
    return zlib.crc32(text.encode("utf-8"))


def stream(seed: int, province: str, purpose: str, unit: str = "", month: int = 0) -> np.random.Generator:
    """The random generator of one purpose of one unit-month of one province, for ``seed``."""
    key = [int(seed), int(province), PURPOSES[purpose], stable_int(unit), int(month)]
    return np.random.Generator(np.random.PCG64(np.random.SeedSequence(key)))
