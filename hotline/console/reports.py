"""Reports for supervisors: charts and tables on the page, the same figures as an Excel file."""

from __future__ import annotations

import io
from collections.abc import Sequence

from flask import Blueprint
from flask import Response
from flask import render_template
from flask.typing import ResponseReturnValue
from openpyxl import Workbook
from sqlalchemy import select

from hotline.console.report_data import Report
from hotline.console.report_data import build_report
from hotline.infra.db import get_session
from hotline.infra.spreadsheet import append_safe_row
from hotline.models import Procedure
from hotline.services.catalogue import work_calendar
from hotline.web.auth import MANAGERS
from hotline.web.auth import roles_required
from hotline.web.i18n import label
from hotline.web.i18n import translate as _

bp = Blueprint("reports", __name__)


@bp.route("/reports")
@roles_required(*MANAGERS)
def reports() -> ResponseReturnValue:
    report = build_report(get_session(), work_calendar())
    peak = max([max(r, s) for _m, r, s in report.months] or [0]) or 1
    # The figures are grouped by the Vietnamese name; English pages show the catalogue's English one.
    english = {vi: en for vi, en in get_session().execute(select(Procedure.name_vi, Procedure.name_en))}
    return render_template("reports.html", report=report, peak=peak, english_names=english)


def report_workbook(report: Report) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Theo thang"
    append_safe_row(sheet, [_("Tháng"), _("Tiếp nhận"), _("Đã giải quyết")])
    for row in report.months:
        append_safe_row(sheet, row)
    sheets: list[tuple[str, list[str], Sequence[Sequence[object]]]] = [
        ("Dung han", [_("Thủ tục"), _("Trước hạn"), _("Đúng hạn"), _("Trễ hạn")], report.timeliness),
        ("Kenh", [_("Kênh"), _("Số hồ sơ")], [(label(c), n) for c, n in report.channels]),
        ("Cho chep loi", [_("Trạng thái"), _("Số bản ghi")], [(label(s), n) for s, n in report.backlog]),
        ("Hai long", [_("Số đánh giá"), _("Hài lòng")], [(report.ratings, report.satisfied)]),
    ]
    for title, heading, table in sheets:
        extra = book.create_sheet(title)
        append_safe_row(extra, heading)
        for line in table:
            append_safe_row(extra, line)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@bp.route("/reports.xlsx")
@roles_required(*MANAGERS)
def reports_xlsx() -> ResponseReturnValue:
    data = report_workbook(build_report(get_session(), work_calendar()))
    return Response(data, mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    headers={"Content-Disposition": 'attachment; filename="bao-cao.xlsx"'})
