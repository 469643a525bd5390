"""Spreadsheet-safe cells: text a spreadsheet would run as a formula is written as text, numbers stay numbers."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook
from openpyxl import load_workbook

from hotline.infra.spreadsheet import append_safe_row
from hotline.infra.spreadsheet import safe_cell
from hotline.infra.spreadsheet import sheet_title

# One payload per start a spreadsheet takes as a formula (OWASP's list, LF, full-width forms, leading spaces).
HOSTILE = ['=HYPERLINK("http://evil.test","Bấm")', "+cmd|' /C calc'!A0", "-2+3+cmd|' /C calc'!A0",
           "@SUM(1+1)*cmd|' /C calc'!A0", "\t=1+1", "\r=1+1", "\n=1+1", "＝1+1", "＋1+1", "－1+1", "＠SUM(1)",
           "  =1+1", "\u00a0=1+1"]
HARMLESS = ["Nguyễn Thị Hường", "Thôn Đông, An Vĩnh", "Số 5 - đường 3/2", "", "a=b", "'already quoted"]


@pytest.mark.parametrize("text", HOSTILE)
def test_text_that_would_start_a_formula_gets_an_apostrophe(text: str) -> None:
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize("text", HARMLESS)
def test_ordinary_text_is_left_as_it_is(text: str) -> None:
    assert safe_cell(text) == text


@pytest.mark.parametrize("value", [95000, 0, -5, 2.5, None, "+84912345678", "-5", "1.000", "12,5"])
def test_numbers_and_bare_numbers_in_text_stay_as_they_are(value: object) -> None:
    assert safe_cell(value) == value


def test_an_excel_row_keeps_text_as_string_cells_and_numbers_as_numbers(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    append_safe_row(sheet, ["=1+1", "#N/A", "Hường", 95000, "+84912345678"])
    book.save(tmp_path / "t.xlsx")
    cells = list(load_workbook(tmp_path / "t.xlsx").active.iter_rows())[0]
    assert [(c.value, c.data_type) for c in cells] == [
        ("'=1+1", "s"), ("#N/A", "s"), ("Hường", "s"), (95000, "n"), ("+84912345678", "s")]


@pytest.mark.parametrize(("name", "title"), [
    ("Đúng hạn theo thủ tục", "Đúng hạn theo thủ tục"),
    ("Chờ chép lời", "Chờ chép lời"),
    ("Tỷ lệ 01/2026: [Bưu chính]?*\\", "Tỷ lệ 01-2026- -Bưu chính----"),
    ("Hồ sơ giải quyết trước hạn và đúng hạn", "Hồ sơ giải quyết trước hạn và đ"),
    ("'Quý I'", "Quý I"),
])
def test_a_sheet_keeps_its_vietnamese_name_less_only_what_excel_forbids(name: str, title: str, tmp_path: Path) -> None:
    assert sheet_title(name) == title
    book = Workbook()
    book.create_sheet(sheet_title(name))
    book.save(tmp_path / "b.xlsx")
    assert load_workbook(tmp_path / "b.xlsx").sheetnames[1] == title
