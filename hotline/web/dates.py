"""Days typed by people: dd/mm/yyyy, whatever language or locale the browser runs in.

A native date input shows mm/dd/yyyy in a browser set to US English, so the console uses text inputs
(`_dates.html`'s `day_input`) and reads them here. An ISO date (yyyy-mm-dd) is read too, for links that
carry a day in their query.
"""

from __future__ import annotations

import re
from datetime import date

DAY_FORMAT = "dd/mm/yyyy"
_WRITTEN = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def parse_day(text: str) -> date:
    """The day written as dd/mm/yyyy (or d/m/yyyy, with / . or - between); ValueError when there is none."""
    text = text.strip()
    if match := _WRITTEN.fullmatch(text):
        day, month, year = (int(part) for part in match.groups())
    elif match := _ISO.fullmatch(text):
        year, month, day = (int(part) for part in match.groups())
    else:
        raise ValueError(f"not a day written as {DAY_FORMAT}: {text!r}")
    return date(year, month, day)
