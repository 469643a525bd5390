"""Rearranging a failed pickup or delivery from the status of a dossier: a new day, or a proxy's number."""

from __future__ import annotations

from datetime import date

from hotline.domain.phone import PhoneNumberError
from hotline.domain.phone import format_national
from hotline.domain.phone import normalize_phone
from hotline.domain.workdays import LOCAL_TZ
from hotline.ivr.prompts import speak_date
from hotline.ivr.prompts import speak_digits
from hotline.ivr.turn import Turn
from hotline.models import Dossier
from hotline.models import ShipmentKind
from hotline.models import utcnow
from hotline.services.catalogue import work_calendar
from hotline.services.rearranging import days_offered
from hotline.services.rearranging import failed_shipment
from hotline.services.rearranging import rearrange

ACTOR = "ivr"


def rearrange_offer(turn: Turn, dossier: Dossier) -> str:
    """What the status adds when the courier failed and the post will try again: the keys to rearrange."""
    shipment = failed_shipment(turn.session, dossier)
    if shipment is None:
        return ""
    pickup = shipment.kind is ShipmentKind.PICKUP
    return turn.reply.text("rearrange_pickup_offer" if pickup else "rearrange_delivery_offer")


def _dossier(turn: Turn) -> Dossier:
    dossier = turn.session.get(Dossier, turn.get("status_dossier_id"))
    assert dossier is not None
    return dossier


def choose_new_day(turn: Turn) -> str | None:
    """Offer the next working days, one key each; back to the status when there is nothing to rearrange."""
    if failed_shipment(turn.session, _dossier(turn)) is None:
        turn.reply.say("nothing_to_rearrange")
        return "read_status"
    days = days_offered(work_calendar(), utcnow().astimezone(LOCAL_TZ).date())
    turn.set("days_offered", [day.isoformat() for day in days])
    gather = turn.reply.gather(turn.action("choose_new_day"), one_key=True)
    turn.reply.say("choose_new_day", into=gather)
    for key, day in enumerate(days, start=1):
        turn.reply.say("new_day_option", into=gather, date=speak_date(day, turn.reply.lang), key=key)
    return None


def read_new_day(turn: Turn) -> str | None:
    offered: list[str] = turn.get("days_offered") or []
    if not (turn.digits.isdigit() and 1 <= int(turn.digits) <= len(offered)):
        return None
    day = date.fromisoformat(offered[int(turn.digits) - 1])
    rearrange(turn.session, _dossier(turn).id, actor=ACTOR, day=day)
    turn.set("rearranged", {"day": day.isoformat()})
    return "rearranged"


def ask_proxy_phone(turn: Turn) -> str | None:
    if failed_shipment(turn.session, _dossier(turn)) is None:
        turn.reply.say("nothing_to_rearrange")
        return "read_status"
    gather = turn.reply.gather(turn.action("ask_proxy_phone"), one_key=False)
    turn.reply.say("ask_proxy_phone", into=gather)
    return None


def read_proxy_phone(turn: Turn) -> str | None:
    try:
        phone = normalize_phone(turn.digits)
    except PhoneNumberError:
        return None
    turn.set("proxy_phone", phone)
    return "confirm_proxy_phone"


def confirm_proxy_phone(turn: Turn) -> str | None:
    digits = format_national(turn.get("proxy_phone")).replace(" ", "")
    gather = turn.reply.gather(turn.action("confirm_proxy_phone"), one_key=True)
    turn.reply.say("confirm_proxy_phone", into=gather, digits=speak_digits(digits, turn.reply.lang))
    return None


def read_proxy_confirmation(turn: Turn) -> str | None:
    """1 names the proxy on the shipment; 2 keys the number again."""
    if turn.digits == "2":
        return "ask_proxy_phone"
    if turn.digits != "1":
        return None
    rearrange(turn.session, _dossier(turn).id, actor=ACTOR, proxy_phone=turn.get("proxy_phone"))
    turn.set("rearranged", {"proxy": turn.get("proxy_phone")})
    return "rearranged"


def rearranged(turn: Turn) -> str | None:
    done = turn.get("rearranged") or {}
    if "day" in done:
        turn.reply.say("rearranged_day", date=speak_date(date.fromisoformat(done["day"]), turn.reply.lang))
    else:
        turn.reply.say("rearranged_proxy")
    return "goodbye"
