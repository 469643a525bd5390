"""A failed pickup or delivery is rearranged the way its SMS says: by phone (status, the phone code, then 3 for
another day or 4 for a stand-in), or by an operator in the console; the next manifest follows it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from hotline.domain.workdays import LOCAL_TZ
from hotline.models import Dossier
from hotline.models import DossierState
from hotline.models import OutgoingMessage
from hotline.models import Role
from hotline.models import Shipment
from hotline.models import ShipmentKind
from hotline.models import StopOutcome
from hotline.models import User
from hotline.models import utcnow
from hotline.services.catalogue import work_calendar
from hotline.services.courier_routes import fill_routes
from hotline.services.outcomes import record_outcome
from hotline.services.places import find_ward
from hotline.services.rearranging import days_offered
from hotline.services.rounds import build_day_manifest
from hotline.services.workflow import move
from tests.console.conftest import post_form
from tests.dispatch.dispatch_helpers import DAY
from tests.dispatch.dispatch_helpers import ready_dossier
from tests.factories import make_dossier
from tests.factories import make_owner
from tests.factories import make_user
from tests.ivr.conftest import Caller
from tests.ivr.conftest import said
from tests.tools import open_session

BASE = "http://hotline.test"


def the_courier(session: Session, app: Flask) -> User:
    """The demo courier, routed by config/routes.toml (made here unless the console's accounts made it)."""
    courier = session.scalars(select(User).where(User.username == "courier")).first()
    if courier is None:
        courier = make_user(session, Role.COURIER, username="courier")
    fill_routes(session, app.config["CONFIG_DIR"], 51)
    return courier


def failed_delivery(app: Flask, phone: str = "+84912345678") -> tuple[int, str]:
    """A result out for delivery that the courier could not hand over (owner at sea); its id and phone code."""
    with app.app_context(), open_session(app) as session:
        courier = the_courier(session, app)
        dossier = ready_dossier(session, phone=phone)
        build_day_manifest(session, DAY, courier, work_calendar(), BASE)
        delivery = session.scalars(select(Shipment).where(Shipment.dossier_id == dossier.id)).one()
        record_outcome(session, delivery, courier, StopOutcome.FAILED, "f" * 20, calendar=work_calendar(),
                       reason="at_sea")
        session.commit()
        return dossier.id, dossier.phone_code


def to_status(app: Flask, phone_code: str) -> tuple[Caller, str]:
    phone = Caller(app.test_client())
    phone.dial()
    phone.press("2")
    return phone, said(phone.press(f"{phone_code}#"))


def stops_on(app: Flask, day: date) -> list[str]:
    with app.app_context(), open_session(app) as session:
        courier = session.scalars(select(User).where(User.username == "courier")).one()
        _, sheet = build_day_manifest(session, day, courier, work_calendar(), BASE)
        session.commit()
        return [stop.recipient_phone for stop in sheet.stops]


def test_the_failed_delivery_text_names_the_keys_the_status_offers(app: Flask) -> None:
    dossier_id, phone_code = failed_delivery(app)
    with open_session(app) as session:
        text = session.scalars(select(OutgoingMessage.body).where(OutgoingMessage.purpose == "delivery_failed")).one()
    assert f"bấm 2, nhập mã tra cứu {phone_code}, rồi bấm 3 (ngày khác) hoặc 4 (người nhận thay)" in text
    _, status = to_status(app, phone_code)
    assert "Để hẹn ngày giao khác, bấm 3. Để nhờ người khác nhận thay, bấm 4." in status
    assert "sẽ giao lại" not in status  # the keys replace the old "will try again"


def test_the_caller_picks_a_new_day_and_no_manifest_before_it_takes_the_delivery(app: Flask) -> None:
    dossier_id, phone_code = failed_delivery(app)
    phone, _ = to_status(app, phone_code)
    with app.app_context():
        first, second, _third = days_offered(work_calendar(), utcnow().astimezone(LOCAL_TZ).date())
    menu = said(phone.press("3"))
    assert f"ngày {second.day} tháng {second.month} năm {second.year}, bấm 2." in menu
    assert f"Đã hẹn bưu tá đến vào ngày {second.day} tháng {second.month}" in said(phone.press("2"))
    with open_session(app) as session:
        assert session.scalars(select(Shipment.not_before)).one() == second
        timeline = session.get_one(Dossier, dossier_id).events[-1].reason or ""
        assert timeline.startswith("Hẹn lại bưu gửi RR") and f"ngày {second:%d/%m/%Y}" in timeline
    assert stops_on(app, first) == []
    assert stops_on(app, second) == ["+84912345678"]


def test_the_caller_names_a_stand_in_whose_number_the_next_manifest_carries(app: Flask) -> None:
    _, phone_code = failed_delivery(app)
    phone, _ = to_status(app, phone_code)
    assert "số điện thoại của người giao nhận thay" in said(phone.press("4"))
    assert "không chín ba năm một một một hai hai hai" in said(phone.press("0935111222#"))
    assert "Đã ghi người giao nhận thay" in said(phone.press("1"))
    with open_session(app) as session:
        shipment = session.scalars(select(Shipment)).one()
        assert (shipment.recipient_phone, shipment.recipient_name) == (
            "+84935111222", "Người nhận thay cho Trần Thị Bích")
    assert stops_on(app, date(2026, 12, 1)) == ["+84935111222"]


def test_with_nothing_failed_the_keys_say_so_and_go_back_to_the_status(app: Flask) -> None:
    with app.app_context(), open_session(app) as session:
        phone_code = ready_dossier(session).phone_code
        session.commit()
    phone, _ = to_status(app, phone_code)
    back = said(phone.press("3"))
    assert back.startswith("Hồ sơ này không có lần giao nhận nào cần hẹn lại.") and "đang ở trạng thái" in back


def test_a_failed_pickup_offers_the_same_keys_for_a_stand_in_who_hands_over_the_papers(app: Flask) -> None:
    with app.app_context(), open_session(app) as session:
        courier = the_courier(session, app)
        owner = make_owner(session, ward_code=find_ward(51, "Đặc khu Lý Sơn"))
        dossier = make_dossier(session, owner, key=3)
        move(session, dossier, DossierState.AWAITING_PAPERS, actor="test", calendar=work_calendar())
        build_day_manifest(session, DAY, courier, work_calendar(), BASE)
        pickup = session.scalars(select(Shipment).where(Shipment.kind == ShipmentKind.PICKUP)).one()
        record_outcome(session, pickup, courier, StopOutcome.FAILED, "p" * 20, calendar=work_calendar(),
                       reason="not_home")
        session.commit()
        phone_code = dossier.phone_code
        text = session.scalars(select(OutgoingMessage.body).where(OutgoingMessage.purpose == "pickup_failed")).one()
    assert text.startswith("Bưu tá chưa nhận được hồ sơ giấy RP")
    assert text.endswith(f"nhập mã tra cứu {phone_code}, rồi bấm 3 (ngày khác) hoặc 4 (người giao thay).")
    _, status = to_status(app, phone_code)
    assert "Bưu tá chưa nhận được hồ sơ giấy. Để hẹn ngày khác, bấm 3. Để nhờ người khác giao thay, bấm 4." in status


@pytest.mark.parametrize(("form", "flashed"), [
    ({"day": "31/02/2027"}, "Ngày không hợp lệ: 31/02/2027"),
    ({"day": "01/01/2020"}, "Hãy chọn một ngày làm việc sau hôm nay."),
    ({"proxy_phone": "12"}, "Số điện thoại không hợp lệ: 12"),
    ({}, "Hãy ghi ngày hẹn mới hoặc số điện thoại người giao nhận thay."),
])
def test_an_operator_s_bad_rearrangement_is_refused_with_the_reason(
        app: Flask, signed_in: Callable[[Role], FlaskClient], form: dict[str, str], flashed: str) -> None:
    failed_delivery(app)
    operator = signed_in(Role.OPERATOR)
    with open_session(app) as session:
        code = session.scalars(select(Dossier.code)).one()
    page = f"/dossiers/{code}"
    answer = post_form(operator, f"{page}/rearrange", form, page=page)
    assert answer.status_code == 303
    assert flashed in operator.get(page).get_data(as_text=True)
    with open_session(app) as session:
        assert session.scalars(select(Shipment.not_before)).one() is None


def test_an_operator_rearranges_a_failed_delivery_from_the_dossier_page(
        app: Flask, signed_in: Callable[[Role], FlaskClient]) -> None:
    failed_delivery(app)
    operator = signed_in(Role.OPERATOR)
    with open_session(app) as db, app.app_context():
        code = db.scalars(select(Dossier.code)).one()
        day = days_offered(work_calendar(), utcnow().astimezone(LOCAL_TZ).date())[2]
    page = f"/dossiers/{code}"
    assert 'id="rearrange"' in operator.get(page).get_data(as_text=True)
    form = {"day": f"{day:%d/%m/%Y}", "proxy_phone": "0935 111 222", "proxy_name": "Trần Văn Bảo"}
    assert post_form(operator, f"{page}/rearrange", form, page=page).status_code == 303
    with open_session(app) as db:
        shipment = db.scalars(select(Shipment)).one()
        assert (shipment.not_before, shipment.recipient_phone, shipment.recipient_name) == (
            day, "+84935111222", "Trần Văn Bảo")
