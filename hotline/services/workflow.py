"""Moving a dossier through its life: the state machine plus what each move sets off."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from hotline.domain.workdays import WorkCalendar
from hotline.models import Dossier
from hotline.models import DossierEvent
from hotline.models import DossierState
from hotline.models import utcnow
from hotline.services.dossiers import start_clock
from hotline.services.shipments import on_dossier_moved


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
    """Move a dossier (TransitionError if not allowed) and do what the move implies.

    Entering `in_progress` starts the legal clock the first time; `result_ready` stamps the
    result time that decides early / on time / late; a closing state stamps the close; the post's
    shipments and the owner's texts follow from the new state (hotline.services.shipments).
    The move happens at `now`, the current time unless given.
    """
    event = dossier.transition_to(target, actor=actor, reason=reason, user_id=user_id)
    now = event.created_at = now or utcnow()
    if target is DossierState.IN_PROGRESS and dossier.accepted_at is None:
        start_clock(dossier, calendar, now)
    if target is DossierState.RESULT_READY and dossier.result_at is None:
        dossier.result_at = now
    if target.is_closed:
        dossier.closed_at = now
    session.flush()
    on_dossier_moved(session, dossier, event)
    return event
