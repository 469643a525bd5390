"""A courier's day: putting shipments on a manifest, and recording what happened at each stop."""

from __future__ import annotations

from datetime import date

from sqlalchemy import or_
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from hotline.domain.manifest import ManifestSheet
from hotline.domain.manifest import ShipmentLine
from hotline.domain.manifest import Stop
from hotline.domain.manifest import build_manifest
from hotline.domain.manifest import make_stop
from hotline.domain.workdays import WorkCalendar
from hotline.infra.province import province
from hotline.models import Dossier
from hotline.models import DossierState
from hotline.models import Manifest
from hotline.models import Procedure
from hotline.models import Shipment
from hotline.models import ShipmentAttempt
from hotline.models import ShipmentKind
from hotline.models import ShipmentState
from hotline.models import User
from hotline.services.courier_routes import courier_wards
from hotline.services.dossiers import dossier_for_move
from hotline.services.owner_texts import FAILURE_REASONS
from hotline.services.owner_texts import visit_text
from hotline.services.places import ward_name
from hotline.services.shipments import note_event
from hotline.services.shipments import shipment_needed
from hotline.services.shipments import sms_phone
from hotline.services.sms import queue_sms
from hotline.services.workflow import move


def max_attempts() -> int:
    return province().dispatch.max_attempts


def manifest_for(session: Session, day: date, courier: User) -> Manifest:
    """The manifest of this day and courier, made if missing; two builders at once share one."""
    query = select(Manifest).where(Manifest.day == day, Manifest.courier_id == courier.id)
    manifest = session.scalar(query)
    if manifest is not None:
        return manifest
    try:
        with session.begin_nested():
            manifest = Manifest(day=day, courier_id=courier.id)
            session.add(manifest)
    except IntegrityError:
        return session.scalars(query).one()
    return manifest


def waiting_shipments(session: Session, day: date, courier: User) -> list[Shipment]:
    """Shipments in this courier's communes not yet out, or failed on an earlier day's round."""
    earlier = select(Manifest.id).where(Manifest.day < day)
    rows = session.execute(
        select(Shipment, Dossier.state).join(Dossier, Dossier.id == Shipment.dossier_id).where(
            Shipment.ward_code.in_(courier_wards(session, courier.id)),
            Shipment.state.in_((ShipmentState.PLANNED, ShipmentState.FAILED)),
            Shipment.attempts < max_attempts(),
            or_(Shipment.manifest_id.is_(None), Shipment.manifest_id.in_(earlier)),
            # A day the owner arranged after a failed attempt holds the shipment back until then.
            or_(Shipment.not_before.is_(None), Shipment.not_before <= day),
        ).order_by(Shipment.id)
    )
    # A shipment goes out only while its dossier still waits for it (not after a rejection, say).
    return [shipment for shipment, state in rows if shipment_needed(state) is shipment.kind]


def put_on_manifest(session: Session, shipment: Shipment, manifest: Manifest, courier: User,
                    calendar: WorkCalendar) -> None:
    """Hand a shipment to the courier's round; the owner is told the day (see README: the day before)."""
    shipment.manifest_id = manifest.id
    shipment.state = ShipmentState.ON_MANIFEST
    dossier = dossier_for_move(session, dossier_id=shipment.dossier_id)
    reason = f"Lên bảng kê ngày {manifest.day:%d/%m/%Y} của bưu tá {courier.full_name}, mã {shipment.tracking_code}"
    if shipment.kind is ShipmentKind.DELIVERY and dossier.state is DossierState.RESULT_READY:
        move(session, dossier, DossierState.OUT_FOR_DELIVERY, actor="dispatch", calendar=calendar, reason=reason)
    else:
        note_event(dossier, "dispatch", reason)
    phone = sms_phone(dossier)
    if phone:
        text = visit_text(dossier, shipment.tracking_code, manifest.day, shipment.kind is ShipmentKind.PICKUP)
        queue_sms(session, phone, text, purpose="visit", dedupe_key=f"visit:{shipment.id}:{manifest.id}",
                  dossier_id=dossier.id)


def shipment_line(shipment: Shipment, dossier_code: str, procedure: str,
                  attempt: ShipmentAttempt | None = None) -> ShipmentLine:
    """The shipment as its manifest shows it, with what was recorded on the round's `attempt`, if any."""
    return ShipmentLine(
        tracking_code=shipment.tracking_code,
        kind=shipment.kind.value,
        recipient_name=shipment.recipient_name,
        recipient_phone=shipment.recipient_phone or "",
        commune=ward_name(shipment.ward_code) if shipment.ward_code else "",
        address=shipment.address_line or "",
        contents=shipment.contents,
        amount_vnd=shipment.amount_vnd,
        attempts=shipment.attempts,
        dossier_code=dossier_code,
        procedure=procedure,
        outcome=attempt.outcome.value if attempt else None,
        outcome_person=(attempt.received_by or "") if attempt else "",
        outcome_reason=FAILURE_REASONS.get(attempt.reason or "", "") if attempt else "",
    )


def _lines(session: Session, manifest_id: int, *where: ColumnElement[bool]) -> list[ShipmentLine]:
    """The shipments matching `where`, each with the last outcome recorded for it on manifest `manifest_id`."""
    rows = session.execute(select(Shipment, Dossier.code, Procedure.name_vi)
                           .join(Dossier, Dossier.id == Shipment.dossier_id)
                           .join(Procedure, Procedure.id == Dossier.procedure_id).where(*where)).all()
    last: dict[int, ShipmentAttempt] = {}
    for attempt in session.scalars(select(ShipmentAttempt).where(
            ShipmentAttempt.manifest_id == manifest_id,
            ShipmentAttempt.shipment_id.in_(select(Shipment.id).where(*where))).order_by(ShipmentAttempt.id)):
        last[attempt.shipment_id] = attempt
    return [shipment_line(shipment, code, name, last.get(shipment.id)) for shipment, code, name in rows]


def manifest_sheet(session: Session, manifest: Manifest, courier: User, base_url: str) -> ManifestSheet:
    """The manifest's stops: those on it now, and those visited on its round and since carried to another."""
    visited = select(ShipmentAttempt.shipment_id).where(ShipmentAttempt.manifest_id == manifest.id)
    lines = _lines(session, manifest.id, or_(Shipment.manifest_id == manifest.id, Shipment.id.in_(visited)))
    return build_manifest(manifest.day, courier.username, courier.full_name or courier.username,
                          province().centre_name, lines, base_url)


def stop_of(session: Session, shipment: Shipment, base_url: str) -> Stop:
    """One shipment as a stop of its current manifest, with its result there once marked."""
    lines = _lines(session, shipment.manifest_id or 0, Shipment.id == shipment.id)
    return make_stop(1, lines[0], base_url)


def waiting_without_commune(session: Session) -> list[tuple[str, str]]:
    """Shipments waiting for the post with no commune, as (tracking code, dossier code): no round can take them."""
    rows = session.execute(
        select(Shipment, Dossier.state, Dossier.code).join(Dossier, Dossier.id == Shipment.dossier_id).where(
            Shipment.ward_code.is_(None), Shipment.state == ShipmentState.PLANNED).order_by(Shipment.id))
    return [(shipment.tracking_code, code) for shipment, state, code in rows
            if shipment_needed(state) is shipment.kind]


def build_day_manifest(session: Session, day: date, courier: User, calendar: WorkCalendar,
                       base_url: str) -> tuple[Manifest, ManifestSheet]:
    """Gather the courier's waiting shipments onto the day's manifest; building again adds only new ones.

    A closed manifest is a finished round and gains nothing: its carried-over stops wait for the next day.
    """
    manifest = manifest_for(session, day, courier)
    if manifest.closed_at is None:
        for shipment in waiting_shipments(session, day, courier):
            put_on_manifest(session, shipment, manifest, courier, calendar)
    session.flush()
    return manifest, manifest_sheet(session, manifest, courier, base_url)
