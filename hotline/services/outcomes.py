"""What a courier records at a stop: delivered, failed with a reason, or returned to the centre."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from hotline.domain.manifest import KIND_WORDS
from hotline.domain.workdays import WorkCalendar
from hotline.infra.text import mark
from hotline.models import DossierState
from hotline.models import Manifest
from hotline.models import Shipment
from hotline.models import ShipmentAttempt
from hotline.models import ShipmentKind
from hotline.models import ShipmentState
from hotline.models import StopOutcome
from hotline.models import User
from hotline.services.dossiers import dossier_for_move
from hotline.services.owner_texts import FAILURE_REASONS
from hotline.services.owner_texts import failed_text
from hotline.services.rounds import max_attempts
from hotline.services.shipments import note_event
from hotline.services.shipments import sms_phone
from hotline.services.sms import queue_sms
from hotline.services.workflow import move


class OutcomeError(ValueError):
    """A stop outcome that cannot be recorded; the message says why, for the courier.

    `message` is a Vietnamese UI string with `{placeholders}` filled from `values`, so the page can
    show it in the courier's language; str() gives it in Vietnamese.
    """

    def __init__(self, message: str, **values: str) -> None:
        super().__init__(message.format(**values))
        self.message = message
        self.values = values


def is_courier_of(session: Session, shipment: Shipment, courier: User) -> bool:
    manifest = session.get(Manifest, shipment.manifest_id) if shipment.manifest_id else None
    return manifest is not None and manifest.courier_id == courier.id


def allowed_outcomes(shipment: Shipment) -> tuple[StopOutcome, ...]:
    """On the round: delivered or failed; after the last allowed attempt: returned to the centre.

    Nothing once the round's manifest is closed: it is the record of a finished day.
    """
    if shipment.manifest is not None and shipment.manifest.closed_at is not None:
        return ()
    if shipment.state is ShipmentState.ON_MANIFEST:
        return (StopOutcome.DELIVERED, StopOutcome.FAILED)
    if shipment.state is ShipmentState.FAILED and shipment.attempts >= max_attempts():
        return (StopOutcome.RETURNED,)
    return ()


def _check(shipment: Shipment, outcome: StopOutcome, reason: str | None, received_by: str | None) -> None:
    if shipment.manifest is not None and shipment.manifest.closed_at is not None:
        raise OutcomeError(mark("Bảng kê ngày {day} đã chốt: không ghi thêm kết quả. Hãy báo Trung tâm."),
                           day=f"{shipment.manifest.day:%d/%m/%Y}")
    if outcome not in allowed_outcomes(shipment):
        raise OutcomeError(mark("Bưu gửi {code} không nhận kết quả này ở trạng thái hiện tại."),
                           code=shipment.tracking_code)
    if outcome is StopOutcome.FAILED and reason not in FAILURE_REASONS:
        raise OutcomeError(mark("Hãy chọn lý do."))
    if outcome is StopOutcome.DELIVERED and not (received_by or "").strip():
        raise OutcomeError(mark("Hãy ghi tên người giao.") if shipment.kind is ShipmentKind.PICKUP
                           else mark("Hãy ghi tên người nhận."))


def record_outcome(session: Session, shipment: Shipment, courier: User, outcome: StopOutcome, token: str, *,
                   calendar: WorkCalendar, reason: str | None = None, received_by: str | None = None,
                   amount_collected: int = 0) -> ShipmentAttempt:
    """Record one outcome per form token: the same form sent again returns the first record."""
    previous = session.scalar(select(ShipmentAttempt).where(ShipmentAttempt.request_token == token))
    if previous is not None and previous.shipment_id == shipment.id:
        return previous
    if previous is not None or not is_courier_of(session, shipment, courier):
        raise OutcomeError(mark("Bưu gửi này không thuộc bảng kê của bạn."))
    _check(shipment, outcome, reason, received_by)
    attempt = ShipmentAttempt(
        shipment_id=shipment.id, manifest_id=shipment.manifest_id, courier_id=courier.id, outcome=outcome,
        reason=reason if outcome is StopOutcome.FAILED else None,
        received_by=(received_by or "").strip() or None,
        amount_collected_vnd=amount_collected if outcome is StopOutcome.DELIVERED else 0, request_token=token,
    )
    try:
        with session.begin_nested():
            session.add(attempt)
    except IntegrityError:
        # The same form raced in twice: the other request's record is the one.
        return session.scalars(select(ShipmentAttempt).where(ShipmentAttempt.request_token == token)).one()
    _apply(session, shipment, attempt, courier, calendar)
    session.flush()
    return attempt


def _apply(session: Session, shipment: Shipment, attempt: ShipmentAttempt, courier: User,
           calendar: WorkCalendar) -> None:
    dossier = dossier_for_move(session, dossier_id=shipment.dossier_id)
    actor = f"courier:{courier.username}"
    words = KIND_WORDS[shipment.kind.value]
    if attempt.outcome is StopOutcome.DELIVERED:
        shipment.state = ShipmentState.DONE
        is_delivery = shipment.kind is ShipmentKind.DELIVERY
        target = DossierState.DELIVERED if is_delivery else DossierState.IN_PROGRESS
        reason = f"{words.done} ({shipment.tracking_code}), {words.person.lower()}: {attempt.received_by}"
        if dossier.can_move_to(target):
            move(session, dossier, target, actor=actor, calendar=calendar, reason=reason, user_id=courier.id)
        else:
            note_event(dossier, actor, reason, courier.id)
    elif attempt.outcome is StopOutcome.FAILED:
        shipment.attempts += 1
        shipment.state = ShipmentState.FAILED
        assert attempt.reason is not None  # checked in _check
        note_event(dossier, actor, f"{words.failed} lần {shipment.attempts} ({shipment.tracking_code}): "
                                   f"{FAILURE_REASONS[attempt.reason]}", courier.id)
        phone = sms_phone(dossier)
        if phone:
            session.flush()
            pickup = shipment.kind is ShipmentKind.PICKUP
            queue_sms(session, phone, failed_text(dossier, shipment.tracking_code, attempt.reason, pickup),
                      purpose="pickup_failed" if pickup else "delivery_failed", dedupe_key=f"failed:{attempt.id}",
                      dossier_id=dossier.id)
    else:
        shipment.state = ShipmentState.RETURNED
        reason = f"{words.returned}: {shipment.tracking_code}, sau {shipment.attempts} lần đến"
        if shipment.kind is ShipmentKind.DELIVERY and dossier.can_move_to(DossierState.RETURNED):
            move(session, dossier, DossierState.RETURNED, actor=actor, calendar=calendar, reason=reason,
                 user_id=courier.id)
        else:
            note_event(dossier, actor, reason, courier.id)
