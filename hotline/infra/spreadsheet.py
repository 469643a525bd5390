"""Spreadsheet cells that show text as text: the guard against formula injection in every CSV and Excel file.

A name or address typed by a caller, an operator or an import can begin with "=", "+", "-" or "@"; Excel and
LibreOffice read such a cell as a formula, which can open links or run commands on the PC that opens the file.
OWASP's advice (CSV injection) is followed: such text gets a leading apostrophe, and in Excel every text cell
is stored as a string cell, never a formula.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from openpyxl.worksheet.worksheet import Worksheet

# OWASP's starts (=, +, -, @, tab, CR), a line feed too, and the full-width forms that Excel in East Asian
# locales also takes as the start of a formula.
FORMULA_STARTS = frozenset("=+-@\t\r\n\uff1d\uff0b\uff0d\uff20")
# Spaces a spreadsheet may skip before it looks for the "=".
_LEADING_SPACES = " \u00a0\u3000"
# A bare number such as "+84912345678" or "-5" is no formula: it stays as it is.
_PLAIN_NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)*")


def safe_cell(value: object) -> object:
    """The value to write into a cell: text that a spreadsheet would run gets a leading apostrophe."""
    if not isinstance(value, str) or _PLAIN_NUMBER.fullmatch(value):
        return value
    if value.lstrip(_LEADING_SPACES)[:1] in FORMULA_STARTS:
        return "'" + value
    return value


def safe_row(values: Iterable[object]) -> list[object]:
    """A row for csv.writer, each cell through `safe_cell`; numbers stay numbers."""
    return [safe_cell(value) for value in values]


def append_safe_row(sheet: Worksheet, values: Iterable[object]) -> None:
    """Append a row to an Excel sheet: text as string cells (openpyxl would make "=…" a formula), numbers as numbers."""
    sheet.append(safe_row(values))
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str):
            cell.data_type = "s"


# Excel refuses these in a sheet's name, and names longer than 31 characters; every other character,
# Vietnamese letters with their tone marks included, is allowed.
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
SHEET_TITLE_MAX = 31


def sheet_title(name: str) -> str:
    """`name` as a sheet's name: only what Excel forbids is replaced (by "-"), and it is cut to 31 characters."""
    # A name may not start or end with an apostrophe either.
    title = _SHEET_FORBIDDEN.sub("-", name)[:SHEET_TITLE_MAX].strip(" '")
    return title or "-"
