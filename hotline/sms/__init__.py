"""`POST /sms/inbound`: replies to our texts; a digit 1–5 answers the satisfaction question."""

from __future__ import annotations

from flask import Blueprint
from flask import Response
from flask import request
from twilio.twiml.messaging_response import MessagingResponse

from hotline.domain.phone import PhoneNumberError
from hotline.domain.phone import normalize_phone
from hotline.infra.db import get_session
from hotline.models import RatingChannel
from hotline.services.satisfaction import SCORE_LABELS_VI
from hotline.services.satisfaction import dossier_awaiting_rating
from hotline.services.satisfaction import parse_score
from hotline.services.satisfaction import record_rating
from hotline.web.twilio_signature import twilio_signed

bp = Blueprint("sms", __name__, url_prefix="/sms")

HELP = ("Tin nhắn này chỉ nhận đánh giá: trả lời 1 số từ 1 (Rất hài lòng) đến 5 (Rất không hài lòng). "
        "Để hỏi về hồ sơ, vui lòng gọi đường dây nóng.")
NOTHING_TO_RATE = "Không có hồ sơ nào đang chờ đánh giá từ số này. Để hỏi về hồ sơ, vui lòng gọi đường dây nóng."


def _reply(text: str) -> Response:
    twiml = MessagingResponse()
    twiml.message(text)
    return Response(str(twiml), mimetype="application/xml")


@bp.post("/inbound")
@twilio_signed
def inbound() -> Response:
    """Record a rating from a reply digit; anything else gets a short explanation."""
    score = parse_score(request.form.get("Body", ""))
    if score is None:
        return _reply(HELP)
    try:
        phone = normalize_phone(request.form.get("From", ""))
    except PhoneNumberError:
        return _reply(NOTHING_TO_RATE)
    session = get_session()
    dossier = dossier_awaiting_rating(session, phone)
    if dossier is None:
        return _reply(NOTHING_TO_RATE)
    record_rating(session, dossier, score, RatingChannel.SMS)
    session.commit()
    return _reply(f"Cảm ơn ông/bà đã đánh giá hồ sơ {dossier.code}: {SCORE_LABELS_VI[score]}.")
