"""Make and check UPU S10 tracking codes such as EE123456785VN."""

from __future__ import annotations

import re

_WEIGHTS = (8, 6, 4, 2, 3, 5, 9, 7)
_LETTERS = re.compile(r"^[A-Z]{2}$")
_SERIAL = re.compile(r"^[0-9]{8}$")
_S10 = re.compile(r"^[A-Z]{2}[0-9]{9}[A-Z]{2}$")
_WHITESPACE = re.compile(r"\s+")


class TrackingCodeError(ValueError):
    """A tracking code that is not a valid UPU S10 code."""


def s10_check_digit(serial: str) -> int:
    """Return the S10 check digit of an 8-digit serial number."""
    if not _SERIAL.match(serial):
        raise TrackingCodeError(f"serial {serial!r} must be exactly 8 digits 0-9")
    total = sum(weight * int(ch) for weight, ch in zip(_WEIGHTS, serial, strict=True))
    check = 11 - total % 11
    if check == 10:
        return 0
    if check == 11:
        return 5
    return check


def make_s10(service: str, serial: int | str, country: str = "VN") -> str:
    """Return the S10 code for a service indicator, serial number and country."""
    if not _LETTERS.match(service):
        raise TrackingCodeError(f"service indicator {service!r} must be 2 upper-case letters A-Z")
    if not _LETTERS.match(country):
        raise TrackingCodeError(f"country {country!r} must be 2 upper-case letters A-Z")
    if isinstance(serial, int):
        if not 0 <= serial <= 99_999_999:
            raise TrackingCodeError(f"serial {serial} is out of range; expected 0 to 99999999")
        serial = f"{serial:08d}"
    return f"{service}{serial}{s10_check_digit(serial)}{country}"


def is_valid_s10(code: str) -> bool:
    """Tell whether `code` is exactly a canonical S10 code with a correct check digit."""
    if not _S10.match(code):
        return False
    return s10_check_digit(code[2:10]) == int(code[10])


def parse_s10(raw: str) -> str:
    """Return the canonical S10 code in `raw`, upper-cased and without whitespace."""
    code = _WHITESPACE.sub("", raw).upper()
    if not _S10.match(code):
        raise TrackingCodeError(
            f"tracking code {raw!r} is not 2 letters, 9 digits and 2 letters, e.g. EE123456785VN"
        )
    if not is_valid_s10(code):
        raise TrackingCodeError(f"tracking code {raw!r} fails its check digit (the 11th character)")
    return code
