"""The notice before recording: heard once per call, before its first <Record>, whichever step records first."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import select
from sqlalchemy import update
from sqlalchemy.orm import Session

from hotline.ivr.flow import FLOW
from hotline.ivr.flow import Input
from hotline.ivr.prompts import prompt
from hotline.models import CallStep
from tests.factories import make_owner
from tests.ivr.conftest import Caller
from tests.ivr.test_ivr_menus import office
from tests.tools import open_session

MakeCaller = Callable[..., Caller]
# The host of the tests' PUBLIC_BASE_URL, as the notice speaks it.
SITE = "hotline.test"
NOTICE = {lang: prompt("recording_notice", lang, site=SITE) for lang in ("vi", "en")}
RECORDING_STEPS = [name for name, step in FLOW.items() if step.input is Input.RECORDING]


def notices_in(root: ET.Element, lang: str = "vi") -> int:
    return sum(1 for say in root.iter("Say") if say.text == NOTICE[lang])


def assert_notice_before_record(root: ET.Element, lang: str = "vi") -> None:
    """The reply says the notice once, in `lang`, and then records."""
    verbs = [verb.tag for verb in root]
    notices = [i for i, verb in enumerate(root) if verb.tag == "Say" and verb.text == NOTICE[lang]]
    assert len(notices) == 1 and "Record" in verbs, ET.tostring(root, encoding="unicode")
    assert notices[0] < verbs.index("Record")


def gather_action(root: ET.Element | None) -> str:
    gather = root.find("Gather") if root is not None else None
    assert gather is not None
    return gather.attrib["action"]


def known_owner(app: Flask) -> None:
    with open_session(app) as session:
        make_owner(session)
        session.commit()


def to_voice_note(phone: Caller) -> ET.Element:
    """From the main menu to the voice note of a new dossier: procedure 3, vessel 90123, confirmed."""
    phone.dial()
    for keys in ("1", "3", "90123#"):
        phone.press(keys)
    return phone.press("1")


def test_a_call_with_a_voice_note_hears_the_notice_before_the_first_record(app: Flask, caller: MakeCaller) -> None:
    known_owner(app)
    phone = caller()
    note = to_voice_note(phone)
    assert_notice_before_record(note)
    assert [NOTICE["vi"] in heard for heard in phone.heard] == [False] * (len(phone.heard) - 1) + [True]


def test_feedback_hears_the_notice_before_it_is_recorded(caller: MakeCaller) -> None:
    phone = caller()
    phone.dial()
    assert_notice_before_record(phone.press("3"))


def test_a_voicemail_out_of_hours_hears_the_notice_before_it_is_recorded(app: Flask, caller: MakeCaller) -> None:
    office(app, is_open=False)
    phone = caller()
    phone.dial()
    voicemail = phone.press("0")
    assert_notice_before_record(voicemail)
    closed = prompt("office_closed", "vi", opens="0 giờ", closes="23 giờ 59")
    assert [say.text for say in voicemail.iter("Say")][:2] == [closed, NOTICE["vi"]]


@pytest.mark.parametrize("step", RECORDING_STEPS)
def test_whichever_step_records_first_is_preceded_by_the_notice(
        caller: MakeCaller, session: Session, step: str) -> None:
    """The engine says the notice by the flow table, so every step that records has it, present or future."""
    phone = caller()
    phone.dial()
    menu_action = gather_action(phone.last)
    # Put the call at `step` as its first recording; the menu answer is then stale, and the step is said again.
    session.execute(update(CallStep).values(step=step))
    session.commit()
    assert_notice_before_record(phone.twiml(menu_action, Digits="1"))


def test_an_unknown_caller_hears_it_once_for_note_name_and_address(app: Flask, caller: MakeCaller) -> None:
    phone = caller(from_number="0987654321")
    assert_notice_before_record(to_voice_note(phone))
    name = phone.record()
    address = phone.record()
    assert name.find("Record") is not None and address.find("Record") is not None
    assert notices_in(name) == notices_in(address) == 0
    phone.record()
    assert sum(heard.count(NOTICE["vi"]) for heard in phone.heard) == 1


def test_a_known_caller_recording_a_new_address_hears_it_only_before_the_note(
        app: Flask, caller: MakeCaller) -> None:
    known_owner(app)
    phone = caller()
    to_voice_note(phone)
    phone.record()
    new_address = phone.press("2")
    assert new_address.find("Record") is not None and notices_in(new_address) == 0
    assert sum(heard.count(NOTICE["vi"]) for heard in phone.heard) == 1


def test_an_empty_recording_is_asked_again_without_the_notice(caller: MakeCaller) -> None:
    phone = caller()
    phone.dial()
    phone.press("3")
    again = phone.record(duration="0")
    assert [say.text for say in again.iter("Say")][0] == prompt("invalid", "vi")
    assert again.find("Record") is not None and notices_in(again) == 0


def test_a_retried_webhook_gets_the_notice_once_and_the_call_does_not_repeat_it(
        caller: MakeCaller, session: Session) -> None:
    phone = caller()
    phone.dial()
    menu_action = gather_action(phone.last)
    first = phone.press("3")
    retried = phone.twiml(menu_action, Digits="3")  # Twilio posts the same answer again
    assert ET.tostring(retried) == ET.tostring(first)
    assert_notice_before_record(retried)
    asked_again = phone.record(duration="0")
    assert notices_in(asked_again) == 0
    session.rollback()
    stored = session.scalars(select(CallStep).where(CallStep.request_key.startswith("main_menu#"))).one()
    assert stored.step == "record_feedback" and stored.context["notice_given_at"]
    # The call remembers it in the state every later step row carries on.
    newest = session.scalars(select(CallStep).order_by(CallStep.id.desc())).first()
    assert newest is not None and newest.context["notice_given_at"] == stored.context["notice_given_at"]


def test_a_call_that_records_nothing_hears_no_notice(app: Flask, caller: MakeCaller) -> None:
    known_owner(app)
    phone = caller()
    phone.dial()
    phone.press("2")
    assert all(NOTICE["vi"] not in heard for heard in phone.heard)


def test_an_english_caller_hears_the_english_notice(caller: MakeCaller) -> None:
    phone = caller()
    phone.dial()
    phone.press("9")
    feedback = phone.press("3")
    assert_notice_before_record(feedback, "en")
    notice = next(say for say in feedback.iter("Say") if say.text == NOTICE["en"])
    assert notice.attrib["language"] == "en-US"


@pytest.mark.parametrize(("lang", "recording"), [("vi", "recording_notice.wav"), ("en", "recording_notice.en.mp3")])
def test_a_recorded_notice_is_played_instead_of_said(
        recorded_welcome: Path, caller: MakeCaller, lang: str, recording: str) -> None:
    (recorded_welcome / "prompts" / recording).write_bytes(b"RIFF")
    phone = caller(from_number="+84987000111")
    phone.dial()
    if lang == "en":
        phone.press("9")
    feedback = phone.press("3")
    verbs = [verb.tag for verb in feedback]
    played = [verb.text for verb in feedback.iter("Play")]
    assert played == [f"/ivr/prompts/{recording}"] and verbs.index("Play") < verbs.index("Record")
    assert notices_in(feedback, lang) == 0
