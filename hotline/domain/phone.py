"""Normalise and format callers' phone numbers."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

import phonenumbers

# Digits plus the punctuation people and carriers write around them; letters are refused
# because phonenumbers would otherwise read them as a vanity keypad (ABC -> 2).
_ALLOWED = re.compile(r"^\+?[0-9\s().\-]+$")
_MIN_DIGITS = 8
_MAX_DIGITS = 15


class PhoneNumberError(ValueError):
    """A phone number that cannot be read as a valid number."""


# Vietnam's 2018 renumbering of 11-digit mobile numbers to 10 digits: the old network code (after the
# leading 0) → the new one; the last 7 digits stay. The table is the Ministry of Information and
# Communications' (Bộ Thông tin và Truyền thông) conversion plan as announced on 29/05/2018 and reported
# that day (nld.com.vn, gsm.vn), carried out from 15/09/2018 to 30/06/2019; e.g. 0169 567 8945 became
# 039 567 8945.
RENUMBERED_2018: dict[str, str] = {
    # MobiFone
    "120": "70", "121": "79", "122": "77", "126": "76", "128": "78",
    # VinaPhone
    "123": "83", "124": "84", "125": "85", "127": "81", "129": "82",
    # Viettel
    "162": "32", "163": "33", "164": "34", "165": "35", "166": "36", "167": "37", "168": "38", "169": "39",
    # Vietnamobile
    "186": "56", "188": "58",
    # Gmobile (Gtel)
    "199": "59",
}
# An old mobile number: the national 0 or the country code (84, +84, 0084), an old network code, 7 digits.
_OLD_MOBILE = re.compile(r"^(?:(?:\+|00)?84|0)(1[0-9]{2})([0-9]{7})$")


@dataclass(frozen=True)
class Renumbered:
    """A number written before the 2018 renumbering and the one it is today."""

    e164: str  # today's number, +84…
    old_national: str  # as it was dialled in Vietnam, 11 digits: "01695678945"


def renumbered(raw: str) -> Renumbered | None:
    """Today's number for a Vietnamese mobile number written before 2018, or None for any other number."""
    digits = re.sub(r"[\s().\-]", "", raw.strip())
    match = _OLD_MOBILE.match(digits)
    if match is None or match.group(1) not in RENUMBERED_2018:
        return None
    new_national = "0" + RENUMBERED_2018[match.group(1)] + match.group(2)
    return Renumbered(e164=normalize_phone(new_national), old_national="0" + match.group(1) + match.group(2))


def format_old_national(old_national: str) -> str:
    """An 11-digit pre-2018 number as it was written: "0169 567 8945"."""
    return f"{old_national[:4]} {old_national[4:7]} {old_national[7:]}"


def normalize_phone(raw: str, region: str = "VN") -> str:
    """Return the number in E.164 form, reading national numbers as `region`'s.

    A Vietnamese mobile number written before the 2018 renumbering (0169 567 8945) gives today's
    number (+84395678945): callers ring from the new one, and old records and lists still hold the old.
    """
    old = renumbered(raw) if region == "VN" else None
    if old is not None:
        return old.e164
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


# Vietnamese numbers of +84 and 9 digits whose national form is 0xxx xxx xxx (today's mobiles): the common case
# on a manifest of 2,000 stops, where asking phonenumbers for each number costs a tenth of the PDF's time. Which
# three-digit prefixes qualify is asked of phonenumbers once, on first use, so its metadata stays the authority
# (tests/domain/test_phone.py compares both ways on numbers of every prefix).
_VN_NINE_DIGITS = re.compile(r"\+84(\d{9})")


def _grouped_4_3_3(digits: str) -> str:
    return f"0{digits[:3]} {digits[3:6]} {digits[6:]}"


@functools.cache
def _prefixes_written_4_3_3() -> frozenset[str]:
    def written_so(digits: str) -> bool:
        number = phonenumbers.parse("+84" + digits)
        return phonenumbers.is_valid_number(number) and phonenumbers.format_number(
            number, phonenumbers.PhoneNumberFormat.NATIONAL) == _grouped_4_3_3(digits)

    return frozenset(prefix for prefix in (f"{n:03d}" for n in range(1000))
                     if all(written_so(prefix + rest) for rest in ("000000", "123456", "271828", "500000", "999999")))


def format_national(e164: str) -> str:
    """Return the number as its own country writes it, e.g. "0912 345 678"."""
    nine = _VN_NINE_DIGITS.fullmatch(e164)
    if nine and nine.group(1)[:3] in _prefixes_written_4_3_3():
        return _grouped_4_3_3(nine.group(1))
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
