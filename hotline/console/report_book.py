"""The reports page as an Excel file: the 766 index first, with its definitions, then the tables."""

from __future__ import annotations

import io
from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from hotline.console.index_lines import INDEX_TITLE
from hotline.console.index_lines import index_lines
from hotline.console.report_data import Report
from hotline.infra.spreadsheet import append_safe_row
from hotline.infra.spreadsheet import sheet_title
from hotline.models import Procedure
from hotline.web.i18n import current_language
from hotline.web.i18n import format_day
from hotline.web.i18n import label
from hotline.web.i18n import translate as _

PERCENT = "0.0%"
COLUMN_WIDTHS = {"A": 44, "B": 12, "C": 14, "D": 10, "E": 100}


def _index_sheet(sheet: Worksheet, report: Report, procedure: Procedure | None) -> None:
    period = report.period
    shown = (procedure.name_vi if current_language() == "vi" else procedure.name_en) if procedure else _("Mọi thủ tục")
    append_safe_row(sheet, [_(INDEX_TITLE)])
    append_safe_row(sheet, [_("Kỳ báo cáo"), _("Từ {first} đến {last}", first=format_day(period.first),
                                                  last=format_day(period.last))])
    append_safe_row(sheet, [_("Thủ tục"), shown])
    append_safe_row(sheet, [])
    append_safe_row(sheet, [_("Chỉ số"), _("Số"), _("Trên tổng số"), _("Tỷ lệ"), _("Cách tính")])
    for line in index_lines(report.index):
        name = _("Trong đó: {name}", name=_(line.name)) if line.detail else _(line.name)
        rate = line.share.rate
        append_safe_row(sheet, [name, line.share.part, line.share.whole, rate if rate is not None else "—",
                                _(line.definition)])
        if rate is not None:
            sheet.cell(sheet.max_row, 4).number_format = PERCENT
    for column, width in COLUMN_WIDTHS.items():
        sheet.column_dimensions[column].width = width


def report_workbook(report: Report, procedure: Procedure | None) -> bytes:
    """The report for its period (and `procedure`, when one was chosen) as an .xlsx file's bytes."""
    book = Workbook()
    first = book.active
    assert first is not None  # a new workbook has its one sheet
    first.title = sheet_title(_("Chỉ số 766"))
    _index_sheet(first, report, procedure)
    sheets: list[tuple[str, list[str], Sequence[Sequence[object]]]] = [
        (_("Theo tháng"), [_("Tháng"), _("Tiếp nhận"), _("Đã giải quyết")], report.months),
        (_("Đúng hạn theo thủ tục"), [_("Thủ tục"), _("Trước hạn"), _("Đúng hạn"), _("Trễ hạn")],
         report.timeliness),
        (_("Kênh tiếp nhận"), [_("Kênh"), _("Số hồ sơ")], [(label(c), n) for c, n in report.channels]),
        (_("Chờ chép lời"), [_("Trạng thái"), _("Số bản ghi")], [(label(s), n) for s, n in report.backlog]),
    ]
    for title, heading, table in sheets:
        extra = book.create_sheet(sheet_title(title))
        append_safe_row(extra, heading)
        for line in table:
            append_safe_row(extra, line)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
