"""The supervisor's day: choose a period and a procedure, read Decision 766's figures with their
definitions, and take the same figures away as an Excel file, at a desk and on a phone."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from openpyxl import load_workbook

from hotline.models import Role
from tests.browser.conftest import check_page
from tests.browser.conftest import follow
from tests.browser.conftest import sign_in
from tests.console.report_world import FIRST
from tests.console.report_world import build_march
from tests.factories import make_user
from tests.factories import procedure
from tests.tools import open_session

pytestmark = [pytest.mark.browser]

SHEETS = ["Chỉ số 766", "Theo tháng", "Đúng hạn theo thủ tục", "Kênh tiếp nhận", "Chờ chép lời"]


@pytest.fixture
def procedure_name(app: Flask) -> str:
    """A month of known records and a supervisor; the name of the procedure the supervisor picks."""
    with open_session(app) as session:
        make_user(session, Role.SUPERVISOR, username="supervisor")
        build_march(session)
        session.commit()
        return procedure(session, FIRST).name_vi


def _index(page: Any) -> dict[str, str]:
    """The 766 table as the supervisor reads it: each line's name and its rate."""
    rows = page.locator("#index766 tr:not(.head)")
    return {rows.nth(n).locator("strong").inner_text(): rows.nth(n).locator("td.rate").inner_text()
            for n in range(rows.count())}


def test_a_supervisor_reports_a_month_of_one_procedure_and_takes_it_away_in_excel(
        page: Any, procedure_name: str, tmp_path: Path) -> None:
    sign_in(page, "supervisor")
    check_page(page)
    follow(page, page.get_by_role("link", name="Báo cáo", exact=True))
    check_page(page)

    page.get_by_label("Từ ngày").fill("01/03/2026")
    page.get_by_label("Đến ngày").fill("31/03/2026")
    page.get_by_label("Thủ tục").select_option(label=procedure_name)
    follow(page, page.get_by_role("button", name="Xem báo cáo"))
    check_page(page)

    # The days read back day first, though this browser is set to US English.
    assert page.get_by_label("Từ ngày").input_value() == "01/03/2026"
    assert page.get_by_label("Đến ngày").input_value() == "31/03/2026"
    index = page.locator("#index766")
    assert "Từ 01/03/2026 đến 31/03/2026" in index.inner_text()
    assert _index(page) == {
        "Hồ sơ giải quyết trước hạn và đúng hạn": "75,0%", "Trong đó: Trước hạn": "25,0%",
        "Trong đó: Đúng hạn": "50,0%", "Trong đó: Trễ hạn": "25,0%", "Mức độ hài lòng": "66,7%",
        "Hồ sơ nộp qua bưu chính": "40,0%", "Kết quả trả qua bưu chính": "50,0%", "Cuộc gọi được trả lời": "75,0%"}
    assert index.get_by_text("trên tổng số hồ sơ có kết quả trong kỳ").first.is_visible()

    with page.expect_download() as download:
        page.get_by_role("link", name="Tải Excel").click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    assert saved.name == "bao-cao-01.03.2026-31.03.2026.xlsx"
    book = load_workbook(saved)
    assert book.sheetnames == SHEETS
    sheet = book["Chỉ số 766"]
    assert sheet["B3"].value == procedure_name
    timely = next(row for row in sheet.iter_rows() if row[0].value == "Hồ sơ giải quyết trước hạn và đúng hạn")
    assert [cell.value for cell in timely[1:4]] == [3, 4, 0.75]
