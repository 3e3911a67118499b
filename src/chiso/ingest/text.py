"""Folding of names and values so that ``Mã hồ sơ``, ``MaHoSo``, ``ma_ho_so`` and ``MA HO SO`` compare equal."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_NON_ALNUM = re.compile(r"[^0-9a-z]+")

# Characters trimmed around every cell. Spelled out (not "any Unicode space") so that the vectorised path and
# the per-row path trim exactly the same characters; NBSP is common in cells copied from Excel or the web.
TRIM_CHARS = " \t\r\n\u00a0\ufeff"


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lower-case ASCII skeleton of ``text``: diacritics removed (``đ`` → ``d``), every run of characters other
    than letters and digits dropped. ``"Trực tuyến"``, ``"truc_tuyen"`` and ``"TrucTuyen"`` all give
    ``"tructuyen"``."""
    text = text.replace("đ", "d").replace("Đ", "D").replace("Ð", "D")  # Ð: eth, left by some converters
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _NON_ALNUM.sub("", stripped.lower())


def trim(text: str) -> str:
    """``text`` without the surrounding spaces, tabs, line breaks, NBSP and BOM (see :data:`TRIM_CHARS`)."""
    return text.strip(TRIM_CHARS)
