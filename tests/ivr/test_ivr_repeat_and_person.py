"""At every step that asks something, * says it again and 0 reaches a person; the caller hears so once, early."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable
from collections.abc import Iterator
from datetime import time
from datetime import timedelta

import pytest
from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from hotline.domain.codes import make_phone_code
from hotline.domain.workdays import LOCAL_TZ
from hotline.domain.workdays import WorkCalendar
from hotline.ivr.flow import FLOW
from hotline.ivr.prompts import prompt
from hotline.models import CallbackTask
from hotline.models import Dossier
from hotline.models import DossierState
from hotline.models import utcnow
from tests.console.test_console_rearranging import failed_delivery
from tests.factories import make_dossier
from tests.factories import make_owner
from tests.ivr.conftest import Caller
from tests.ivr.conftest import said
from tests.ivr.test_ivr_menus import office
from tests.tools import open_session

MakeCaller = Callable[..., Caller]
RECORD = "(speaks)"
FAILED = "(the failed delivery's phone code)"

# How a call reaches each step that asks something, from the main menu. A new such step must be added here:
# the test below fails until it is.
ROUTES: dict[str, list[str]] = {
    "main_menu": [],
    "choose_procedure": ["1"],
    "ask_vessel_number": ["1", "2"],
    "confirm_vessel_number": ["1", "2", "90123#"],
    "confirm_address": ["1", "2", "90123#", "1", RECORD],
    "read_receipt": ["1", "2", "90123#", "1", RECORD, "1"],
    "status_menu": ["2"],
    "read_status": ["2", "1"],
    # A failed delivery (the fixture's), asked about by its phone code, offers another day (3) or a stand-in (4).
    "choose_new_day": ["2", FAILED, "3"],
    "ask_proxy_phone": ["2", FAILED, "4"],
    "confirm_proxy_phone": ["2", FAILED, "4", "0987654321#"],
    "rate_service": ["4"],
}


@pytest.fixture
def owner_with_dossiers(app: Flask) -> Iterator[None]:
    """The known owner, with an open dossier to ask about and a delivered one to rate; and another owner's
    result the courier could not hand over, whose phone code `FAILED` stands for."""
    with open_session(app) as session:
        owner = make_owner(session)
        make_dossier(session, owner)
        delivered = make_dossier(session, owner, key=2)
        delivered.state = DossierState.DELIVERED
        delivered.closed_at = utcnow() - timedelta(days=1)
        session.commit()
    failed[:] = [failed_delivery(app, phone="+84912000999")[1] + "#"]
    yield
    failed.clear()


failed: list[str] = []


def reach(phone: Caller, step: str) -> ET.Element:
    phone.dial()
    for keys in ROUTES[step]:
        phone.record() if keys == RECORD else phone.press(failed[0] if keys == FAILED else keys)
    assert phone.last is not None
    return phone.last


def asked(document: ET.Element) -> str:
    """What the step asks: the words inside its <Gather>."""
    gather = document.find("Gather")
    assert gather is not None, ET.tostring(document).decode()
    return " ".join((say.text or "").strip() for say in gather.iter("Say"))


def test_every_step_that_asks_something_is_walked_here() -> None:
    assert set(ROUTES) == {name for name, step in FLOW.items() if step.asks}


@pytest.mark.usefixtures("owner_with_dossiers")
@pytest.mark.parametrize("step", ROUTES)
def test_star_says_the_step_again_without_counting_a_bad_answer(caller: MakeCaller, step: str) -> None:
    phone = caller()
    question = asked(reach(phone, step))
    for _ in range(3):  # three bad answers would hand the caller over; stars are not bad answers
        again = phone.press("*")
        assert asked(again) == question and "chưa đúng" not in said(again)


@pytest.mark.usefixtures("owner_with_dossiers")
@pytest.mark.parametrize("step", ["ask_vessel_number", "status_menu"])
def test_a_star_among_keyed_digits_says_the_step_again(caller: MakeCaller, step: str) -> None:
    phone = caller()
    question = asked(reach(phone, step))
    assert asked(phone.press("90*#")) == question


@pytest.mark.usefixtures("owner_with_dossiers")
@pytest.mark.parametrize("step", ROUTES)
def test_zero_reaches_a_person_out_of_hours_by_voicemail(app: Flask, caller: MakeCaller, step: str) -> None:
    phone = caller()
    reach(phone, step)
    office(app, is_open=False)
    voicemail = phone.press("0")
    assert "ngoài giờ" in said(voicemail) and voicemail.find("Record") is not None


@pytest.mark.usefixtures("owner_with_dossiers")
@pytest.mark.parametrize("step", ["confirm_vessel_number", "status_menu", "rate_service"])
def test_zero_dials_the_operators_in_office_hours(app: Flask, caller: MakeCaller, step: str) -> None:
    phone = caller()
    reach(phone, step)
    office(app, is_open=True, operators=["+84912000111"])
    reply = phone.press("0")
    assert [number.text for number in reply.iter("Number")] == ["+84912000111"]


def test_the_caller_hears_once_at_the_start_what_star_and_zero_do(caller: MakeCaller) -> None:
    phone = caller()
    first = said(phone.dial())
    help_words = prompt("keys_help", "vi")
    assert first.count(help_words) == 1 and first.index(help_words) < first.index("Để nộp hồ sơ mới")
    assert help_words not in said(phone.press("*"))


@pytest.mark.usefixtures("owner_with_dossiers")
def test_zero_in_the_middle_of_a_new_dossier_leaves_a_draft_to_call_back(
        app: Flask, caller: MakeCaller, session: Session) -> None:
    phone = caller()
    reach(phone, "ask_vessel_number")
    office(app, is_open=False)
    phone.press("0")
    phone.hang_up()
    draft = session.scalars(select(Dossier).where(Dossier.state == DossierState.DRAFT)).one()
    assert session.scalars(select(CallbackTask)).one().dossier_id == draft.id


@pytest.mark.usefixtures("owner_with_dossiers")
def test_a_vessel_number_starting_with_zero_is_a_vessel_number(caller: MakeCaller) -> None:
    phone = caller()
    reach(phone, "ask_vessel_number")
    assert "không một hai ba bốn" in said(phone.press("01234#"))


def test_a_phone_code_holding_zeros_is_a_phone_code(app: Flask, caller: MakeCaller) -> None:
    with open_session(app) as session:
        dossier = make_dossier(session, make_owner(session, phone="+84987000999"))
        dossier.phone_code = make_phone_code("1000000")
        session.commit()
        code = dossier.phone_code
    phone = caller(from_number="+84987000111")
    reach(phone, "status_menu")
    assert "Mới tiếp nhận" in said(phone.press(code + "#"))


def test_the_office_hours_are_said_after_hours(app: Flask, caller: MakeCaller) -> None:
    today = utcnow().astimezone(LOCAL_TZ).date()
    app.extensions["calendar"] = WorkCalendar(office_hours=(time(7, 30), time(17, 0)), extra_days_off=[today])
    phone = caller()
    phone.dial()
    assert "Giờ làm việc từ 7 giờ 30 đến 17 giờ, thứ Hai đến thứ Sáu" in said(phone.press("0"))


def test_the_offer_of_english_is_spoken_by_an_english_voice(caller: MakeCaller) -> None:
    phone = caller()
    menu = phone.dial().find("Gather")
    assert menu is not None
    voices = [(say.attrib["language"], (say.text or "").strip()) for say in menu.iter("Say")]
    assert voices[-1] == ("en-US", "For English, press 9.")
    assert all(language == "vi-VN" for language, _text in voices[:-1])
    english = phone.press("9").find("Gather")
    assert english is not None
    offer = list(english.iter("Say"))[-1]
    assert (offer.attrib["language"], offer.text) == ("vi-VN", "Để nghe tiếng Việt, bấm 9.")
