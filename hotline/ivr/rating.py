"""The caller rates the service for their last delivered dossier, 1 (very satisfied) to 5."""

from __future__ import annotations

from hotline.domain.workdays import LOCAL_TZ
from hotline.ivr.new_dossier import procedure_name
from hotline.ivr.prompts import speak_date
from hotline.ivr.turn import Turn
from hotline.models import Dossier
from hotline.models import RatingChannel
from hotline.services.owner_texts import score_level
from hotline.services.satisfaction import dossier_awaiting_rating
from hotline.services.satisfaction import parse_score
from hotline.services.satisfaction import record_rating


def rate_service(turn: Turn) -> str | None:
    """Ask for a rating of the caller's last delivered, unrated dossier; with none, back to the menu."""
    owner = turn.known_owner
    dossier = dossier_awaiting_rating(turn.session, owner_id=owner.id) if owner else None
    if dossier is None:
        turn.reply.say("nothing_to_rate")
        return "main_menu"
    turn.set("rating_dossier_id", dossier.id)
    lang = turn.reply.lang
    delivered = dossier.closed_at.astimezone(LOCAL_TZ).date() if dossier.closed_at else None
    gather = turn.reply.gather(turn.action("rate_service"), one_key=True)
    turn.reply.say("rate_service", into=gather, name=procedure_name(dossier.procedure, lang),
                   date=speak_date(delivered, lang) if delivered else "")
    return None


def read_rating(turn: Turn) -> str | None:
    """Record the key as the rating of the dossier just named; a dossier rated meanwhile keeps its first."""
    score = parse_score(turn.digits)
    if score is None:
        return None
    dossier = turn.session.get(Dossier, turn.get("rating_dossier_id"))
    assert dossier is not None
    kept = record_rating(turn.session, dossier, score, RatingChannel.IVR)
    # The level is said mid-sentence, so in lower case: "… đã đánh giá: hài lòng."
    turn.reply.say("rating_thanks", level=score_level(kept.score, turn.reply.lang).lower())
    return "goodbye"
