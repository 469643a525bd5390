"""Mask what a person is known by, for rows that must stay after their data is erased or expires.

A masked value shows that something was there and never what: a phone keeps its country code and
last two digits, so an operator can tell two masked numbers apart; a name keeps its first letter; an
address keeps nothing.
"""

from __future__ import annotations

MASK = "***"
_KEPT_TAIL = 2


def mask_phone(number: str) -> str:
    """'+84912345678' -> '+84*******78': the country code and the last two digits, no more."""
    digits = number.strip()
    head = digits[:3] if digits.startswith("+") else ""
    hidden = len(digits) - len(head) - _KEPT_TAIL
    if hidden < 4:
        return "*" * max(len(digits), len(MASK))
    return head + "*" * hidden + digits[-_KEPT_TAIL:]


def mask_name(name: str) -> str:
    """'Nguyễn Văn A' -> 'N***': the first letter alone."""
    stripped = name.strip()
    return (stripped[:1] + MASK) if stripped else MASK


def mask_address(_address: str) -> str:
    """An address keeps nothing: even a village name narrows a person down on a small coast."""
    return MASK
