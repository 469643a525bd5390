"""Vietnam's provinces and communes/wards as they stand since July 2025 (vietnam-provinces)."""

from __future__ import annotations

import unicodedata
from functools import cache

from vietnam_provinces import Province
from vietnam_provinces import ProvinceCode
from vietnam_provinces import Ward
from vietnam_provinces import WardCode

from hotline.infra.text import fold


class PlaceError(ValueError):
    """A province or commune/ward code that does not exist."""


class AmbiguousPlace(PlaceError):
    """A name written without its accents that fits several communes/wards, e.g. "Son Ha" (Sơn Hà, Sơn Hạ)."""

    def __init__(self, name: str, candidates: list[tuple[int, str]]) -> None:
        self.name = name
        self.candidates = candidates
        super().__init__(f"{name!r} fits several communes or wards: {', '.join(n for _, n in candidates)}; "
                         "write it with its accents")


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
# Vietnamese tone marks (huyền, sắc, hỏi, ngã, nặng) as combining characters; the marks that make another
# vowel (â, ă, ê, ô, ơ, ư) are not tones and stay part of the letter.
_TONES = {"\u0300", "\u0301", "\u0309", "\u0303", "\u0323"}


def _without_kind(folded: str) -> str:
    for kind in _KINDS:
        if folded.startswith(kind):
            return folded[len(kind):]
    return folded


def _spelling(name: str) -> str:
    """A name as written, compared without case and without where a tone mark sits: "Hoà" and "Hòa" are one.

    Each word keeps its letters (ơ is not ô) and its tone, moved to the word's end; the kind is dropped.
    """
    words = name.lower().split()
    for kind in _KINDS:
        kind_words = kind.split()
        if [fold(word) for word in words[:len(kind_words)]] == kind_words:
            words = words[len(kind_words):]
            break
    spelled = []
    for word in words:
        decomposed = unicodedata.normalize("NFD", word)
        tones = "".join(ch for ch in decomposed if ch in _TONES)
        spelled.append(unicodedata.normalize("NFC", "".join(ch for ch in decomposed if ch not in _TONES)) + tones)
    return " ".join(spelled)


def find_ward(province_code: int, name: str) -> int:
    """Find a commune/ward by name, the "Xã"/"Phường" prefix optional.

    A name written with its accents finds that commune only, even when another differs from it by a tone
    mark alone (Sơn Hà, Sơn Hạ). Written without them, it finds the one commune it fits, and a name that fits
    several raises AmbiguousPlace naming them all, never the first one silently.
    """
    wanted = _without_kind(fold(name))
    fits = [(code, ward) for code, ward in wards_of(province_code) if wanted == _without_kind(fold(ward))]
    if len(fits) > 1:
        spelled = [(code, ward) for code, ward in fits if _spelling(ward) == _spelling(name)]
        if len(spelled) == 1:
            return spelled[0][0]
        raise AmbiguousPlace(name, fits)
    if fits:
        return fits[0][0]
    raise PlaceError(f"no commune or ward named {name!r} in province {province_code}")


def full_address(line: str | None, ward_code: int | None, province_code: int | None) -> str:
    """Address line, commune/ward, province, as written on an envelope."""
    parts = [line] if line else []
    if ward_code:
        parts.append(ward_name(ward_code))
    if province_code:
        parts.append(province_name(province_code))
    return ", ".join(parts)
