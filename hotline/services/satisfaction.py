"""The owner's verdict after delivery: a digit 1–5 answering the satisfaction question."""

from __future__ import annotations

from sqlalchemy import ColumnElement
from sqlalchemy import or_
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from hotline.models import Dossier
from hotline.models import DossierState
from hotline.models import OutgoingMessage
from hotline.models import RatingChannel
from hotline.models import SatisfactionRating


def parse_score(text: str) -> int | None:
    """A reply that is one digit 1–5 (spaces and a trailing dot forgiven), else None."""
    cleaned = text.strip().rstrip(".").strip()
    if len(cleaned) == 1 and cleaned in "12345":
        return int(cleaned)
    return None


def dossier_awaiting_rating(session: Session, phone: str | None = None, owner_id: int | None = None) -> Dossier | None:
    """The most recently delivered dossier not yet rated whose satisfaction question went to `phone`
    (an SMS reply), or that belongs to owner `owner_id` (a known caller on the hotline)."""
    whose: list[ColumnElement[bool]] = []
    if phone is not None:
        whose.append(Dossier.id.in_(select(OutgoingMessage.dossier_id).where(
            OutgoingMessage.purpose == "satisfaction", OutgoingMessage.to_number == phone)))
    if owner_id is not None:
        whose.append(Dossier.owner_id == owner_id)
    if not whose:
        return None
    rated = select(SatisfactionRating.dossier_id)
    return session.scalars(
        select(Dossier)
        .where(or_(*whose), Dossier.state == DossierState.DELIVERED, Dossier.id.not_in(rated))
        .order_by(Dossier.closed_at.desc(), Dossier.id.desc())
    ).first()


def record_rating(session: Session, dossier: Dossier, score: int, channel: RatingChannel) -> SatisfactionRating:
    """Record the rating once per dossier; a second answer keeps the first."""
    existing = session.scalar(select(SatisfactionRating).where(SatisfactionRating.dossier_id == dossier.id))
    if existing is not None:
        return existing
    rating = SatisfactionRating(dossier_id=dossier.id, score=score, channel=channel)
    try:
        with session.begin_nested():
            session.add(rating)
    except IntegrityError:
        return session.scalars(select(SatisfactionRating).where(SatisfactionRating.dossier_id == dossier.id)).one()
    return rating
