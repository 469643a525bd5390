"""Parse fishing-vessel registration numbers such as QNg-90123-TS."""

from __future__ import annotations

import re
from dataclasses import dataclass

from hotline.infra.text import strip_diacritics

FISHING_SUFFIX = "TS"

# Canonical registration prefix -> province, for the coastal provinces.
PROVINCE_PREFIXES: dict[str, str] = {
    "QN": "Quảng Ninh",
    "HP": "Hải Phòng",
    "TB": "Thái Bình",
    "NĐ": "Nam Định",
    "TH": "Thanh Hóa",
    "NA": "Nghệ An",
    "HT": "Hà Tĩnh",
    "QB": "Quảng Bình",
    "QT": "Quảng Trị",
    "TTH": "Thừa Thiên Huế",
    "ĐNa": "Đà Nẵng",
    "QNa": "Quảng Nam",
    "QNg": "Quảng Ngãi",
    "BĐ": "Bình Định",
    "PY": "Phú Yên",
    "KH": "Khánh Hòa",
    "NT": "Ninh Thuận",
    "BTh": "Bình Thuận",
    "BV": "Bà Rịa-Vũng Tàu",
    "TG": "Tiền Giang",
    "BTr": "Bến Tre",
    "ST": "Sóc Trăng",
    "BL": "Bạc Liêu",
    "CM": "Cà Mau",
    "KG": "Kiên Giang",
}


def _key(prefix: str) -> str:
    """Fold a prefix for lookup: no diacritics (Đ -> D), upper case."""
    return strip_diacritics(prefix).upper()


_BY_KEY: dict[str, str] = {_key(prefix): prefix for prefix in PROVINCE_PREFIXES}

# Letters, 4-5 digits, optional letters; separated by nothing, spaces, hyphens or dots.
_PATTERN = re.compile(r"^(?:([A-Z]+)[\s.\-]*)?([0-9]{4,5})(?:[\s.\-]*([A-Z]+))?$")


class VesselNumberError(ValueError):
    """A vessel registration number that is not in the expected form."""


@dataclass(frozen=True)
class VesselNumber:
    """A fishing vessel's registration number in canonical form."""

    prefix: str
    digits: str
    suffix: str = FISHING_SUFFIX

    def __post_init__(self) -> None:
        """Refuse parts that would not make a canonical number."""
        if self.prefix not in PROVINCE_PREFIXES:
            raise VesselNumberError(f"unknown province prefix {self.prefix!r}; expected e.g. 'QNg'")
        if not (self.digits.isascii() and self.digits.isdigit() and 4 <= len(self.digits) <= 5):
            raise VesselNumberError(f"vessel digits {self.digits!r} must be 4 or 5 digits")
        if self.suffix != FISHING_SUFFIX:
            raise VesselNumberError(f"suffix {self.suffix!r} is not {FISHING_SUFFIX!r} (fishing vessel)")

    def __str__(self) -> str:
        """Return the canonical form, e.g. QNg-90123-TS."""
        return f"{self.prefix}-{self.digits}-{self.suffix}"


def canonical_prefix(raw: str) -> str:
    """Return the canonical spelling of a province prefix, ignoring case and diacritics."""
    prefix = _BY_KEY.get(_key(raw.strip()))
    if prefix is None:
        known = ", ".join(PROVINCE_PREFIXES)
        raise VesselNumberError(f"unknown province prefix {raw!r}; expected one of: {known}")
    return prefix


def parse_vessel_number(raw: str, default_prefix: str) -> VesselNumber:
    """Read a vessel number as written or keyed; bare digits take `default_prefix`."""
    match = _PATTERN.match(_key(raw.strip()))
    if match is None:
        raise VesselNumberError(
            f"vessel number {raw!r} is not in the form PROVINCE-DIGITS-TS "
            "with 4 or 5 digits, e.g. QNg-90123-TS or 90123"
        )
    letters, digits, suffix = match.groups()
    prefix = canonical_prefix(letters if letters is not None else default_prefix)
    if suffix is not None and suffix != FISHING_SUFFIX:
        raise VesselNumberError(
            f"vessel number {raw!r} ends in {suffix!r}; fishing vessels end in {FISHING_SUFFIX!r}"
        )
    return VesselNumber(prefix=prefix, digits=digits)
