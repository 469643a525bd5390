"""What the dossier page gathers beside the dossier: its recordings, texts, shipments, rating and money collected."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func
from sqlalchemy import or_
from sqlalchemy import select

from hotline.infra.db import get_session
from hotline.models import Dossier
from hotline.models import OutgoingMessage
from hotline.models import Recording
from hotline.models import RecordingPurpose
from hotline.models import SatisfactionRating
from hotline.models import Shipment
from hotline.models import ShipmentAttempt
from hotline.models import User


@dataclass(frozen=True)
class ShipmentLine:
    """One shipment of the dossier with the courier of its manifest and what its last stop recorded."""

    shipment: Shipment
    courier: User | None
    last_attempt: ShipmentAttempt | None


def recordings_of(dossier: Dossier) -> list[Recording]:
    conditions = [Recording.dossier_id == dossier.id]
    if dossier.call_id is not None:
        conditions.append(Recording.call_id == dossier.call_id)
    return list(get_session().scalars(select(Recording).where(or_(*conditions)).order_by(Recording.id)))


def messages_of(dossier: Dossier) -> list[OutgoingMessage]:
    return list(get_session().scalars(
        select(OutgoingMessage).where(OutgoingMessage.dossier_id == dossier.id).order_by(OutgoingMessage.id)))


def shipments_of(dossier: Dossier) -> list[ShipmentLine]:
    db = get_session()
    shipments = list(db.scalars(select(Shipment).where(Shipment.dossier_id == dossier.id).order_by(Shipment.id)))
    attempts = db.scalars(select(ShipmentAttempt).where(ShipmentAttempt.shipment_id.in_([s.id for s in shipments]))
                          .order_by(ShipmentAttempt.id))
    last = {attempt.shipment_id: attempt for attempt in attempts}
    return [ShipmentLine(s, db.get(User, s.manifest.courier_id) if s.manifest else None, last.get(s.id))
            for s in shipments]


def rating_of(dossier: Dossier) -> SatisfactionRating | None:
    return get_session().scalar(select(SatisfactionRating).where(SatisfactionRating.dossier_id == dossier.id))


def amount_collected(dossier: Dossier) -> int:
    """What the post's couriers recorded collecting for this dossier, in đồng."""
    total = get_session().scalar(
        select(func.coalesce(func.sum(ShipmentAttempt.amount_collected_vnd), 0))
        .join(Shipment, Shipment.id == ShipmentAttempt.shipment_id).where(Shipment.dossier_id == dossier.id))
    return int(total or 0)


def machine_note(dossier: Dossier, recordings: list[Recording]) -> str | None:
    """What the recogniser heard of the voice note the dossier's note shows, when a person corrected it."""
    for recording in recordings:
        corrected = recording.transcript_original is not None and recording.transcript_original != recording.transcript
        if recording.purpose is RecordingPurpose.NOTE and corrected and recording.transcript == dossier.note:
            return recording.transcript_original
    return None
