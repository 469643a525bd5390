"""Shipments the dossier's life plans: a pickup of papers, a delivery of the result, with S10 codes."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy import update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from hotline.domain.s10 import make_s10
from hotline.models import ON_ENTRY
from hotline.models import Dossier
from hotline.models import DossierEvent
from hotline.models import DossierState
from hotline.models import Effect
from hotline.models import Shipment
from hotline.models import ShipmentKind
from hotline.models import ShipmentState
from hotline.models import TrackingSequence
from hotline.services.charges import amount_to_collect

# UPU S10 service indicators: registered items, one series for papers picked up, one for results.
SERVICE = {ShipmentKind.PICKUP: "RP", ShipmentKind.DELIVERY: "RR"}
OPEN_STATES = (ShipmentState.PLANNED, ShipmentState.ON_MANIFEST, ShipmentState.FAILED)
# The effect of entering a state that plans each kind of shipment (models.dossier.ON_ENTRY says which states).
PLANNED_BY = {ShipmentKind.PICKUP: Effect.PLAN_PICKUP, ShipmentKind.DELIVERY: Effect.PLAN_DELIVERY}


def shipment_needed(state: DossierState) -> ShipmentKind | None:
    """The shipment a dossier in `state` waits for: the one entering the state planned."""
    for kind, effect in PLANNED_BY.items():
        if effect in ON_ENTRY[state]:
            return kind
    return None


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


def note_event(dossier: Dossier, actor: str, reason: str, user_id: int | None = None) -> DossierEvent:
    """A timeline entry for a step that does not change the state (a failed attempt, a new round)."""
    event = DossierEvent(from_state=dossier.state, to_state=dossier.state, actor=actor, reason=reason,
                         user_id=user_id)
    dossier.events.append(event)
    return event
