"""Control characters in signed webhook fields are bad input: a re-prompt or an unknown caller, never an error.

PostgreSQL refuses NUL in text (DataError); Python's strip() takes \\x1c–\\x1f for spaces, so "1\\x1f" used
to be the key 1 on either database.
"""

from __future__ import annotations

import logging
import xml.etree.ElementTree as ET
from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from hotline.ivr.prompts import prompt
from hotline.models import Call
from hotline.models import CallStep
from hotline.models import OutgoingMessage
from hotline.models import RatingChannel
from hotline.models import Recording
from tests.factories import make_owner
from tests.ivr.conftest import KNOWN_PHONE
from tests.ivr.conftest import Caller
from tests.ivr.conftest import said
from tests.ivr.test_ivr_rating import delivered_dossiers
from tests.ivr.test_ivr_rating import ratings
from tests.tools import open_session

CONTROLS = ["\x00", "\x1f", "\x1c", "\x7f", "\x85", "\x1b"]
SORRY = prompt("invalid", "vi")


@pytest.fixture(autouse=True)
def no_error_logged(caplog: pytest.LogCaptureFixture) -> Iterator[None]:
    """The apology (logged as an error) is valid TwiML too; these answers must not need it."""
    yield
    assert not [r.getMessage() for r in caplog.get_records("call") if r.levelno >= logging.ERROR]


def gather_step(reply: ET.Element) -> str:
    gather = reply.find("Gather")
    assert gather is not None, ET.tostring(reply).decode()
    return gather.attrib["action"].split("?")[0]


def test_a_key_with_a_control_character_is_asked_for_again(client: FlaskClient, session: Session) -> None:
    for control in CONTROLS:
        phone = Caller(client)
        phone.dial()
        again = phone.press("1" + control)
        assert said(again).startswith(SORRY), repr(control)
        assert gather_step(again) == "/ivr/step/main_menu"
        assert gather_step(phone.press("2")) == "/ivr/step/status_menu"  # the call goes on as usual
    session.rollback()
    assert all("\x00" not in (digits or "") for digits in session.scalars(select(CallStep.digits)))


def test_a_step_url_with_a_control_character_is_answered(client: FlaskClient) -> None:
    phone = Caller(client)
    phone.dial()
    reply = phone.twiml("/ivr/step/main_menu?n=%00", Digits="1")
    assert gather_step(reply) == "/ivr/step/choose_procedure"  # n only tells retries apart


def test_a_number_with_a_control_character_is_an_unknown_caller(app: Flask, client: FlaskClient,
                                                                session: Session) -> None:
    with open_session(app) as db:
        make_owner(db)  # Nguyễn Văn A, on KNOWN_PHONE
        db.commit()
    for control in ("\x00", "\x1f"):
        greeting = said(Caller(client, from_number=KNOWN_PHONE + control).dial())
        assert "Nguyễn Văn A" not in greeting
        assert prompt("welcome", "vi") in greeting
    assert "Nguyễn Văn A" in said(Caller(client).dial())  # the same number, as Twilio sends it
    session.rollback()
    calls = session.scalars(select(Call).order_by(Call.id)).all()
    assert [c.owner_id is None for c in calls] == [True, True, False]
    assert calls[0].from_number == KNOWN_PHONE + "\ufffd"  # kept, with the mark of what was refused


def test_a_recording_callback_with_a_control_character_is_taken_without_error(client: FlaskClient,
                                                                              session: Session) -> None:
    phone = Caller(client)
    phone.dial()
    url = "https://api.twilio.com/2010-04-01/Accounts/AC0/Recordings/RE1\x00"
    answer = phone.post("/ivr/recording?purpose=note", phone.fields(
        RecordingSid="RE" + "c" * 32, RecordingUrl=url, RecordingStatus="completed", RecordingDuration="3"))
    assert answer.status_code == 200 and ET.fromstring(answer.data).tag == "Response"
    session.rollback()
    assert all("\x00" not in r.url for r in session.scalars(select(Recording)))


def test_an_sms_with_a_control_character_rates_nothing(app: Flask, client: FlaskClient, session: Session) -> None:
    (dossier_id,) = delivered_dossiers(app, [1])
    with open_session(app) as db:
        db.add(OutgoingMessage(to_number=KNOWN_PHONE, body="?", purpose="satisfaction", dossier_id=dossier_id))
        db.commit()
    phone = Caller(client)
    for sender, body in ((KNOWN_PHONE, "5\x1f"), (KNOWN_PHONE, "5\x00"), (KNOWN_PHONE + "\x1f", "5"),
                         (KNOWN_PHONE + "\x00", "5")):
        reply = phone.post("/sms/inbound", {"From": sender, "Body": body, "MessageSid": "SM1"})
        assert reply.status_code == 200 and ET.fromstring(reply.data).tag == "Response"
    assert ratings(session) == []
    phone.post("/sms/inbound", {"From": KNOWN_PHONE, "Body": "5\r\n", "MessageSid": "SM2"})  # a line break is text
    assert ratings(session) == [(dossier_id, 5, RatingChannel.SMS)]
