"""A new dossier by phone: known and unknown callers, vessel read-back, retries, drops."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest
from flask import Flask
from redis import Redis
from rq import Queue
from sqlalchemy import func
from sqlalchemy import select
from sqlalchemy import update
from sqlalchemy.orm import Session

from hotline.ivr.prompts import speak_code
from hotline.ivr.prompts import speak_date
from hotline.models import Call
from hotline.models import CallbackTask
from hotline.models import CallStatus
from hotline.models import CallStep
from hotline.models import Dossier
from hotline.models import DossierState
from hotline.models import OutgoingMessage
from hotline.models import Owner
from hotline.models import Procedure
from hotline.models import Recording
from hotline.models import RecordingPurpose
from hotline.models import TranscriptStatus
from hotline.models import utcnow
from hotline.services import catalogue
from hotline.services.catalogue import sync_catalogue
from hotline.services.catalogue import work_calendar
from hotline.services.owner_texts import plain
from hotline.services.owner_texts import sms_segments
from tests.factories import make_owner
from tests.ivr.conftest import Caller
from tests.ivr.conftest import said
from tests.tools import open_session

MakeCaller = Callable[..., Caller]


def known_owner(app: Flask) -> int:
    with open_session(app) as session:
        owner = make_owner(session)
        session.commit()
        return owner.id


def dossiers(session: Session) -> list[Dossier]:
    session.rollback()
    return list(session.scalars(select(Dossier).order_by(Dossier.id)))


def test_known_caller_files_a_dossier_and_hears_code_and_date(
        app: Flask, caller: MakeCaller, session: Session, redis_conn: Redis) -> None:
    owner_id = known_owner(app)
    phone = caller()
    assert "Nguyễn Văn A" in said(phone.dial())
    menu = phone.press("1")
    assert "Đăng ký tàu cá, bấm 1" in said(menu)
    assert "chín không một hai ba" in said(phone.press("3") and phone.press("90123#"))
    assert "bấm phím thăng" in said(phone.press("1"))
    assert "Thôn Đông" in said(phone.record())
    receipt = phone.press("1")
    [dossier] = dossiers(session)
    assert dossier.owner_id == owner_id and dossier.vessel is not None and not dossier.needs_review
    # A safety certificate needs the original papers, so the dossier waits for the post to pick them up.
    assert dossier.state is DossierState.AWAITING_PAPERS
    with app.app_context():
        promised = work_calendar().due_date(utcnow(), dossier.procedure.working_days)
    assert speak_code(dossier.phone_code, "vi") in said(receipt)
    assert speak_date(promised, "vi") in said(receipt)
    assert said(phone.press("1")) == said(receipt)
    note = session.scalars(select(Recording)).one()
    assert (note.purpose, note.dossier_id, note.status) == (RecordingPurpose.NOTE, dossier.id,
                                                            TranscriptStatus.QUEUED)
    jobs = Queue("transcription", connection=redis_conn).jobs
    assert [j.args for j in jobs] == [(note.id,)]
    sms = session.scalars(select(OutgoingMessage).where(OutgoingMessage.purpose == "receipt")).one()
    assert sms.to_number == "+84912345678" and dossier.phone_code in sms.body
    assert (sms.id,) in [j.args for j in Queue("notification", connection=redis_conn).jobs]
    assert phone.silence().find("Hangup") is not None
    phone.hang_up()
    session.rollback()
    call = session.scalars(select(Call)).one()
    assert (call.status, call.duration_s) == (CallStatus.COMPLETED, 42)
    assert session.scalar(select(func.count()).select_from(CallbackTask)) == 0


def test_the_dossier_is_filed_by_the_step_that_confirms_it(app: Flask, caller: MakeCaller, session: Session) -> None:
    known_owner(app)
    phone = caller()
    phone.dial()
    for keys in ("1", "3", "90123#", "1"):
        phone.press(keys)
    phone.record()
    assert dossiers(session) == []  # the note is in, the address not yet confirmed: nothing filed
    phone.press("1")
    [dossier] = dossiers(session)
    confirming = session.scalars(select(CallStep).where(CallStep.request_key.startswith("confirm_address#"))).one()
    assert (confirming.step, confirming.context["dossier_id"]) == ("read_receipt", dossier.id)


def test_unknown_caller_records_name_and_address_and_is_flagged(
        app: Flask, caller: MakeCaller, session: Session) -> None:
    phone = caller(from_number="0987654321")
    assert "kính chào quý khách" in said(phone.dial())
    phone.press("1")
    phone.press("2")
    phone.press("45678#")
    phone.press("1")
    assert "họ và tên" in said(phone.record())
    assert "địa chỉ" in said(phone.record())
    phone.record()
    [dossier] = dossiers(session)
    owner = session.get(Owner, dossier.owner_id)
    assert owner is not None and owner.needs_review and owner.phone == "+84987654321"
    assert dossier.needs_review and dossier.vessel is None and dossier.vessel_number == "QNg-45678-TS"
    assert dossier.state is DossierState.RECEIVED
    purposes = {r.purpose for r in session.scalars(select(Recording).where(Recording.dossier_id == dossier.id))}
    assert purposes == {RecordingPurpose.NOTE, RecordingPurpose.NAME, RecordingPurpose.ADDRESS}


def test_procedure_without_vessel_skips_the_number(caller: MakeCaller, app: Flask) -> None:
    known_owner(app)
    phone = caller()
    phone.dial()
    phone.press("1")
    assert "bíp" in said(phone.press("5"))


def test_re_entering_a_vessel_number(caller: MakeCaller, app: Flask, session: Session) -> None:
    known_owner(app)
    phone = caller()
    phone.dial()
    phone.press("1")
    phone.press("3")
    phone.press("11111#")
    assert "thăng" in said(phone.press("2"))
    assert "chín không một hai ba" in said(phone.press("90123#"))


def test_malformed_vessel_number_three_times_goes_to_the_operator_and_leaves_a_draft(
        caller: MakeCaller, app: Flask, session: Session) -> None:
    known_owner(app)
    phone = caller()
    phone.dial()
    phone.press("1")
    phone.press("3")
    assert said(phone.press("12#")).startswith("Xin lỗi, chưa đúng.")
    assert said(phone.press("00#")).startswith("Xin lỗi, chưa đúng.")
    operator = phone.press("123456789#")
    assert "chuyển quý khách đến cán bộ" in said(operator)
    phone.hang_up()
    [draft] = dossiers(session)
    assert draft.state is DossierState.DRAFT and draft.needs_review
    task = session.scalars(select(CallbackTask)).one()
    assert (task.reason, task.dossier_id) == ("dropped", draft.id)


def test_call_dropped_mid_dossier_leaves_a_draft_with_its_note(
        caller: MakeCaller, app: Flask, session: Session) -> None:
    known_owner(app)
    phone = caller()
    phone.dial()
    phone.press("1")
    phone.press("2")
    phone.press("90123#")
    phone.press("1")
    phone.record()
    assert phone.hang_up().status_code == 200
    phone.hang_up()
    [draft] = dossiers(session)
    assert draft.state is DossierState.DRAFT and draft.vessel is not None
    assert session.scalars(select(Recording)).one().dossier_id == draft.id
    task = session.scalars(select(CallbackTask)).one()
    assert (task.reason, task.dossier_id, task.phone) == ("dropped", draft.id, "+84912345678")
    assert session.scalars(select(Call)).one().status is CallStatus.DROPPED


def test_retried_step_gets_the_same_answer_and_files_nothing_twice(
        caller: MakeCaller, app: Flask, session: Session, redis_conn: Redis) -> None:
    known_owner(app)
    phone = caller()
    phone.dial()
    phone.dial()
    phone.press("1")
    phone.press("2")
    phone.press("90123#")
    phone.press("1")
    before = phone.last
    address_question = phone.record()
    first = phone.press("1")
    phone.last = before
    again = phone.record()  # the same <Record> action, posted again: a Twilio retry
    assert said(again) == said(address_question) != said(first)
    assert len(dossiers(session)) == 1
    receipts = select(func.count()).select_from(OutgoingMessage).where(OutgoingMessage.purpose == "receipt")
    assert session.scalar(receipts) == 1
    steps = session.scalars(select(CallStep.request_key)).all()
    assert len(steps) == len(set(steps))


def test_the_phone_menu_follows_the_catalogue(
        app: Flask, caller: MakeCaller, session: Session, monkeypatch: pytest.MonkeyPatch) -> None:
    """A sync in this process is heard at once; a change made elsewhere within PHONE_MENU_SECONDS."""
    first = caller()
    first.dial()
    assert "Đăng ký tàu cá, bấm 1" in said(first.press("1"))
    session.execute(update(Procedure).where(Procedure.keypad_key == 1).values(name_vi="Đăng ký tàu thuyền"))
    session.commit()  # as another process (the CLI) would
    second = caller()
    second.dial()
    assert "Đăng ký tàu cá, bấm 1" in said(second.press("1"))  # this process's copy, still fresh
    later = time.monotonic() + catalogue.PHONE_MENU_SECONDS + 1
    monkeypatch.setattr(catalogue.time, "monotonic", lambda: later)
    third = caller()
    third.dial()
    assert "Đăng ký tàu thuyền, bấm 1" in said(third.press("1"))
    with app.app_context():
        sync_catalogue(session, app.config["CONFIG_DIR"])  # back to the file, and this process hears it now
        session.commit()
    fourth = caller()
    fourth.dial()
    assert "Đăng ký tàu cá, bấm 1" in said(fourth.press("1"))


@pytest.mark.parametrize(("press_first", "link_text", "charges_text"), [
    ((), "Dữ liệu cá nhân: http://hotline.test/rieng-tu", "Bưu điện thu 50.000 đ khi trả kết quả."),
    # in English, the English page, and an amount without "đ", which would make the whole text UCS-2
    (("9",), "Personal data: http://hotline.test/privacy", "The post collects 50.000 dong on delivery."),
], ids=["vi", "en"])
def test_the_receipt_sms_links_the_privacy_page_and_tells_the_charges_within_two_segments(
        app: Flask, caller: MakeCaller, session: Session, press_first: tuple[str, ...], link_text: str,
        charges_text: str) -> None:
    known_owner(app)
    phone = caller()
    phone.dial()
    for keys in (*press_first, "1", "3", "90123#", "1"):
        phone.press(keys)
    phone.record()
    phone.press("1")
    session.rollback()
    body = session.scalars(select(OutgoingMessage.body).where(OutgoingMessage.purpose == "receipt")).one()
    assert body.endswith(f"{link_text} {charges_text}")
    assert sms_segments(plain(body)) == 2
