"""Reports for supervisors over any period and procedure: the 766 index, charts and tables, and an Excel file."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import field
from datetime import date
from datetime import datetime

from flask import Blueprint
from flask import Response
from flask import abort
from flask import render_template
from flask import request
from flask.typing import ResponseReturnValue
from sqlalchemy import select

from hotline.console.index_lines import INDEX_TITLE
from hotline.console.index_lines import index_lines
from hotline.console.report_book import report_workbook
from hotline.console.report_data import build_report
from hotline.domain.workdays import LOCAL_TZ
from hotline.infra.db import get_session
from hotline.models import Procedure
from hotline.models import utcnow
from hotline.services.catalogue import work_calendar
from hotline.services.province_index import Period
from hotline.web.auth import MANAGERS
from hotline.web.auth import roles_required
from hotline.web.dates import parse_day
from hotline.web.i18n import current_language
from hotline.web.i18n import translate as _

bp = Blueprint("reports", __name__)

# With no days chosen, a report covers this month and the eleven before it.
DEFAULT_MONTHS = 12


@dataclass
class PeriodForm:
    """The period as typed (shown back as typed when it cannot be read) and what was wrong with it."""

    first: str
    last: str
    procedure: str
    problems: list[str] = field(default_factory=list)


def default_period(today: date) -> Period:
    months_back = today.year * 12 + today.month - DEFAULT_MONTHS
    return Period(date(months_back // 12, months_back % 12 + 1, 1), today)


def read_period(args: Mapping[str, str], today: date) -> tuple[Period, PeriodForm]:
    """The period the query asks for; what cannot be read is named, and the default stands in for it."""
    default = default_period(today)
    form = PeriodForm(args.get("from", "").strip(), args.get("to", "").strip(), args.get("procedure", "").strip())
    days: list[date] = []
    for typed, fallback, name in ((form.first, default.first, "Từ ngày"), (form.last, default.last, "Đến ngày")):
        try:
            days.append(parse_day(typed) or fallback)
        except ValueError:
            form.problems.append(_("{field}: hãy ghi ngày theo dạng dd/mm/yyyy.", field=_(name)))
            days.append(fallback)
    procedure_id = int(form.procedure) if form.procedure.isdigit() else None
    try:
        return Period(days[0], days[1], procedure_id), form
    except ValueError:
        form.problems.append(_("Ngày bắt đầu phải trước hoặc trùng ngày kết thúc."))
        return Period(default.first, default.last, procedure_id), form


def format_percent(rate: float | None) -> str:
    """A share as people here write it: 98,5% in Vietnamese, 98.5% in English; a dash when nothing was counted."""
    if rate is None:
        return "—"
    shown = f"{rate * 100:.1f}%"
    return shown.replace(".", ",") if current_language() == "vi" else shown


def _procedures() -> list[Procedure]:
    # Retired procedures stay: a past period still has their dossiers.
    return list(get_session().scalars(select(Procedure).order_by(Procedure.active.desc(), Procedure.keypad_key)))


def _local_today(now: datetime | None = None) -> date:
    return (now or utcnow()).astimezone(LOCAL_TZ).date()


@bp.route("/reports")
@roles_required(*MANAGERS)
def reports() -> ResponseReturnValue:
    period, form = read_period(request.args, _local_today())
    report = build_report(get_session(), work_calendar(), period)
    peak = max([max(r, s) for _m, r, s in report.months] or [0]) or 1
    # The figures are grouped by the Vietnamese name; English pages show the catalogue's English one.
    english = {vi: en for vi, en in get_session().execute(select(Procedure.name_vi, Procedure.name_en))}
    page = render_template("reports.html", report=report, peak=peak, english_names=english, form=form,
                           procedures=_procedures(), index_title=INDEX_TITLE, lines=index_lines(report.index),
                           percent=format_percent)
    return page, 400 if form.problems else 200


@bp.route("/reports.xlsx")
@roles_required(*MANAGERS)
def reports_xlsx() -> ResponseReturnValue:
    period, form = read_period(request.args, _local_today())
    if form.problems:
        abort(400)
    procedure = get_session().get(Procedure, period.procedure_id) if period.procedure_id else None
    if period.procedure_id and procedure is None:
        abort(404)
    data = report_workbook(build_report(get_session(), work_calendar(), period), procedure)
    name = f"bao-cao-{period.first:%d.%m.%Y}-{period.last:%d.%m.%Y}.xlsx"
    return Response(data, mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})
