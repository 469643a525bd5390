"""Closing a day's manifest: once every stop has an outcome, or with the rest carried to the next round.

A closed manifest is the record of a finished round: it takes no more outcomes and no more shipments.
Stops the courier did not reach are never closed silently; closing with them needs an explicit
carry-over, which takes them off this manifest so the next build puts them on a new one.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from hotline.infra.text import mark
from hotline.models import Dossier
from hotline.models import Manifest
from hotline.models import Shipment
from hotline.models import ShipmentState
from hotline.models import User
from hotline.models import utcnow
from hotline.services.outcomes import OutcomeError
from hotline.services.rounds import max_attempts
from hotline.services.shipments import note_event

UNVISITED_LEFT = mark("Còn {n} điểm chưa có kết quả: ghi kết quả, hoặc chốt và chuyển các điểm đó sang bảng kê sau.")


class ManifestCloseError(OutcomeError):
    """The manifest cannot be closed yet; the message says what is left to do."""


def unvisited_stops(session: Session, manifest: Manifest) -> list[Shipment]:
    return list(session.scalars(select(Shipment).where(
        Shipment.manifest_id == manifest.id, Shipment.state == ShipmentState.ON_MANIFEST).order_by(Shipment.id)))


def stops_to_return(session: Session, manifest: Manifest) -> list[Shipment]:
    """Stops that failed their last allowed attempt: they must be returned to the centre, not carried over."""
    return list(session.scalars(select(Shipment).where(
        Shipment.manifest_id == manifest.id, Shipment.state == ShipmentState.FAILED,
        Shipment.attempts >= max_attempts()).order_by(Shipment.id)))


def close_manifest(session: Session, manifest: Manifest, by: User, *, carry_over: bool = False) -> list[Shipment]:
    """Close the round; return the stops carried over to the next manifest."""
    if manifest.closed_at is not None:
        raise ManifestCloseError(mark("Bảng kê ngày {day} đã chốt."), day=f"{manifest.day:%d/%m/%Y}")
    to_return = stops_to_return(session, manifest)
    if to_return:
        raise ManifestCloseError(mark("Hãy hoàn trả Trung tâm trước khi chốt: {codes}."),
                                 codes=", ".join(s.tracking_code for s in to_return))
    unvisited = unvisited_stops(session, manifest)
    if unvisited and not carry_over:
        raise ManifestCloseError(UNVISITED_LEFT, n=str(len(unvisited)))
    for shipment in unvisited:
        shipment.manifest_id = None
        shipment.state = ShipmentState.PLANNED
        note_event(session.get_one(Dossier, shipment.dossier_id), f"{by.role.value}:{by.username}",
                   f"Chưa đến được ngày {manifest.day:%d/%m/%Y} ({shipment.tracking_code}), "
                   "chuyển sang bảng kê sau", by.id)
    manifest.closed_at = utcnow()
    session.flush()
    return unvisited
