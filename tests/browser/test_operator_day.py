"""An operator's day in the browser, at a desk's width and a phone's: the board's call-backs, a dossier's post,
texts and rating, a rejection with its reason, a queue filtered by dd/mm/yyyy dates, and a page that is not there."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC
from datetime import date
from datetime import datetime
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from hotline.infra.settings import recordings_dir
from hotline.infra.storage import store_audio
from hotline.models import Call
from hotline.models import CallbackTask
from hotline.models import CallStatus
from hotline.models import DossierState
from hotline.models import Manifest
from hotline.models import MessageState
from hotline.models import OutgoingMessage
from hotline.models import RatingChannel
from hotline.models import Recording
from hotline.models import RecordingPurpose
from hotline.models import Role
from hotline.models import SatisfactionRating
from hotline.models import Shipment
from hotline.models import ShipmentAttempt
from hotline.models import ShipmentKind
from hotline.models import ShipmentState
from hotline.models import StopOutcome
from hotline.models import User
from hotline.services.catalogue import work_calendar
from hotline.services.dossiers import open_dossier
from tests.browser.conftest import check_page
from tests.browser.conftest import follow
from tests.browser.conftest import sign_in
from tests.factories import UNIT
from tests.factories import make_dossier
from tests.factories import make_owner
from tests.factories import make_user
from tests.factories import procedure
from tests.tools import open_session

pytestmark = [pytest.mark.browser]

REASON = "Tàu QNg-90123-TS đã bán cho chủ khác"


@dataclass
class Day:
    draft: str
    served: str
    to_reject: str
    promised: date
    voicemail_id: int


def _call_back(app: Flask, session: Any, owner: Any) -> tuple[str, int]:
    call = Call(call_sid="CA-day", from_number=owner.phone, owner_id=owner.id, status=CallStatus.DROPPED)
    session.add(call)
    session.flush()
    draft = make_dossier(session, owner, key=2, state=DossierState.DRAFT)
    task = CallbackTask(call_id=call.id, phone=call.from_number, reason="dropped", dossier_id=draft.id)
    session.add(task)
    session.flush()
    voicemail = Recording(recording_sid="RE-day", call_id=call.id, purpose=RecordingPurpose.VOICEMAIL,
                          url="https://api.twilio.com/vm", callback_task_id=task.id)
    voicemail.keep_audio(store_audio(recordings_dir(app.config), 1, b"RIFF\x24\x00\x00\x00WAVEfmt "))
    session.add(voicemail)
    session.flush()
    return draft.code, voicemail.id


def _served(session: Any, owner: Any) -> str:
    dossier = make_dossier(session, owner, now=datetime(2026, 11, 2, 3, 0, tzinfo=UTC))
    courier = session.scalars(select(User).where(User.username == Role.COURIER.value)).one()
    courier.full_name = "Lê Văn Bưu"
    manifest = Manifest(day=date(2026, 11, 20), courier_id=courier.id)
    delivery = Shipment(dossier_id=dossier.id, kind=ShipmentKind.DELIVERY, tracking_code="RR000000017VN",
                        state=ShipmentState.DONE, recipient_name=owner.full_name, manifest=manifest, attempts=1)
    session.add_all([manifest, delivery])
    session.flush()
    session.add_all([
        ShipmentAttempt(shipment_id=delivery.id, outcome=StopOutcome.DELIVERED, received_by="Phạm Thị Hoa",
                        amount_collected_vnd=65000, request_token="day-1"),
        SatisfactionRating(dossier_id=dossier.id, score=1, channel=RatingChannel.SMS),
        OutgoingMessage(to_number=owner.phone, body="Kết quả hồ sơ đã được giao.", purpose="status:delivered",
                        dossier_id=dossier.id, state=MessageState.SENT, attempts=1),
    ])
    return dossier.code


@pytest.fixture
def day(app: Flask) -> Day:
    with open_session(app) as session, app.app_context():
        for role in (Role.OPERATOR, Role.COURIER):  # username = role value, password PASSWORD, as the harness signs in
            make_user(session, role, username=role.value)
        owner = make_owner(session, name="Phạm Văn Lộc", phone="+84912345678")
        draft, voicemail_id = _call_back(app, session, owner)
        served = _served(session, owner)
        to_reject = open_dossier(session, unit_code=UNIT, procedure=procedure(session, 2), state=DossierState.RECEIVED,
                                 actor="ivr", owner=owner, calendar=work_calendar(),
                                 now=datetime(2026, 11, 27, 3, 0, tzinfo=UTC))
        session.commit()
        assert to_reject.promised_date is not None
        return Day(draft, served, to_reject.code, to_reject.promised_date, voicemail_id)


def test_an_operators_day(page: Any, day: Day) -> None:
    sign_in(page, Role.OPERATOR.value)
    _board_call_back(page, day)
    _dossier_with_its_post(page, day)
    _reject_with_a_reason(page, day)
    _queue_by_typed_dates(page, day)
    _a_page_that_is_not_there(page)


def _board_call_back(page: Any, day: Day) -> None:
    assert page.url.endswith("/board")
    check_page(page)
    row = page.locator("#live tr", has_text="Phạm Văn Lộc")
    tel = row.locator("a.tel")
    assert tel.inner_text() == "0912 345 678"
    assert tel.get_attribute("href") == "tel:+84912345678"
    assert row.locator("audio").get_attribute("src") == f"/recordings/{day.voicemail_id}/audio"
    assert page.request.get(f"/recordings/{day.voicemail_id}/audio").status == 200
    follow(page, row.get_by_role("link", name=day.draft))
    assert page.locator("#state").inner_text() == "Chưa hoàn tất"
    check_page(page)


def _dossier_with_its_post(page: Any, day: Day) -> None:
    page.goto(f"/dossiers/{day.served}")
    check_page(page)
    shipment = page.locator("#shipment-RR000000017VN")
    assert "Trả kết quả" in shipment.inner_text()
    assert "20/11/2026 · Bưu tá Lê Văn Bưu" in shipment.inner_text()
    assert "Đã giao cho Phạm Thị Hoa" in shipment.inner_text()
    assert "65.000 đ" in page.locator("#collected").inner_text()
    assert "Rất hài lòng" in page.locator("#rating").inner_text()
    messages = page.locator("#messages").inner_text()
    assert "Kết quả hồ sơ đã được giao." in messages and "Đã gửi" in messages


def _reject_with_a_reason(page: Any, day: Day) -> None:
    page.goto(f"/dossiers/{day.to_reject}")
    check_page(page)
    assert f"Ngày hẹn trả đã báo chủ tàu: {day.promised:%d/%m/%Y}" in page.locator("#promised").inner_text()
    assert "tính từ khi tiếp nhận giải quyết" in page.locator("#due").inner_text()
    reject = page.locator("#reject")
    reject.get_by_role("button", name="Từ chối…").click()
    assert page.url.endswith(f"/dossiers/{day.to_reject}")  # the browser asks for the reason first
    reject.get_by_label("Lý do từ chối (gửi cho chủ tàu qua tin nhắn)").fill(REASON)
    follow(page, reject.get_by_role("button", name="Từ chối…"))
    check_page(page)
    assert f"Lý do: {REASON}." in page.locator("#sms-preview").inner_text()
    follow(page, page.get_by_role("button", name="Xác nhận: Từ chối"))
    assert page.locator("#state").inner_text() == "Từ chối"
    timeline = page.locator("table", has_text="Người thực hiện").last.inner_text()
    assert REASON in timeline and "Test operator" in timeline and "user:" not in timeline
    check_page(page)


def _queue_by_typed_dates(page: Any, day: Day) -> None:
    page.goto("/dossiers")
    page.get_by_label("Nhận từ").fill("25/11/2026")
    page.get_by_label("đến", exact=True).fill("30/11/2026")
    follow(page, page.get_by_role("button", name="Lọc"))
    check_page(page)
    assert re.search(r"received_from=25%2F11%2F2026", page.url)
    assert page.get_by_label("Nhận từ").input_value() == "25/11/2026"
    listed = page.locator("table").inner_text()
    assert day.to_reject in listed and day.served not in listed
    page.get_by_label("Nhận từ").fill("31/11/2026")
    follow(page, page.get_by_role("button", name="Lọc"))
    assert "Ngày không hợp lệ: 31/11/2026" in page.locator(".flash.error").inner_text()
    check_page(page)


def _a_page_that_is_not_there(page: Any) -> None:
    response = page.goto("/dossiers/KHONG-CO")
    assert response.status == 404
    assert "Không tìm thấy trang" in page.locator("h1").inner_text()
    check_page(page)
    follow(page, page.get_by_role("link", name="Về trang làm việc của bạn"))
    assert page.url.endswith("/board")
