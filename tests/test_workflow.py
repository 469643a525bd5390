"""workflow.move: the legal clock starts at acceptance and the result is judged against it."""

from __future__ import annotations

from datetime import UTC
from datetime import date
from datetime import datetime
from datetime import timedelta

import pytest
from sqlalchemy.orm import Session

from hotline.domain.workdays import Timeliness
from hotline.domain.workdays import WorkCalendar
from hotline.models import DossierState
from hotline.models import TransitionError
from hotline.services.workflow import move
from tests.factories import make_dossier
from tests.factories import make_owner

CALENDAR = WorkCalendar()


def test_acceptance_starts_the_clock_in_working_days(session: Session) -> None:
    dossier = make_dossier(session, make_owner(session), key=1)  # 3 working days
    # Friday 24 April 2026, 09:00 in Quảng Ngãi. Mon 27/4 is Hùng Kings' day (observed), 30/4 and 1/5
    # are holidays: the three working days are Tue 28, Wed 29 and Mon 4 May.
    accepted = datetime(2026, 4, 24, 2, 0, tzinfo=UTC)
    move(session, dossier, DossierState.IN_PROGRESS, actor="user:1", calendar=CALENDAR, now=accepted)
    assert dossier.accepted_at == accepted
    assert dossier.due_date == date(2026, 5, 4)


def test_the_clock_is_not_restarted_after_a_supplement(session: Session) -> None:
    dossier = make_dossier(session, make_owner(session))
    accepted = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)
    move(session, dossier, DossierState.IN_PROGRESS, actor="user:1", calendar=CALENDAR, now=accepted)
    first_due = dossier.due_date
    # The owner takes weeks to bring the missing paper: a restarted clock would move the due date.
    move(session, dossier, DossierState.NEEDS_SUPPLEMENT, actor="user:1", calendar=CALENDAR,
         now=accepted + timedelta(days=1))
    move(session, dossier, DossierState.IN_PROGRESS, actor="user:1", calendar=CALENDAR,
         now=accepted + timedelta(weeks=3))
    assert (dossier.accepted_at, dossier.due_date) == (accepted, first_due)


def test_result_time_and_close_time_are_stamped(session: Session) -> None:
    dossier = make_dossier(session, make_owner(session))
    for state in (DossierState.IN_PROGRESS, DossierState.RESULT_READY, DossierState.DELIVERED):
        move(session, dossier, state, actor="user:1", calendar=CALENDAR)
    assert dossier.result_at is not None and dossier.closed_at is not None
    assert dossier.due_date is not None
    assert CALENDAR.classify(dossier.due_date, dossier.result_at) is Timeliness.EARLY


def test_a_refused_move_changes_nothing(session: Session) -> None:
    dossier = make_dossier(session, make_owner(session))
    with pytest.raises(TransitionError):
        move(session, dossier, DossierState.DELIVERED, actor="user:1", calendar=CALENDAR)
    assert dossier.state is DossierState.RECEIVED
    assert len(dossier.events) == 1
