"""Where a form may send the user next: only to a page of this site."""

from __future__ import annotations

import unicodedata
from urllib.parse import unquote
from urllib.parse import urlsplit

# Percent-decoding is undone this many times at most: "%2509" is "%09" once decoded, a tab twice.
_DECODINGS = 3


def safe_next(target: str | None) -> str | None:
    """`target` when it is a path on this site, else None (the view then sends the user to its own page).

    Browsers forgive a lot: they drop tabs and line breaks, so "/<tab>/evil.example" is "//evil.example",
    another host, and they read "/\\evil.example" the same way; a line break would also split the
    Location header. So `target` holds no control character, and its path begins with exactly one "/",
    holds no backslash or whitespace and names no scheme or host: as written, and after each round of
    percent-decoding. (Its query may hold a space: a search for a name does, and Flask hands `next`
    over decoded.)
    """
    if not target or not _is_local(target):
        return None
    text = target
    for _ in range(_DECODINGS):
        decoded = unquote(text)
        if decoded == text:
            return target
        if not _is_local(decoded):
            return None
        text = decoded
    return None  # still encoded after that many rounds: no page of ours links like that


def _is_local(text: str) -> bool:
    if any(unicodedata.category(ch) in ("Cc", "Cf") for ch in text):
        return False
    path = text.split("?", 1)[0].split("#", 1)[0]
    if not path.startswith("/") or path.startswith("//") or "\\" in path or any(ch.isspace() for ch in path):
        return False
    parts = urlsplit(text)
    return not parts.scheme and not parts.netloc
