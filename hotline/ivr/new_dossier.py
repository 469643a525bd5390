"""The steps of a new dossier, each named after what the caller hears."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from hotline.domain.vessel import PROVINCE_PREFIXES
from hotline.domain.vessel import VesselNumberError
from hotline.domain.vessel import parse_vessel_number
from hotline.infra.province import province
from hotline.ivr.prompts import speak_code
from hotline.ivr.prompts import speak_date
from hotline.ivr.prompts import speak_digits
from hotline.ivr.prompts import speak_money
from hotline.ivr.turn import Turn
from hotline.models import Procedure
from hotline.services.catalogue import MenuEntry
from hotline.services.catalogue import phone_menu
from hotline.services.charges import charges_for
from hotline.services.filing import file_dossier
from hotline.services.places import full_address


def procedure_name(procedure: Procedure | MenuEntry, lang: str) -> str:
    return procedure.name_vi if lang == "vi" else procedure.name_en


def ask_to_record(turn: Turn, step: str, purpose: str) -> None:
    """Say the step, record, and if nothing was recorded come back to the step as a bad answer."""
    turn.reply.say(step)
    turn.reply.record(turn.action(step), turn.recording_callback(purpose))
    turn.reply.redirect(turn.action(step))


def was_recorded(turn: Turn) -> bool:
    duration = turn.form.get("RecordingDuration", "")
    return bool(turn.form.get("RecordingUrl")) and duration not in ("", "0", "-1")


def choose_procedure(turn: Turn) -> str | None:
    gather = turn.reply.gather(turn.action("choose_procedure"), one_key=True)
    turn.reply.say("choose_procedure", into=gather)
    for procedure in phone_menu(turn.connection):
        turn.reply.say("procedure_option", into=gather, name=procedure_name(procedure, turn.reply.lang),
                       key=procedure.keypad_key)
    return None


def read_procedure_key(turn: Turn) -> str | None:
    chosen = [p for p in phone_menu(turn.connection) if str(p.keypad_key) == turn.digits]
    if not chosen:
        return None
    turn.set("procedure_id", chosen[0].id)
    turn.set("vessel", None)
    return "ask_vessel_number" if chosen[0].asks_vessel_number else "tell_charges"


def ask_vessel_number(turn: Turn) -> str | None:
    gather = turn.reply.gather(turn.action("ask_vessel_number"), one_key=False)
    turn.reply.say("ask_vessel_number", into=gather)
    return None


def read_vessel_number(turn: Turn) -> str | None:
    if not turn.digits.isdigit():
        return None
    try:
        number = parse_vessel_number(turn.digits, province().vessel_prefix)
    except VesselNumberError:
        return None
    turn.set("vessel", str(number))
    return "confirm_vessel_number"


def confirm_vessel_number(turn: Turn) -> str | None:
    prefix, digits, _suffix = str(turn.get("vessel")).split("-")
    gather = turn.reply.gather(turn.action("confirm_vessel_number"), one_key=True)
    turn.reply.say("confirm_vessel_number", into=gather, prefix=PROVINCE_PREFIXES[prefix],
                   digits=speak_digits(digits, turn.reply.lang))
    return None


def tell_charges(turn: Turn) -> str | None:
    """Say the fee, the postage and what the post collects with the result, as the receipt will print them."""
    # Two columns through the step's connection: no ORM session for a step that only speaks.
    priced = turn.connection.execute(
        select(Procedure.fee_vnd, Procedure.needs_papers).where(Procedure.id == turn.get("procedure_id"))).one()
    charges = charges_for(priced)
    lang = turn.reply.lang
    turn.reply.say("tell_charges", fee=speak_money(charges.fee_vnd, lang),
                   postage=speak_money(charges.postage_vnd, lang), total=speak_money(charges.to_collect_vnd, lang))
    return "record_note"


def record_note(turn: Turn) -> str | None:
    ask_to_record(turn, "record_note", "note")
    return None


def after_note(turn: Turn) -> str | None:
    if not was_recorded(turn):
        return None
    owner = turn.known_owner
    if owner is None:
        return "record_name"
    return "confirm_address" if owner.address_line or owner.ward_code else "record_address"


def record_name(turn: Turn) -> str | None:
    ask_to_record(turn, "record_name", "name")
    return None


def after_name(turn: Turn) -> str | None:
    return "record_address" if was_recorded(turn) else None


def confirm_address(turn: Turn) -> str | None:
    owner = turn.known_owner
    address = full_address(owner.address_line, owner.ward_code, owner.province_code) if owner else ""
    gather = turn.reply.gather(turn.action("confirm_address"), one_key=True)
    turn.reply.say("confirm_address", into=gather, address=address)
    return None


def record_address(turn: Turn) -> str | None:
    ask_to_record(turn, "record_address", "address")
    return None


def read_address_choice(turn: Turn) -> str | None:
    """1 keeps the address on file and confirms the dossier, which is filed now; 2 records a new address."""
    if turn.digits == "1":
        file_from_call(turn)
        return "read_receipt"
    return "record_address" if turn.digits == "2" else None


def after_address(turn: Turn) -> str | None:
    """A new delivery address recorded confirms the dossier, which is filed now."""
    if not was_recorded(turn):
        return None
    turn.set("new_address", True)
    file_from_call(turn)
    return "read_receipt"


def file_from_call(turn: Turn) -> None:
    """File what the caller chose as a received dossier, once per call, and keep what the receipt reads."""
    if turn.get("dossier_id") is not None:
        return
    filed, promised = file_dossier(turn.session, turn.call_ref, turn.context, turn.reply.lang)
    turn.set("dossier_id", filed.id)
    turn.set("phone_code", filed.phone_code)
    turn.set("promised", promised.isoformat())


def read_receipt(turn: Turn) -> str | None:
    """Read the filed dossier's phone code and promised date (again on 1)."""
    lang = turn.reply.lang
    gather = turn.reply.gather(turn.action("read_receipt"), one_key=True)
    turn.reply.say("read_receipt", into=gather, code=speak_code(turn.get("phone_code"), lang),
                   date=speak_date(date.fromisoformat(turn.get("promised")), lang))
    return None
