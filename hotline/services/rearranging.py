"""Rearranging a failed pickup or delivery: a new day, or a proxy who hands over or receives the papers.

The owner does it by phone (from the status of the dossier) or an operator in the console; either way the
shipment waits for the first manifest on or after the day chosen, and the dossier's timeline says what was
arranged.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from hotline.domain.workdays import WorkCalendar
from hotline.models import Dossier
from hotline.models import Shipment
from hotline.models import ShipmentKind
from hotline.models import ShipmentState
from hotline.services.dossiers import dossier_for_move
from hotline.services.rounds import max_attempts
from hotline.services.shipments import note_event
from hotline.services.shipments import shipment_needed

# The next working days a caller may choose from, one key each.
DAYS_OFFERED = 3
MAX_PROXY_NAME = 120


class RearrangeError(ValueError):
    """Nothing to rearrange: the dossier has no failed pickup or delivery the post will try again."""


def failed_shipment(session: Session, dossier: Dossier) -> Shipment | None:
    """The pickup or delivery the dossier waits for, if the courier failed and the post will try again."""
    kind = shipment_needed(dossier.state)
    if kind is None:
        return None
    return session.scalars(
        select(Shipment).where(Shipment.dossier_id == dossier.id, Shipment.kind == kind,
                               Shipment.state == ShipmentState.FAILED, Shipment.attempts < max_attempts())
        .order_by(Shipment.id.desc())
    ).first()


def days_offered(calendar: WorkCalendar, today: date) -> list[date]:
    """The next working days after today, in order."""
    days = [calendar.add_working_days(today, 1)]
    while len(days) < DAYS_OFFERED:
        days.append(calendar.add_working_days(days[-1], 1))
    return days


def rearrange(session: Session, dossier_id: int, *, actor: str, day: date | None = None,
              proxy_phone: str | None = None, proxy_name: str | None = None,
              user_id: int | None = None) -> Shipment:
    """Give the dossier's failed shipment a new day and/or a proxy, and note it on the timeline.

    Raises RearrangeError when there is no failed shipment to rearrange.
    """
    dossier = dossier_for_move(session, dossier_id=dossier_id)
    shipment = failed_shipment(session, dossier)
    if shipment is None:
        raise RearrangeError(dossier.code)
    what = []
    if day is not None:
        shipment.not_before = day
        what.append(f"ngày {day:%d/%m/%Y}")
    if proxy_phone is not None:
        owner = dossier.owner.full_name if dossier.owner else (dossier.recipient_name or "chủ tàu")
        shipment.recipient_phone = proxy_phone
        shipment.recipient_name = (proxy_name or f"Người {_role(shipment)} thay cho {owner}")[:MAX_PROXY_NAME]
        what.append(f"người {_role(shipment)} thay: {shipment.recipient_name}")
    note_event(dossier, actor, f"Hẹn lại bưu gửi {shipment.tracking_code}: " + "; ".join(what), user_id)
    session.flush()
    return shipment


def _role(shipment: Shipment) -> str:
    return "giao" if shipment.kind is ShipmentKind.PICKUP else "nhận"
