"""The supervisor's reports: any period and procedure, Decision 766's figures with their definitions,
dd/mm/yyyy inputs, and the same figures in an Excel file whose sheets keep their Vietnamese names."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from datetime import date

from flask import Flask
from flask.testing import FlaskClient
from openpyxl import load_workbook

from hotline.console.reports import default_period
from hotline.models import Role
from hotline.services.province_index import Period
from tests.console.conftest import post_form
from tests.console.report_world import FIRST
from tests.console.report_world import build_march
from tests.factories import procedure
from tests.tools import open_session

MARCH_QUERY = "from=01/03/2026&to=31/03/2026"
SHEETS = ["Chỉ số 766", "Theo tháng", "Đúng hạn theo thủ tục", "Kênh tiếp nhận", "Chờ chép lời"]


def _march(app: Flask) -> int:
    """Build the month of known records; the id of the procedure a supervisor picks."""
    with open_session(app) as session:
        build_march(session)
        session.commit()
        return procedure(session, FIRST).id


def _index_rows(html: str) -> dict[str, str]:
    """Each line of the 766 table: its name and its rate, as the page shows them."""
    table = html.split('id="index766"')[1].split("</table>")[0]
    return {name: rate for name, rate in re.findall(
        r"<td><strong>([^<]+)</strong>.*?class=\"rate\">([^<]+)</td>", table, re.S)}


def test_the_766_figures_of_a_chosen_month_are_shown_with_their_definitions(
        app: Flask, signed_in: Callable[[Role], FlaskClient]) -> None:
    _march(app)
    html = signed_in(Role.SUPERVISOR).get(f"/reports?{MARCH_QUERY}").get_data(as_text=True)
    assert _index_rows(html) == {
        "Hồ sơ giải quyết trước hạn và đúng hạn": "80,0%", "Trong đó: Trước hạn": "40,0%",
        "Trong đó: Đúng hạn": "40,0%", "Trong đó: Trễ hạn": "20,0%", "Mức độ hài lòng": "50,0%",
        "Hồ sơ nộp qua bưu chính": "50,0%", "Kết quả trả qua bưu chính": "66,7%", "Cuộc gọi được trả lời": "75,0%"}
    assert "Từ 01/03/2026 đến 31/03/2026" in html
    assert "trên tổng số hồ sơ có kết quả trong kỳ" in html
    assert "tính chung mọi thủ tục" in html


def test_a_procedure_narrows_the_report_and_the_excel_link_keeps_the_choice(
        app: Flask, signed_in: Callable[[Role], FlaskClient]) -> None:
    chosen = _march(app)
    html = signed_in(Role.SUPERVISOR).get(f"/reports?{MARCH_QUERY}&procedure={chosen}").get_data(as_text=True)
    assert _index_rows(html)["Hồ sơ giải quyết trước hạn và đúng hạn"] == "75,0%"
    assert f'<option value="{chosen}" selected>' in html
    assert f"/reports.xlsx?from=01/03/2026&amp;to=31/03/2026&amp;procedure={chosen}" in html.replace("%2F", "/")


def test_the_days_are_text_inputs_read_and_shown_as_dd_mm_yyyy(signed_in: Callable[[Role], FlaskClient]) -> None:
    client = signed_in(Role.SUPERVISOR)
    html = client.get("/reports?from=1/3/2026&to=31/03/2026").get_data(as_text=True)
    assert 'type="date"' not in html
    assert re.search(r'<input type="text" name="from" value="01/03/2026"[^>]*placeholder="dd/mm/yyyy"', html)
    assert 'name="to" value="31/03/2026"' in html


def test_a_day_that_cannot_be_read_is_named_and_shown_back_as_typed(
        signed_in: Callable[[Role], FlaskClient]) -> None:
    client = signed_in(Role.SUPERVISOR)
    refused = client.get("/reports?from=03/31/2026&to=31/03/2026")
    html = refused.get_data(as_text=True)
    assert refused.status_code == 400
    assert "Từ ngày: hãy ghi ngày theo dạng dd/mm/yyyy." in html and 'value="03/31/2026"' in html
    backwards = client.get("/reports?from=31/03/2026&to=01/03/2026")
    assert backwards.status_code == 400
    assert "Ngày bắt đầu phải trước hoặc trùng ngày kết thúc." in backwards.get_data(as_text=True)
    assert client.get("/reports.xlsx?from=31/02/2026").status_code == 400


def test_with_no_days_chosen_a_report_covers_this_month_and_the_eleven_before() -> None:
    assert default_period(date(2026, 3, 15)) == Period(date(2025, 4, 1), date(2026, 3, 15))
    assert default_period(date(2026, 12, 1)) == Period(date(2026, 1, 1), date(2026, 12, 1))


def test_the_excel_file_has_the_766_figures_and_sheets_named_in_vietnamese(
        app: Flask, signed_in: Callable[[Role], FlaskClient]) -> None:
    chosen = _march(app)
    export = signed_in(Role.SUPERVISOR).get(f"/reports.xlsx?{MARCH_QUERY}&procedure={chosen}")
    assert 'filename="bao-cao-01.03.2026-31.03.2026.xlsx"' in export.headers["Content-Disposition"]
    book = load_workbook(io.BytesIO(export.data))
    assert book.sheetnames == SHEETS
    index = book["Chỉ số 766"]
    assert index["B2"].value == "Từ 01/03/2026 đến 31/03/2026"
    with open_session(app) as session:
        name = procedure(session, FIRST).name_vi
    assert index["B3"].value == name
    rows = {row[0].value: row for row in index.iter_rows(min_row=6)}
    timely = rows["Hồ sơ giải quyết trước hạn và đúng hạn"]
    assert [c.value for c in timely[1:4]] == [3, 4, 0.75] and timely[3].number_format == "0.0%"
    assert timely[4].value.startswith("Hồ sơ có kết quả trong kỳ")
    assert [c.value for c in rows["Trong đó: Trễ hạn"][1:4]] == [1, 4, 0.25]
    assert [c.value for c in rows["Cuộc gọi được trả lời"][1:4]] == [6, 8, 0.75]
    assert book["Đúng hạn theo thủ tục"]["A2"].value == name


def test_in_english_the_figures_and_sheets_are_english(app: Flask, signed_in: Callable[[Role], FlaskClient]) -> None:
    _march(app)
    client = signed_in(Role.SUPERVISOR)
    post_form(client, "/language", {"lang": "en", "next": "/reports"}, page="/reports")
    app.extensions.pop("i18n_misses", None)
    html = client.get(f"/reports?{MARCH_QUERY}").get_data(as_text=True)
    assert _index_rows(html)["Dossiers resolved early or on time"] == "80.0%"
    book = load_workbook(io.BytesIO(client.get(f"/reports.xlsx?{MARCH_QUERY}").data))
    assert book.sheetnames == ["Index 766", "By month", "On time per procedure", "Channels", "Awaiting transcription"]
    assert app.extensions.get("i18n_misses", set()) == set()
