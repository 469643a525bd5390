"""The dossier queue, the dossier page, its moves and its receipt."""

from __future__ import annotations

from datetime import date
from datetime import datetime

from flask import Blueprint
from flask import Response
from flask import abort
from flask import flash
from flask import redirect
from flask import render_template
from flask import request
from flask import url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from hotline.console.dossier_record import amount_collected
from hotline.console.dossier_record import machine_note
from hotline.console.dossier_record import messages_of
from hotline.console.dossier_record import rating_of
from hotline.console.dossier_record import recordings_of
from hotline.console.dossier_record import shipments_of
from hotline.console.receipt import build_receipt
from hotline.domain.phone import PhoneNumberError
from hotline.domain.phone import normalize_phone
from hotline.domain.workdays import LOCAL_TZ
from hotline.infra.db import get_session
from hotline.infra.province import province
from hotline.models import ALLOWED_MOVES
from hotline.models import REASON_REQUIRED
from hotline.models import Channel
from hotline.models import Dossier
from hotline.models import DossierState
from hotline.models import TransitionError
from hotline.services.catalogue import active_procedures
from hotline.services.catalogue import work_calendar
from hotline.services.charges import dossier_charges
from hotline.services.dossiers import dossier_for_move
from hotline.services.owner_texts import FAILURE_REASONS
from hotline.services.owner_texts import SCORE_LEVEL_WORDS
from hotline.services.owner_texts import STATUS_TEXTS
from hotline.services.owner_texts import owner_text
from hotline.services.places import full_address
from hotline.services.privacy_notice import privacy_link
from hotline.services.rearranging import RearrangeError
from hotline.services.rearranging import failed_shipment
from hotline.services.rearranging import rearrange
from hotline.services.receiving import receive_draft
from hotline.services.search import DossierQuery
from hotline.services.search import search_dossiers
from hotline.services.shipments import sms_phone
from hotline.services.workflow import move
from hotline.web.auth import STAFF
from hotline.web.auth import audit
from hotline.web.auth import roles_required
from hotline.web.dates import DayError
from hotline.web.dates import parse_day
from hotline.web.i18n import translate as _

bp = Blueprint("dossiers", __name__)

PER_PAGE = 25
# Moves that close a dossier for good are shown again, with what the owner will read, before they are made.
CONFIRMED_MOVES = frozenset({DossierState.REJECTED, DossierState.WITHDRAWN})


def _day(args: MultiDict[str, str], name: str, problems: list[str]) -> date | None:
    try:
        return parse_day(args.get(name, ""))
    except DayError as problem:
        problems.append(str(problem))
        return None


def _enum(kind: type[DossierState] | type[Channel], raw: str | None) -> DossierState | Channel | None:
    try:
        return kind(raw) if raw else None
    except ValueError:
        return None


def query_from_args(args: MultiDict[str, str]) -> tuple[DossierQuery, list[str]]:
    """Read the queue's filters from the query string; unreadable ones are dropped and named."""
    problems: list[str] = []
    procedure = args.get("procedure", "")
    page = args.get("page", "1")
    query = DossierQuery(
        q=args.get("q", "").strip() or None,
        state=_enum(DossierState, args.get("state")),  # type: ignore[arg-type]
        procedure_id=int(procedure) if procedure.isdigit() else None,
        channel=_enum(Channel, args.get("channel")),  # type: ignore[arg-type]
        overdue=args.get("overdue") == "1",
        due_before=_day(args, "due_before", problems),
        received_from=_day(args, "received_from", problems),
        received_to=_day(args, "received_to", problems),
        page=int(page) if page.isdigit() else 1,
        per_page=PER_PAGE,
        vessel_prefix=province().vessel_prefix,
    )
    return query, problems


@bp.route("/dossiers")
@roles_required(*STAFF)
def queue() -> ResponseReturnValue:
    query, problems = query_from_args(request.args)
    page = search_dossiers(get_session(), query)
    args = {k: v for k, v in request.args.items() if k != "page"}
    return render_template("queue.html", page=page, query=query, problems=problems, args=args,
                           procedures=active_procedures(get_session()), states=list(DossierState),
                           channels=list(Channel))


def find_dossier(code: str) -> Dossier:
    dossier = get_session().scalar(select(Dossier).where(Dossier.code == code))
    if dossier is None:
        abort(404)
    return dossier


def timeliness(dossier: Dossier) -> str | None:
    """early / on_time / late for a result; late (so far) for an open dossier past its due date."""
    if dossier.due_date is None:
        return None
    if dossier.result_at is not None:
        return work_calendar().classify(dossier.due_date, dossier.result_at).value
    if not dossier.state.is_closed and datetime.now(LOCAL_TZ).date() > dossier.due_date:
        return "late"
    return None


def render_dossier(dossier: Dossier, status: int = 200, reject_error: str | None = None) -> ResponseReturnValue:
    address = full_address(dossier.delivery_address, dossier.delivery_ward_code,
                           dossier.delivery_province_code)
    if address:
        audit("address_read", "dossier", dossier.code)
        get_session().commit()
    moves = sorted(ALLOWED_MOVES[dossier.state] - REASON_REQUIRED, key=lambda s: list(DossierState).index(s))
    recordings = recordings_of(dossier)
    return render_template("dossier.html", dossier=dossier, address=address, moves=moves,
                           can_reject=dossier.can_move_to(DossierState.REJECTED), reject_error=reject_error,
                           timeliness=timeliness(dossier), recordings=recordings,
                           machine_note=machine_note(dossier, recordings), messages=messages_of(dossier),
                           shipments=shipments_of(dossier), rating=rating_of(dossier),
                           collected=amount_collected(dossier), failure_reasons=FAILURE_REASONS,
                           rating_levels={score: words["vi"] for score, words in SCORE_LEVEL_WORDS.items()},
                           charges=dossier_charges(dossier),
                           failed=failed_shipment(get_session(), dossier)), status


@bp.route("/dossiers/<code>")
@roles_required(*STAFF)
def dossier_page(code: str) -> ResponseReturnValue:
    return render_dossier(find_dossier(code))


@bp.route("/dossiers/<code>/move", methods=["POST"])
@roles_required(*STAFF)
def move_dossier(code: str) -> ResponseReturnValue:
    try:
        target = DossierState(request.form.get("to", ""))
    except ValueError:
        abort(400)
    reason = request.form.get("reason", "").strip() or None
    if target in REASON_REQUIRED and reason is None:
        return render_dossier(find_dossier(code), 422, reject_error=_(
            "Hãy ghi lý do từ chối: chủ tàu sẽ nhận lý do này trong tin nhắn."))
    if target in CONFIRMED_MOVES and request.form.get("confirmed") != "1":
        dossier = find_dossier(code)
        return render_template("confirm_move.html", dossier=dossier, target=target, reason=reason,
                               sms=status_preview(dossier, target, reason))
    db = get_session()
    try:
        dossier = dossier_for_move(db, code=code)
        before = dossier.state
        move(db, dossier, target, actor=current_user.actor, calendar=work_calendar(), reason=reason,
             user_id=current_user.user_id)
        receive_draft(db, dossier, before)
    except LookupError:
        abort(404)
    except TransitionError as exc:
        db.rollback()
        flash(_("Không thể chuyển hồ sơ: {reason}", reason=str(exc)), "error")
        return redirect(url_for("console.dossiers.dossier_page", code=code)), 303
    detail = f"{before.value} -> {target.value}" + (f": {reason}" if reason else "")
    audit("state_change", "dossier", dossier.code, detail)
    db.commit()
    flash(_("Đã chuyển hồ sơ sang: {state}", state=_(target.label_vi)))
    return redirect(url_for("console.dossiers.dossier_page", code=code)), 303


def read_rearrangement(form: MultiDict[str, str]) -> tuple[date | None, str | None, str | None]:
    """A new day (dd/mm/yyyy, a working day after today) and/or a stand-in's number and name, as the form gives
    them; ValueError with the reason, in the operator's language, when one is wrong or none is given."""
    raw_phone = form.get("proxy_phone", "").strip()
    phone = None
    day = parse_day(form.get("day", ""))  # DayError, a ValueError, names a day that cannot be read
    if day is not None:
        if day <= datetime.now(LOCAL_TZ).date() or not work_calendar().is_working_day(day):
            raise ValueError(_("Hãy chọn một ngày làm việc sau hôm nay."))
    if raw_phone:
        try:
            phone = normalize_phone(raw_phone)
        except PhoneNumberError:
            raise ValueError(_("Số điện thoại không hợp lệ: {value}", value=raw_phone)) from None
    if day is None and phone is None:
        raise ValueError(_("Hãy ghi ngày hẹn mới hoặc số điện thoại người giao nhận thay."))
    return day, phone, form.get("proxy_name", "").strip() or None


@bp.route("/dossiers/<code>/rearrange", methods=["POST"])
@roles_required(*STAFF)
def rearrange_shipment(code: str) -> ResponseReturnValue:
    """An operator rearranges a failed pickup or delivery, as the owner can by phone."""
    db = get_session()
    dossier = find_dossier(code)
    try:
        day, phone, name = read_rearrangement(request.form)
        shipment = rearrange(db, dossier.id, actor=current_user.actor, day=day, proxy_phone=phone, proxy_name=name,
                             user_id=current_user.user_id)
    except RearrangeError:
        db.rollback()
        flash(_("Hồ sơ này không có lần giao nhận nào cần hẹn lại."), "error")
    except ValueError as problem:
        db.rollback()
        flash(str(problem), "error")
    else:
        audit("shipment_rearranged", "shipment", shipment.tracking_code)
        db.commit()
        flash(_("Đã hẹn lại bưu gửi {code}.", code=shipment.tracking_code))
    return redirect(url_for("console.dossiers.dossier_page", code=code)), 303


def status_preview(dossier: Dossier, target: DossierState, reason: str | None) -> str | None:
    """The text the owner will get when the dossier moves to `target` (None: no text, or no number to text)."""
    text_id = STATUS_TEXTS.get(target)
    if text_id is None or sms_phone(dossier) is None:
        return None
    return owner_text(text_id, code=dossier.code, tracking="", due="", reason=reason or "")


@bp.route("/dossiers/<code>/receipt.pdf")
@roles_required(*STAFF)
def receipt(code: str) -> ResponseReturnValue:
    dossier = find_dossier(code)
    pdf = build_receipt(dossier, province(), work_calendar(), privacy_link("vi"))
    audit("receipt_printed", "dossier", dossier.code)
    get_session().commit()
    return Response(pdf, mimetype="application/pdf", headers={
        "Content-Disposition": f'inline; filename="giay-tiep-nhan-{dossier.code}.pdf"'})
