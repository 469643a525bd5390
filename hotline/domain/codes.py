"""Make and read dossier codes and the short phone codes callers key in."""

from __future__ import annotations

import random
import re
from datetime import date

# The Damm quasigroup of order 10 (weakly totally anti-symmetric): one check digit
# catches every single wrong digit and every swap of two neighbouring digits.
_DAMM_TABLE = (
    (0, 3, 1, 7, 5, 9, 8, 6, 4, 2),
    (7, 0, 9, 2, 1, 5, 4, 8, 6, 3),
    (4, 2, 0, 6, 8, 7, 1, 3, 5, 9),
    (1, 7, 5, 0, 9, 8, 3, 4, 2, 6),
    (6, 1, 2, 3, 0, 4, 5, 9, 7, 8),
    (3, 6, 7, 4, 2, 0, 9, 5, 8, 1),
    (5, 8, 6, 9, 7, 2, 0, 1, 3, 4),
    (8, 9, 4, 5, 3, 6, 2, 0, 1, 7),
    (9, 4, 3, 8, 6, 1, 7, 2, 0, 5),
    (2, 5, 8, 1, 4, 3, 6, 7, 9, 0),
)
PHONE_CODE_MAX_LENGTH = 20
_PHONE_CODE_NOISE = re.compile(r"[\s#*\-]")
_UNIT_CODE = re.compile(r"^[0-9A-Z]+(?:\.[0-9A-Z]+)*$")
_DOSSIER_CODE = re.compile(r"^(.+)-([0-9]{6})-([0-9]{4})$")
_MAX_SEQUENCE = 9999


class PhoneCodeError(ValueError):
    """A phone code that is malformed or fails its check digit."""


class DossierCodeError(ValueError):
    """A dossier code that is not in the form <unit>-<YYMMDD>-<NNNN>."""


def _is_digits(text: str) -> bool:
    """Tell whether `text` is one or more ASCII digits."""
    return text.isascii() and text.isdigit()


def _damm_interim(digits: str) -> int:
    """Run the Damm quasigroup over `digits` and return the interim digit."""
    interim = 0
    for ch in digits:
        interim = _DAMM_TABLE[interim][ord(ch) - ord("0")]
    return interim


def damm_check_digit(digits: str) -> str:
    """Return the Damm check digit for a string of digits."""
    if not _is_digits(digits):
        raise PhoneCodeError(f"{digits!r} must be one or more digits 0-9 to take a check digit")
    return str(_damm_interim(digits))


def damm_is_valid(code: str) -> bool:
    """Tell whether a string of digits ends in its correct Damm check digit."""
    return _is_digits(code) and _damm_interim(code) == 0


def make_phone_code(body: str) -> str:
    """Return `body` with its Damm check digit appended."""
    return body + damm_check_digit(body)


def new_phone_code(rng: random.Random | None = None, body_length: int = 7) -> str:
    """Return a fresh phone code: a random body not starting with 0, plus its check digit."""
    if body_length < 1:
        raise PhoneCodeError(f"body_length must be at least 1; got {body_length}")
    # A system source by default: a guessable code would reveal someone else's dossier status.
    source = rng if rng is not None else random.SystemRandom()
    first = str(source.randint(1, 9))
    rest = "".join(str(source.randint(0, 9)) for _ in range(body_length - 1))
    return make_phone_code(first + rest)


def group_digits(code: str, size: int = 4) -> list[str]:
    """Split a code into groups of `size` from the left, for reading back slowly."""
    if size < 1:
        raise ValueError(f"group size must be at least 1; got {size}")
    return [code[i : i + size] for i in range(0, len(code), size)]


def parse_phone_code(raw: str) -> str:
    """Return the phone code keyed or written in `raw`, without spaces, '#', '*' or '-'."""
    code = _PHONE_CODE_NOISE.sub("", raw)
    if not code:
        raise PhoneCodeError(f"phone code {raw!r} has no digits; expected a code such as 1234 5678")
    if not _is_digits(code):
        raise PhoneCodeError(f"phone code {raw!r} must contain only digits")
    if not 2 <= len(code) <= PHONE_CODE_MAX_LENGTH:
        raise PhoneCodeError(
            f"phone code {raw!r} has {len(code)} digits; expected 2 to {PHONE_CODE_MAX_LENGTH}"
        )
    if not damm_is_valid(code):
        raise PhoneCodeError(f"phone code {raw!r} fails its check digit; a digit is wrong or swapped")
    return code


def format_dossier_code(unit_code: str, day: date, sequence: int) -> str:
    """Return the national one-stop dossier code, e.g. 000.00.15.H48-261128-0001."""
    if not _UNIT_CODE.match(unit_code):
        raise DossierCodeError(
            f"unit code {unit_code!r} must be upper-case letters and digits in dot-separated parts, "
            "e.g. '000.00.15.H48'"
        )
    if not 1 <= sequence <= _MAX_SEQUENCE:
        raise DossierCodeError(f"daily sequence {sequence} is out of range; expected 1 to {_MAX_SEQUENCE}")
    if not 2000 <= day.year <= 2099:
        raise DossierCodeError(f"day {day.isoformat()} is outside 2000-2099, which YYMMDD can name")
    return f"{unit_code}-{day:%y%m%d}-{sequence:04d}"


def parse_dossier_code(raw: str) -> tuple[str, date, int]:
    """Return the unit code, day and daily sequence of a dossier code."""
    text = raw.strip().upper()
    match = _DOSSIER_CODE.match(text)
    if match is None or not _UNIT_CODE.match(match.group(1)):
        raise DossierCodeError(
            f"dossier code {raw!r} is not in the form <unit>-<YYMMDD>-<NNNN>, e.g. 000.00.15.H48-261128-0001"
        )
    unit_code, yymmdd, digits = match.groups()
    try:
        day = date(2000 + int(yymmdd[:2]), int(yymmdd[2:4]), int(yymmdd[4:]))
    except ValueError as exc:
        raise DossierCodeError(
            f"dossier code {raw!r} has {yymmdd!r}, which is not a real YYMMDD day"
        ) from exc
    sequence = int(digits)
    if sequence < 1:
        raise DossierCodeError(f"dossier code {raw!r} has sequence 0000; sequences start at 0001")
    return unit_code, day, sequence
