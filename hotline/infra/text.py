"""Text helpers for Vietnamese: accent folding for search and SMS, and marking UI strings for translation."""

from __future__ import annotations

import unicodedata

_SPECIAL = str.maketrans({"đ": "d", "Đ": "D"})


def strip_diacritics(text: str) -> str:
    """Remove Vietnamese diacritics, keeping case: "Nguyễn Đức" → "Nguyen Duc"."""
    decomposed = unicodedata.normalize("NFD", text.translate(_SPECIAL))
    return "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")


def fold(text: str) -> str:
    """Fold text for accent- and case-insensitive search, with single spaces."""
    return " ".join(strip_diacritics(text).lower().split())


def mark(text: str) -> str:
    """Mark a Vietnamese UI string that is translated later, where it is shown (e.g. an error's message)."""
    return text
