"""Dates people type into the console: always dd/mm/yyyy, whatever the browser's locale.

A native `<input type=date>` shows the browser's own order (mm/dd/yyyy on an English Chromium), so the
console's date fields are text fields with a dd/mm/yyyy pattern (`_date_field.html`'s `date_field`) read here.
"""

from __future__ import annotations

import re
from datetime import date

from hotline.web.i18n import translate

DAY_PATTERN = r"\d{1,2}/\d{1,2}/\d{4}"
DAY_PLACEHOLDER = "dd/mm/yyyy"
_DAY = re.compile(r"\s*(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})\s*")
_ISO = re.compile(r"\s*\d{4}-\d{2}-\d{2}\s*")


class DayError(ValueError):
    """A typed date that is not a real dd/mm/yyyy day; its message says so, in the page's language."""


def parse_day(raw: str) -> date | None:
    """The day typed as dd/mm/yyyy (or an older link's yyyy-mm-dd); None when empty; DayError otherwise."""
    if not raw.strip():
        return None
    try:
        if _ISO.fullmatch(raw):
            return date.fromisoformat(raw.strip())
        found = _DAY.fullmatch(raw)
        if found is None:
            raise ValueError(raw)
        day, month, year = (int(part) for part in found.groups())
        return date(year, month, day)
    except ValueError:
        raise DayError(translate("Ngày không hợp lệ: {value} (nhập theo dạng ngày/tháng/năm, ví dụ 25/12/2026)",
                                 value=raw.strip())) from None


def show_day(value: date | None) -> str:
    """A day as the date fields show it back: dd/mm/yyyy, or nothing."""
    return value.strftime("%d/%m/%Y") if value else ""
