"""Text helpers for Vietnamese: accent folding for search and SMS, and marking UI strings for translation."""

from __future__ import annotations

import re
import unicodedata

_SPECIAL = str.maketrans({"đ": "d", "Đ": "D"})


def strip_diacritics(text: str) -> str:
    """Remove Vietnamese diacritics, keeping case: "Nguyễn Đức" → "Nguyen Duc"."""
    decomposed = unicodedata.normalize("NFD", text.translate(_SPECIAL))
    return "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")


def fold(text: str) -> str:
    """Fold text for accent- and case-insensitive search, with single spaces."""
    return " ".join(strip_diacritics(text).lower().split())


def slug(text: str, max_length: int = 40) -> str:
    """A piece of a file name made from any text: "Bưu tá/Lý Sơn" → "buu-ta-ly-son" (only a-z, 0-9 and "-")."""
    words = re.findall(r"[a-z0-9]+", strip_diacritics(text).lower())
    return "-".join(words)[:max_length].strip("-")


def mark(text: str) -> str:
    """Mark a Vietnamese UI string that is translated later, where it is shown (e.g. an error's message)."""
    return text
