"""Every way a Vietnamese number may have been written down, so a person's data is found whatever form it took.

Rows hold numbers as E.164 (+84912345678), but older rows and other systems wrote the national form
(0912345678), the international one without '+' (84912345678), the grouped national form
(0912 345 678) or, before the 2018 renumbering, an 11-digit mobile number (01623456789 for today's
0323456789).
"""

from __future__ import annotations

from hotline.domain.phone import format_national

# The mobile prefixes Vietnam renumbered in 2018: old three-digit prefix (after 0) -> new two-digit one.
RENUMBERED_2018 = {
    "120": "70", "121": "79", "122": "77", "126": "76", "128": "78",
    "123": "83", "124": "84", "125": "85", "127": "81", "129": "82",
    "162": "32", "163": "33", "164": "34", "165": "35", "166": "36", "167": "37", "168": "38", "169": "39",
    "186": "56", "188": "58", "199": "59",
}
_NEW_TO_OLD = {new: old for old, new in RENUMBERED_2018.items()}


def written_forms(e164: str) -> list[str]:
    """The forms of a normalised number as they may be stored, the E.164 one first."""
    forms = [e164, e164.lstrip("+")]
    if e164.startswith("+84"):
        national = "0" + e164[3:]
        forms += [national, format_national(e164)]
        old_prefix = _NEW_TO_OLD.get(e164[3:5]) if len(e164) == 12 else None
        if old_prefix is not None:
            old_national = "0" + old_prefix + e164[5:]
            forms += [old_national, "+84" + old_national[1:], "84" + old_national[1:]]
    return list(dict.fromkeys(forms))
