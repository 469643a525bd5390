"""The call's live state lives on its newest step row; the console's board still sees where calls are."""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from hotline.console.board import WAITING_STEP
from hotline.console.board import board_data
from hotline.models import Call
from hotline.models import CallStep
from tests.ivr.conftest import Caller
from tests.ivr.test_ivr_menus import office

MakeCaller = Callable[..., Caller]


def newest_step(session: Session, call_sid: str) -> CallStep:
    session.rollback()
    step = session.scalars(select(CallStep).join(Call).where(Call.call_sid == call_sid)
                           .order_by(CallStep.id.desc()).limit(1)).first()
    assert step is not None
    return step


def test_each_step_row_carries_the_calls_state(caller: MakeCaller, session: Session) -> None:
    phone = caller()
    phone.dial()
    phone.press("1")  # a new dossier: the procedure menu
    first = newest_step(session, phone.call_sid)
    phone.press("2")  # the second procedure, which asks for the vessel
    second = newest_step(session, phone.call_sid)
    assert second.id > first.id
    assert second.step != first.step
    assert second.context["procedure_id"] > 0
    assert session.scalar(select(Call.step).where(Call.call_sid == phone.call_sid)) == second.step


def test_a_retried_webhook_changes_no_state(caller: MakeCaller, session: Session) -> None:
    phone = caller()
    phone.dial()
    menu = phone.last
    phone.press("1")
    before = newest_step(session, phone.call_sid)
    phone.last = menu
    phone.press("1")  # Twilio retries the same request
    after = newest_step(session, phone.call_sid)
    assert (after.id, after.step, after.context) == (before.id, before.step, before.context)


def test_the_board_splits_live_calls_by_their_newest_step(app: Flask, caller: MakeCaller, session: Session) -> None:
    office(app, is_open=True, operators=[])  # the caller queues for the operators
    browsing, waiting = caller(), caller()
    browsing.dial()
    waiting.dial()
    waiting.press("0")
    assert newest_step(session, waiting.call_sid).step == WAITING_STEP
    with app.app_context():
        board = board_data()
    assert [(c.call_sid, c.step) for c in board["in_progress"]] == [(browsing.call_sid, "main_menu")]  # type: ignore[attr-defined]
    assert [(c.call_sid, c.step) for c in board["waiting"]] == [(waiting.call_sid, WAITING_STEP)]  # type: ignore[attr-defined]


def test_a_call_known_only_by_its_status_is_at_the_main_menu(caller: MakeCaller, session: Session) -> None:
    phone = caller()
    phone.hang_up(status="no-answer")
    session.rollback()
    assert session.scalar(select(Call.step).where(Call.call_sid == phone.call_sid)) == "main_menu"
