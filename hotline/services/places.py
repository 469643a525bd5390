"""Vietnam's provinces and communes/wards as they stand since July 2025 (vietnam-provinces)."""

from __future__ import annotations

from functools import cache

from vietnam_provinces import Province
from vietnam_provinces import ProvinceCode
from vietnam_provinces import Ward
from vietnam_provinces import WardCode

from hotline.infra.text import fold


class PlaceError(ValueError):
    """A province or commune/ward code that does not exist."""


def province_name(code: int) -> str:
    try:
        return Province.from_code(ProvinceCode(code)).name
    except ValueError as exc:
        raise PlaceError(f"no province with code {code}") from exc


def ward_name(code: int) -> str:
    try:
        return Ward.from_code(WardCode(code)).name
    except ValueError as exc:
        raise PlaceError(f"no commune or ward with code {code}") from exc


@cache
def wards_of(province_code: int) -> tuple[tuple[int, str], ...]:
    """The communes and wards of a province as (code, name), sorted by name without accents."""
    wards = Ward.iter_by_province(ProvinceCode(province_code))
    return tuple(sorted(((int(w.code), w.name) for w in wards), key=lambda cw: fold(cw[1])))


_KINDS = ("xa ", "phuong ", "dac khu ", "thi tran ")


def _without_kind(folded: str) -> str:
    for kind in _KINDS:
        if folded.startswith(kind):
            return folded[len(kind):]
    return folded


def find_ward(province_code: int, name: str) -> int:
    """Find a commune/ward by name, accents and the "Xã"/"Phường" prefix optional."""
    wanted = _without_kind(fold(name))
    for code, ward in wards_of(province_code):
        if wanted == _without_kind(fold(ward)):
            return code
    raise PlaceError(f"no commune or ward named {name!r} in province {province_code}")


def full_address(line: str | None, ward_code: int | None, province_code: int | None) -> str:
    """Address line, commune/ward, province, as written on an envelope."""
    parts = [line] if line else []
    if ward_code:
        parts.append(ward_name(ward_code))
    if province_code:
        parts.append(province_name(province_code))
    return ", ".join(parts)
