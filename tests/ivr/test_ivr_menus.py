"""Status, feedback, the operator, English, bad keys and the apology."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import replace
from datetime import time
from datetime import timedelta
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from hotline.domain.workdays import LOCAL_TZ
from hotline.domain.workdays import WorkCalendar
from hotline.ivr import answers
from hotline.ivr import twiml
from hotline.ivr.prompts import speak_code
from hotline.ivr.prompts import speak_date
from hotline.models import CallbackTask
from hotline.models import DossierState
from hotline.models import Feedback
from hotline.models import Recording
from hotline.models import RecordingPurpose
from hotline.models import Shipment
from hotline.models import ShipmentKind
from hotline.models import ShipmentState
from hotline.models import utcnow
from tests.factories import make_dossier
from tests.factories import make_owner
from tests.ivr.conftest import Caller
from tests.ivr.conftest import said
from tests.tools import open_session

MakeCaller = Callable[..., Caller]


def office(app: Flask, is_open: bool, operators: list[str] | None = None) -> None:
    """Make today a working day open all day, or a day off."""
    today = utcnow().astimezone(LOCAL_TZ).date()
    days = {"extra_working_days": [today]} if is_open else {"extra_days_off": [today]}
    app.extensions["calendar"] = WorkCalendar(office_hours=(time(0, 0), time(23, 59, 59)), **days)
    if operators is not None:
        centre = app.extensions["province"]
        app.extensions["province"] = replace(centre, hotline=replace(centre.hotline, operator_numbers=tuple(operators)))


def open_dossier_with_delivery(app: Flask) -> tuple[str, str]:
    with open_session(app) as session:
        dossier = make_dossier(session, make_owner(session), state=DossierState.RECEIVED)
        dossier.state = DossierState.OUT_FOR_DELIVERY
        dossier.due_date = utcnow().date()
        session.add(Shipment(dossier_id=dossier.id, kind=ShipmentKind.DELIVERY, tracking_code="EA123456785VN",
                             state=ShipmentState.ON_MANIFEST, recipient_name="Nguyễn Văn A"))
        session.commit()
        return dossier.phone_code, speak_date(dossier.due_date, "vi")


def test_status_of_the_callers_own_dossier(app: Flask, caller: MakeCaller) -> None:
    code, due = open_dossier_with_delivery(app)
    phone = caller()
    phone.dial()
    assert "Hồ sơ Đăng ký tàu cá, nộp ngày" in said(phone.press("2"))
    status = said(phone.press("1"))
    assert "Đang chuyển phát" in status and due in status and "Bưu tá đang mang" in status
    assert speak_code(code, "vi") in status
    assert said(phone.press("1")) == status
    assert "Để nộp hồ sơ mới" in said(phone.press("9"))


def test_status_by_phone_code_from_another_number(app: Flask, caller: MakeCaller) -> None:
    code, _due = open_dossier_with_delivery(app)
    phone = caller(from_number="+84987000111")
    phone.dial()
    assert "Hồ sơ Đăng ký" not in said(phone.press("2"))
    assert "Đang chuyển phát" in said(phone.press(code + "#"))


def test_unknown_or_mistyped_code_is_re_prompted(app: Flask, caller: MakeCaller) -> None:
    code, _due = open_dossier_with_delivery(app)
    phone = caller()
    phone.dial()
    phone.press("2")
    wrong_check_digit = code[:-1] + str((int(code[-1]) + 1) % 10)
    assert said(phone.press(wrong_check_digit + "#")).startswith("Xin lỗi, chưa đúng.")
    assert said(phone.press("12345679#")).startswith("Xin lỗi, chưa đúng.")


def test_feedback_becomes_a_feedback_item(app: Flask, caller: MakeCaller, session: Session) -> None:
    phone = caller()
    phone.dial()
    phone.press("3")
    thanks = phone.record()
    assert "ghi nhận" in said(thanks) and thanks.find("Hangup") is not None
    item = session.scalars(select(Feedback)).one()
    recording = session.scalars(select(Recording)).one()
    assert (recording.purpose, recording.feedback_id) == (RecordingPurpose.FEEDBACK, item.id)


def test_operator_out_of_hours_takes_a_voicemail(app: Flask, caller: MakeCaller, session: Session) -> None:
    office(app, is_open=False)
    phone = caller()
    phone.dial()
    assert "ngoài giờ" in said(phone.press("0"))
    phone.record()
    task = session.scalars(select(CallbackTask)).one()
    assert task.reason == "voicemail"
    assert session.scalars(select(Recording)).one().callback_task_id == task.id


@pytest.mark.parametrize("operators", [[], ["+84912000111", "+84912000222"]])
def test_operator_in_hours_is_queued_or_dialled(app: Flask, caller: MakeCaller, operators: list[str]) -> None:
    office(app, is_open=True, operators=operators)
    phone = caller()
    phone.dial()
    reply = phone.press("0")
    if operators:
        assert [n.text for n in reply.iter("Number")] == operators
        assert reply.find("Record") is not None  # nobody answered: a voicemail
    else:
        enqueue = reply.find("Enqueue")
        assert enqueue is not None and enqueue.text == "operators"


def test_english_menu(caller: MakeCaller) -> None:
    phone = caller()
    phone.dial()
    menu = phone.press("9")
    say = menu.find(".//Gather/Say")
    assert say is not None and say.attrib["language"] == "en-US" and "new dossier" in (say.text or "")
    assert "Please choose" in said(phone.press("1"))


def test_three_bad_keys_lead_to_the_operator(app: Flask, caller: MakeCaller) -> None:
    office(app, is_open=False)
    phone = caller()
    phone.dial()
    assert said(phone.press("7")).startswith("Xin lỗi, chưa đúng.")
    assert said(phone.silence()).startswith("Xin lỗi, chưa đúng.")
    handed_over = phone.press("8")
    assert "cán bộ" in said(handed_over) and handed_over.find("Record") is not None


def test_vietnamese_say_uses_the_configured_voice(caller: MakeCaller) -> None:
    say = caller().dial().find("Say")
    assert say is not None and (say.attrib["language"], say.attrib["voice"]) == ("vi-VN", "Google.vi-VN-Standard-A")


def break_every_step(monkeypatch: pytest.MonkeyPatch, message: str) -> None:
    """From now on every step of every call fails inside its webhook, as with the database gone."""

    def broken(*_args: object) -> None:
        raise RuntimeError(message)

    monkeypatch.setattr(answers, "Turn", broken)


def test_a_failing_webhook_apologises_and_offers_the_operator(
        app: Flask, caller: MakeCaller, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    office(app, is_open=False)
    phone = caller()
    phone.dial()
    break_every_step(monkeypatch, "database on fire")
    apology = phone.press("1")
    assert "sự cố" in said(apology) and "database on fire" in caplog.text
    monkeypatch.undo()
    assert phone.follow().find("Record") is not None


@pytest.mark.parametrize("is_open", [True, False])
def test_when_the_operator_branch_itself_fails_the_caller_is_not_sent_round_again(
        app: Flask, caller: MakeCaller, monkeypatch: pytest.MonkeyPatch, is_open: bool) -> None:
    """With the database down every step fails, the operator branch too: the configured operators are
    dialled straight from the configuration in office hours, and the call ends politely either way."""
    office(app, is_open=is_open, operators=["+84912000111"])
    phone = caller()
    phone.dial()
    break_every_step(monkeypatch, "database down")
    apology = phone.press("1")
    assert apology.find("Redirect") is not None  # first to the operator branch
    last = phone.follow()
    assert "sự cố" in said(last) and last.find("Redirect") is None
    assert [n.text for n in last.iter("Number")] == (["+84912000111"] if is_open else [])
    assert last.find("Hangup") is not None


@pytest.mark.usefixtures("recorded_welcome")
def test_recorded_prompt_file_is_played(app: Flask, caller: MakeCaller) -> None:
    play = caller(from_number="+84987000111").dial().find("Play")
    assert play is not None and play.text == "/ivr/prompts/welcome.wav"
    audio = app.test_client().get("/ivr/prompts/welcome.wav")
    assert audio.data == b"RIFF"
    audio.close()


def test_prompts_recorded_or_removed_while_running_are_heard_on_the_next_call(
        recorded_welcome: Path, caller: MakeCaller, monkeypatch: pytest.MonkeyPatch) -> None:
    """The prompts folder is listed once, and again whenever its mtime changes, not once per app."""
    folder = recorded_welcome / "prompts"
    listings: list[object] = []
    real_scandir = os.scandir
    monkeypatch.setattr(twiml.os, "scandir", lambda path: listings.append(path) or real_scandir(path))

    def changed(minutes_ago: int) -> None:
        # Stamp the change in the past, so that only the mtime comparison (not the recent-change rule) relists.
        stamp = utcnow().timestamp() - 60 * minutes_ago
        os.utime(folder, (stamp, stamp))

    stranger = "+84987000111"
    changed(10)
    assert caller(from_number=stranger).dial().find("Play") is not None
    assert caller(from_number=stranger).dial().find("Play") is not None
    assert len(listings) == 1  # the folder did not change between the two calls
    (folder / "welcome.wav").rename(folder / "welcome.old")
    changed(9)
    assert caller(from_number=stranger).dial().find("Play") is None  # said instead
    (folder / "main_menu.mp3").write_bytes(b"ID3")
    changed(8)
    played = [el.text for el in caller(from_number=stranger).dial().iter("Play")]
    assert played == ["/ivr/prompts/main_menu.mp3"]
    assert len(listings) == 3


def test_the_pick_list_tells_two_dossiers_of_one_procedure_apart(app: Flask, caller: MakeCaller) -> None:
    filed = [utcnow() - timedelta(days=9), utcnow() - timedelta(days=2), utcnow() - timedelta(days=1)]
    with open_session(app) as session:
        owner = make_owner(session)
        make_dossier(session, owner, key=2, now=filed[0])
        for when, vessel in zip(filed, ["QNg-90123-TS", "QNg-45678-TS", None], strict=True):
            dossier = make_dossier(session, owner, now=when)
            dossier.vessel_number = vessel
        session.commit()
    phone = caller()
    phone.dial()
    listed = said(phone.press("2"))
    day = [speak_date(when.astimezone(LOCAL_TZ).date(), "vi") for when in filed]
    assert (f"Hồ sơ Đăng ký tàu cá, nộp {day[2]}, bấm 1. "
            f"Hồ sơ Đăng ký tàu cá, nộp {day[1]}, tàu số bốn năm sáu bảy tám, bấm 2. "
            f"Hồ sơ Đăng ký tàu cá, nộp {day[0]}, tàu số chín không một hai ba, bấm 3.") in listed
    # The only dossier of its procedure is named without its vessel.
    assert f"Hồ sơ Cấp lại giấy phép khai thác thủy sản, nộp {day[0]}, bấm 4." in listed
