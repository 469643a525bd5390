"""`POST /sms/inbound`: replies to our texts; a digit 1–5 answers the satisfaction question."""

from __future__ import annotations

from flask import Blueprint
from flask import Response
from twilio.twiml.messaging_response import MessagingResponse

from hotline.domain.phone import PhoneNumberError
from hotline.domain.phone import normalize_phone
from hotline.infra.db import get_session
from hotline.models import RatingChannel
from hotline.services.owner_texts import owner_text
from hotline.services.owner_texts import score_level
from hotline.services.satisfaction import dossier_awaiting_rating
from hotline.services.satisfaction import parse_score
from hotline.services.satisfaction import record_rating
from hotline.web.twilio_signature import twilio_signed
from hotline.web.webhook_form import webhook_form

bp = Blueprint("sms", __name__, url_prefix="/sms")


def _reply(text: str) -> Response:
    twiml = MessagingResponse()
    twiml.message(text)
    return Response(str(twiml), mimetype="application/xml")


@bp.post("/inbound")
@twilio_signed
def inbound() -> Response:
    """Record a rating from a reply digit; anything else gets a short explanation."""
    form = webhook_form(free_text=frozenset({"Body"}))
    score = parse_score(form.get("Body", ""))
    if score is None:
        return _reply(owner_text("reply_help"))
    try:
        phone = normalize_phone(form.get("From", ""))
    except PhoneNumberError:
        return _reply(owner_text("reply_nothing_to_rate"))
    session = get_session()
    dossier = dossier_awaiting_rating(session, phone)
    if dossier is None:
        return _reply(owner_text("reply_nothing_to_rate"))
    record_rating(session, dossier, score, RatingChannel.SMS)
    session.commit()
    return _reply(owner_text("rating_thanks", code=dossier.code, level=score_level(score)))
