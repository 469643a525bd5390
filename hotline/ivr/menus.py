"""The main menu, status, feedback and the operator, each named after what the caller hears."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import or_
from sqlalchemy import select

from hotline.domain.codes import PhoneCodeError
from hotline.domain.codes import parse_phone_code
from hotline.domain.phone import caller_phone
from hotline.domain.workdays import LOCAL_TZ
from hotline.infra.province import province
from hotline.ivr.new_dossier import ask_to_record
from hotline.ivr.new_dossier import procedure_name
from hotline.ivr.new_dossier import was_recorded
from hotline.ivr.prompts import STATE_NAMES_EN
from hotline.ivr.prompts import speak_code
from hotline.ivr.prompts import speak_date
from hotline.ivr.prompts import speak_digits
from hotline.ivr.prompts import speak_time
from hotline.ivr.rearrange import rearrange_offer
from hotline.ivr.turn import Turn
from hotline.ivr.twiml import Reply
from hotline.models import Dossier
from hotline.models import DossierState
from hotline.models import Shipment
from hotline.models import ShipmentKind
from hotline.models import utcnow
from hotline.models.dossier import CLOSED_STATES
from hotline.services.catalogue import work_calendar
from hotline.services.filing import callback_task
from hotline.services.filing import record_feedback as keep_feedback

MAX_LISTED_DOSSIERS = 9


def main_menu(turn: Turn) -> str | None:
    gather = turn.reply.gather(turn.action("main_menu"), one_key=True)
    turn.reply.say("main_menu", into=gather)
    turn.reply.say("language_offer", into=gather, lang=other_language(turn.reply.lang))
    return None


def other_language(lang: str) -> str:
    return "en" if lang == "vi" else "vi"


def switch_language(turn: Turn) -> str | None:
    turn.call.language = other_language(turn.call.language)
    turn.reply.lang = turn.call.language
    turn.reply.say("keys_help")
    return "main_menu"


def open_dossiers(turn: Turn) -> list[Dossier]:
    """The caller's dossiers still in progress, newest first."""
    phone = caller_phone(turn.call.from_number)
    mine = [Dossier.caller_phone == phone] if phone else []
    if turn.call.owner_id:
        mine.append(Dossier.owner_id == turn.call.owner_id)
    if not mine:
        return []
    return list(turn.session.scalars(
        select(Dossier)
        .where(or_(*mine), Dossier.state.not_in([*CLOSED_STATES, DossierState.DRAFT]))
        .order_by(Dossier.id.desc())
        .limit(MAX_LISTED_DOSSIERS)
    ))


def status_menu(turn: Turn) -> str | None:
    dossiers = open_dossiers(turn)
    turn.set("listed", [d.id for d in dossiers])
    lang = turn.reply.lang
    with_vessel = told_apart_by_vessel(dossiers)
    gather = turn.reply.gather(turn.action("status_menu"), one_key=False)
    for key, dossier in enumerate(dossiers, start=1):
        vessel = ""
        if dossier.id in with_vessel:
            vessel = turn.reply.text("listed_vessel", digits=speak_digits(vessel_digits(dossier), lang))
        turn.reply.say("status_choose_dossier", into=gather, key=key, name=procedure_name(dossier.procedure, lang),
                       date=speak_date(dossier.received_at.astimezone(LOCAL_TZ).date(), lang), vessel=vessel)
    turn.reply.say("ask_phone_code", into=gather)
    return None


def told_apart_by_vessel(dossiers: list[Dossier]) -> set[int]:
    """The dossiers whose vessel the list names: those of a procedure listed for more than one vessel."""
    vessels: dict[int, set[str]] = defaultdict(set)
    for dossier in dossiers:
        vessels[dossier.procedure_id].add(dossier.vessel_number or "")
    return {d.id for d in dossiers if d.vessel_number and len(vessels[d.procedure_id]) > 1}


def vessel_digits(dossier: Dossier) -> str:
    """The digits of the dossier's vessel number, as the caller keyed them ("QNg-90123-TS" -> "90123")."""
    return "".join(ch for ch in dossier.vessel_number or "" if ch.isascii() and ch.isdigit())


def read_dossier_choice(turn: Turn) -> str | None:
    listed: list[int] = turn.get("listed") or []
    if turn.digits.isdigit() and 1 <= int(turn.digits) <= len(listed):
        turn.set("status_dossier_id", listed[int(turn.digits) - 1])
        return "read_status"
    try:
        code = parse_phone_code(turn.digits)
    except PhoneCodeError:
        return None
    dossier_id = turn.session.scalar(select(Dossier.id).where(Dossier.phone_code == code))
    if dossier_id is None:
        return None
    turn.set("status_dossier_id", dossier_id)
    return "read_status"


def delivery_prompt(turn: Turn, dossier: Dossier) -> str:
    shipment = turn.session.scalars(
        select(Shipment)
        .where(Shipment.dossier_id == dossier.id, Shipment.kind == ShipmentKind.DELIVERY)
        .order_by(Shipment.id.desc())
    ).first()
    return "delivery_none" if shipment is None else f"delivery_{shipment.state.value}"


def read_status(turn: Turn) -> str | None:
    dossier = turn.session.get(Dossier, turn.get("status_dossier_id"))
    assert dossier is not None
    lang = turn.reply.lang
    if dossier.due_date is not None:
        promise = turn.reply.text("promise_due", date=speak_date(dossier.due_date, lang))
    else:
        expected = work_calendar().due_date(dossier.received_at, dossier.procedure.working_days)
        promise = turn.reply.text("promise_expected", date=speak_date(expected, lang))
    state = dossier.state.label_vi if lang == "vi" else STATE_NAMES_EN[dossier.state]
    gather = turn.reply.gather(turn.action("read_status"), one_key=True)
    turn.reply.say("read_status", into=gather, name=procedure_name(dossier.procedure, lang),
                   code=speak_code(dossier.phone_code, lang), state=state, promise=promise,
                   # A failure the caller can rearrange is said with its keys, instead of "will try again".
                   delivery=rearrange_offer(turn, dossier) or turn.reply.text(delivery_prompt(turn, dossier)))
    return None


def record_feedback(turn: Turn) -> str | None:
    ask_to_record(turn, "record_feedback", "feedback")
    return None


def after_feedback(turn: Turn) -> str | None:
    if not was_recorded(turn):
        return None
    keep_feedback(turn.session, turn.call)
    turn.reply.say("feedback_thanks")
    return "goodbye"


def operator(turn: Turn) -> str | None:
    """Inside office hours dial the operators (or queue for them); outside, take a voicemail."""
    calendar = work_calendar()
    if not calendar.is_office_open(utcnow()):
        opens, closes = calendar.office_hours
        lang = turn.reply.lang
        turn.reply.say("office_closed", opens=speak_time(opens, lang), closes=speak_time(closes, lang))
        return "record_voicemail"
    turn.reply.say("operator")
    if reach_operators(turn.reply):
        # Twilio goes on past <Dial> only when nobody answered.
        turn.reply.say("operator_busy")
        return "record_voicemail"
    return None


def reach_operators(reply: Reply) -> bool:
    """Dial the configured operators (True), or put the call in their queue when none is configured (False)."""
    hotline = province().hotline
    if not hotline.operator_numbers:
        reply.enqueue(hotline.operator_queue)
        return False
    reply.dial(list(hotline.operator_numbers), hotline.caller_id)
    return True


def operators_without_records(reply: Reply) -> None:
    """The operator branch itself failed: reach the operators from the configuration alone (in office
    hours), then say goodbye, rather than send the caller round the same failure again."""
    if work_calendar().is_office_open(utcnow()):
        reply.say("operator")
        reach_operators(reply)
    reply.say("goodbye")
    reply.hangup()


def record_voicemail(turn: Turn) -> str | None:
    ask_to_record(turn, "record_voicemail", "voicemail")
    return None


def after_voicemail(turn: Turn) -> str | None:
    if not was_recorded(turn):
        return None
    callback_task(turn.session, turn.call, "voicemail")
    turn.reply.say("voicemail_thanks")
    return "goodbye"


def goodbye(turn: Turn) -> str | None:
    turn.reply.say("goodbye")
    turn.reply.hangup()
    return None
