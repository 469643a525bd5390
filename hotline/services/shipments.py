"""Shipments made by the dossier's life: a pickup of papers, a delivery of the result, and the SMS."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy import update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from hotline.domain.s10 import make_s10
from hotline.models import Dossier
from hotline.models import DossierEvent
from hotline.models import DossierState
from hotline.models import Shipment
from hotline.models import ShipmentKind
from hotline.models import ShipmentState
from hotline.models import TrackingSequence
from hotline.services.catalogue import province
from hotline.services.owner_texts import SATISFACTION_QUESTION
from hotline.services.owner_texts import status_text
from hotline.services.sms import queue_sms

# UPU S10 service indicators: registered items, one series for papers picked up, one for results.
SERVICE = {ShipmentKind.PICKUP: "RP", ShipmentKind.DELIVERY: "RR"}
OPEN_STATES = (ShipmentState.PLANNED, ShipmentState.ON_MANIFEST, ShipmentState.FAILED)
# Which shipment a dossier entering a state needs (a returned result may be sent out again).
NEEDS_SHIPMENT = {
    DossierState.AWAITING_PAPERS: ShipmentKind.PICKUP,
    DossierState.RESULT_READY: ShipmentKind.DELIVERY,
    DossierState.OUT_FOR_DELIVERY: ShipmentKind.DELIVERY,
}


def next_serial(session: Session, service: str) -> int:
    """Hand out the next S10 serial of a service; the row lock makes concurrent callers queue."""
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    session.execute(
        insert(TrackingSequence).values(service=service, last_value=0).on_conflict_do_nothing(
            index_elements=["service"])
    )
    value: int = session.execute(
        update(TrackingSequence)
        .where(TrackingSequence.service == service)
        .values(last_value=TrackingSequence.last_value + 1)
        .returning(TrackingSequence.last_value)
    ).scalar_one()
    return value


def open_shipment(session: Session, dossier: Dossier, kind: ShipmentKind) -> Shipment | None:
    return session.scalars(
        select(Shipment).where(Shipment.dossier_id == dossier.id, Shipment.kind == kind,
                               Shipment.state.in_(OPEN_STATES))
    ).first()


def amount_to_collect(dossier: Dossier, kind: ShipmentKind) -> int:
    """The fee and the postage are paid once, in cash, when the result is handed over."""
    if kind is ShipmentKind.PICKUP:
        return 0
    return dossier.procedure.fee_vnd + int(province()["dispatch"]["postage_vnd"])


def ensure_shipment(session: Session, dossier: Dossier, kind: ShipmentKind) -> Shipment:
    """The dossier's open shipment of `kind`, made now if it has none."""
    shipment = open_shipment(session, dossier, kind)
    if shipment is not None:
        return shipment
    owner = dossier.owner
    what = "Hồ sơ giấy" if kind is ShipmentKind.PICKUP else "Kết quả"
    shipment = Shipment(
        dossier_id=dossier.id,
        kind=kind,
        tracking_code=make_s10(SERVICE[kind], next_serial(session, SERVICE[kind])),
        state=ShipmentState.PLANNED,
        recipient_name=dossier.recipient_name or (owner.full_name if owner else "") or "(chưa rõ)",
        recipient_phone=dossier.recipient_phone or dossier.caller_phone,
        province_code=dossier.delivery_province_code,
        ward_code=dossier.delivery_ward_code,
        address_line=dossier.delivery_address,
        contents=f"{what}: {dossier.procedure.name_vi} ({dossier.code})"[:200],
        amount_vnd=amount_to_collect(dossier, kind),
        attempts=0,
    )
    session.add(shipment)
    session.flush()
    return shipment


def sms_phone(dossier: Dossier) -> str | None:
    """Texts go to whoever receives the post: the proxy the owner named, else the owner."""
    return dossier.recipient_phone or dossier.caller_phone or (dossier.owner.phone if dossier.owner else None)


def on_dossier_moved(session: Session, dossier: Dossier, event: DossierEvent) -> None:
    """Make the shipment the new state needs and text the owner when the change matters to them."""
    kind = NEEDS_SHIPMENT.get(dossier.state)
    shipment = ensure_shipment(session, dossier, kind) if kind is not None else None
    phone = sms_phone(dossier)
    text = status_text(dossier, shipment.tracking_code if shipment else None)
    if phone is None or text is None:
        return
    queue_sms(session, phone, text, purpose=f"status:{dossier.state.value}",
              dedupe_key=f"status:{event.id}", dossier_id=dossier.id)
    if dossier.state is DossierState.DELIVERED:
        queue_sms(session, phone, SATISFACTION_QUESTION.format(code=dossier.code), purpose="satisfaction",
                  dedupe_key=f"satisfaction:{dossier.id}", dossier_id=dossier.id)


def note_event(dossier: Dossier, actor: str, reason: str, user_id: int | None = None) -> DossierEvent:
    """A timeline entry for a step that does not change the state (a failed attempt, a new round)."""
    event = DossierEvent(from_state=dossier.state, to_state=dossier.state, actor=actor, reason=reason,
                         user_id=user_id)
    dossier.events.append(event)
    return event
