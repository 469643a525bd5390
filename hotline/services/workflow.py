"""Moving a dossier through its life: one move of the state machine, then what entering the state sets off.

What each state sets off is declared beside the state machine (`models.dossier.ON_ENTRY`); this module says
once how each effect is done (`DOERS`). Everything that moves a dossier — console, API, hotline, the post's
rounds — calls `move`, so the clock, the shipments and the owner's texts follow the same rules from every channel.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from hotline.domain.workdays import WorkCalendar
from hotline.models import ON_ENTRY
from hotline.models import Dossier
from hotline.models import DossierEvent
from hotline.models import DossierState
from hotline.models import Effect
from hotline.models import Shipment
from hotline.models import ShipmentKind
from hotline.models import utcnow
from hotline.services.dossiers import start_clock
from hotline.services.owner_texts import owner_text
from hotline.services.owner_texts import status_text
from hotline.services.shipments import PLANNED_BY
from hotline.services.shipments import ensure_shipment
from hotline.services.shipments import sms_phone
from hotline.services.sms import queue_sms


@dataclass
class Move:
    """One move as its effects see it; a planned shipment is kept for the effects after it."""

    session: Session
    dossier: Dossier
    event: DossierEvent
    calendar: WorkCalendar
    shipment: Shipment | None = None

    @property
    def at(self) -> datetime:
        return self.event.created_at


def move(
    session: Session,
    dossier: Dossier,
    target: DossierState,
    *,
    actor: str,
    calendar: WorkCalendar,
    reason: str | None = None,
    user_id: int | None = None,
    now: datetime | None = None,
) -> DossierEvent:
    """Move a dossier (TransitionError if not allowed) and do what entering `target` sets off.

    The caller holds the dossier's row lock (`services.dossiers.dossier_for_move`), or made the dossier in
    this transaction, so two people cannot both move it from the same state. The move happens at `now`,
    the current time unless given.
    """
    event = dossier.transition_to(target, actor=actor, reason=reason, user_id=user_id)
    event.created_at = now or utcnow()
    session.flush()
    done = Move(session, dossier, event, calendar)
    for effect in ON_ENTRY[target]:
        DOERS[effect](done)
    return event


def _start_clock(done: Move) -> None:
    # Back from a supplement request, the clock runs on from the first acceptance.
    if done.dossier.accepted_at is None:
        start_clock(done.dossier, done.calendar, done.at)


def _stamp_result(done: Move) -> None:
    if done.dossier.result_at is None:
        done.dossier.result_at = done.at


def _stamp_close(done: Move) -> None:
    done.dossier.closed_at = done.at


def _plan(kind: ShipmentKind) -> Callable[[Move], None]:
    def plan(done: Move) -> None:
        done.shipment = ensure_shipment(done.session, done.dossier, kind)

    return plan


def _text_owner(done: Move) -> None:
    """Text whoever receives the post about the new state, quoting the tracking code of the shipment planned."""
    dossier = done.dossier
    phone = sms_phone(dossier)
    text = status_text(dossier, done.shipment.tracking_code if done.shipment else None, done.event.reason)
    if phone is None or text is None:
        return
    queue_sms(done.session, phone, text, purpose=f"status:{dossier.state.value}",
              dedupe_key=f"status:{done.event.id}", dossier_id=dossier.id)


def _ask_rating(done: Move) -> None:
    dossier = done.dossier
    phone = sms_phone(dossier)
    if phone is None:
        return
    queue_sms(done.session, phone, owner_text("satisfaction_question", code=dossier.code), purpose="satisfaction",
              dedupe_key=f"satisfaction:{dossier.id}", dossier_id=dossier.id)


DOERS: dict[Effect, Callable[[Move], None]] = {
    Effect.START_CLOCK: _start_clock,
    Effect.STAMP_RESULT: _stamp_result,
    Effect.STAMP_CLOSE: _stamp_close,
    **{effect: _plan(kind) for kind, effect in PLANNED_BY.items()},
    Effect.TEXT_OWNER: _text_owner,
    Effect.ASK_RATING: _ask_rating,
}
