"""Name matching for Vietnamese place names: case, diacritics and administrative prefixes do not matter."""

from __future__ import annotations

import re
import unicodedata

# Administrative prefixes a user may or may not type ("Thành phố Hà Nội", "tỉnh Lào Cai", "TP. Huế").
_PREFIXES = ("thanh pho", "tinh", "tp.", "tp", "t.")


def fold(text: str) -> str:
    """Lower-case ASCII form of ``text``: diacritics removed (đ → d), punctuation and spacing collapsed."""
    decomposed = unicodedata.normalize("NFD", text.strip().lower().replace("đ", "d").replace("Đ", "d"))
    ascii_text = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    ascii_text = ascii_text.replace("_", " ").replace("-", " ")
    return re.sub(r"\s+", " ", ascii_text).strip()


def place_key(text: str) -> str:
    """The matching key of a province name: folded, without its administrative prefix, without spaces."""
    key = fold(text)
    for prefix in _PREFIXES:
        if key.startswith(prefix + " ") or (prefix.endswith(".") and key.startswith(prefix)):
            key = key[len(prefix) :].strip()
            break
    return key.replace(" ", "").replace(".", "")
