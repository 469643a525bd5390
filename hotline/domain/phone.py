"""Normalise and format callers' phone numbers."""

from __future__ import annotations

import re

import phonenumbers

# Digits plus the punctuation people and carriers write around them; letters are refused
# because phonenumbers would otherwise read them as a vanity keypad (ABC -> 2).
_ALLOWED = re.compile(r"^\+?[0-9\s().\-]+$")
_MIN_DIGITS = 8
_MAX_DIGITS = 15


class PhoneNumberError(ValueError):
    """A phone number that cannot be read as a valid number."""


def normalize_phone(raw: str, region: str = "VN") -> str:
    """Return the number in E.164 form, reading national numbers as `region`'s."""
    text = raw.strip()
    if not text:
        raise PhoneNumberError("phone number is empty; expected digits such as 0912345678")
    if not _ALLOWED.match(text):
        raise PhoneNumberError(
            f"phone number {raw!r} contains characters other than digits, spaces, '+', '-', '.', '(' and ')'"
        )
    digit_count = sum(ch.isdigit() for ch in text)
    if not _MIN_DIGITS <= digit_count <= _MAX_DIGITS:
        raise PhoneNumberError(
            f"phone number {raw!r} has {digit_count} digits; expected {_MIN_DIGITS} to {_MAX_DIGITS}"
        )
    number = _parse(text, region)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def caller_phone(raw: str | None) -> str | None:
    """The caller's number in E.164, or None for withheld and unreadable numbers."""
    try:
        return normalize_phone(raw or "")
    except PhoneNumberError:
        return None


def format_national(e164: str) -> str:
    """Return the number as its own country writes it, e.g. "0912 345 678"."""
    number = _parse(e164, None)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)


def _parse(text: str, region: str | None) -> phonenumbers.PhoneNumber:
    """Parse `text` and insist that phonenumbers knows it as a valid number."""
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException as exc:
        raise PhoneNumberError(f"phone number {text!r} cannot be read: {exc}") from exc
    if not phonenumbers.is_valid_number(number):
        raise PhoneNumberError(
            f"phone number {text!r} is not a valid number for its country "
            "(wrong length or an unassigned prefix)"
        )
    return number


MASK = "*"


def mask_phone(value: str) -> str:
    """The number with all but its country code, two leading and two trailing digits starred: +8491*****78.

    What stays lets the centre count calls and texts by network, but rings nobody: about 100,000 numbers share
    each mask. A keyed hash would let it count distinct callers, but anyone holding the key could find the
    number again, so it would still be personal data. A masked number stays as it is.
    """
    if MASK in value:
        return value
    head = 0
    if value.startswith("+"):
        try:
            head = 1 + len(str(phonenumbers.parse(value, None).country_code)) + 2
        except phonenumbers.NumberParseException:
            head = 0
    if len(value) - head < 6:
        head = 0
    tail = 2 if len(value) - head >= 6 else 0
    return value[:head] + MASK * max(len(value) - head - tail, 1) + value[len(value) - tail:]
