"""The whole road: result ready → delivery → manifest → failed at sea → delivered → rated by SMS."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import timedelta

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from hotline.models import DossierState
from hotline.models import OutgoingMessage
from hotline.models import SatisfactionRating
from hotline.models import Shipment
from hotline.models import ShipmentKind
from hotline.models import StopOutcome
from hotline.services.catalogue import work_calendar
from hotline.services.outcomes import record_outcome
from hotline.services.places import find_ward
from hotline.services.rounds import build_day_manifest
from hotline.services.workflow import move
from tests.dispatch.dispatch_helpers import DAY
from tests.dispatch.dispatch_helpers import PROXY_PHONE
from tests.dispatch.dispatch_helpers import couriers
from tests.dispatch.dispatch_helpers import ready_dossier
from tests.dispatch.dispatch_helpers import signed_sms
from tests.factories import make_dossier
from tests.factories import make_owner


def test_a_result_travels_to_the_owner_and_comes_back_as_a_rating(
        app: Flask, session: Session, client: FlaskClient) -> None:
    courier, _ = couriers(session, app)
    dossier = ready_dossier(session)
    # The owner is at sea: a relative takes the result for them.
    dossier.recipient_name, dossier.recipient_phone = "Trần Văn Bảo", PROXY_PHONE
    delivery = session.scalars(select(Shipment).where(Shipment.dossier_id == dossier.id)).one()
    assert delivery.kind is ShipmentKind.DELIVERY
    assert delivery.amount_vnd == dossier.procedure.fee_vnd + 25000
    cal = work_calendar()

    _, sheet = build_day_manifest(session, DAY, courier, cal, "http://hotline.test")
    assert [s.tracking_code for s in sheet.stops] == [delivery.tracking_code]
    assert dossier.state is DossierState.OUT_FOR_DELIVERY
    record_outcome(session, delivery, courier, StopOutcome.FAILED, "t" * 20, calendar=cal, reason="at_sea")
    assert (dossier.state, delivery.attempts) == (DossierState.OUT_FOR_DELIVERY, 1)

    _, next_day = build_day_manifest(session, DAY + timedelta(days=1), courier, cal, "http://hotline.test")
    assert next_day.stops[0].attempts == 1
    record_outcome(session, delivery, courier, StopOutcome.DELIVERED, "u" * 20, calendar=cal,
                   received_by="Trần Văn Bảo", amount_collected=delivery.amount_vnd)
    assert dossier.state is DossierState.DELIVERED
    session.commit()

    reply = signed_sms(client, "0935 111 222", "1")
    assert reply.status_code == 200
    assert "Rất hài lòng" in (ET.fromstring(reply.data).findtext("Message") or "")
    session.expire_all()
    rating = session.scalars(select(SatisfactionRating)).one()
    assert (rating.dossier_id, rating.score, rating.channel.value) == (dossier.id, 1, "sms")

    timeline = [(e.to_state.value, e.reason or "") for e in dossier.events]
    assert [state for state, _ in timeline] == ["received", "in_progress", "result_ready", "out_for_delivery",
                                                 "out_for_delivery", "out_for_delivery", "delivered"]
    assert "chủ tàu đang đi biển" in timeline[4][1]
    assert "Trần Văn Bảo" in timeline[6][1]
    to_proxy = select(OutgoingMessage).where(OutgoingMessage.to_number == PROXY_PHONE)
    texts = {m.purpose for m in session.scalars(to_proxy)}
    assert {"visit", "delivery_failed", "status:delivered", "satisfaction"} <= texts


def test_a_reply_that_is_not_a_digit_gets_help_and_records_nothing(
        app: Flask, session: Session, client: FlaskClient) -> None:
    reply = signed_sms(client, "+84912345678", "xin chào")
    assert "trả lời 1 số từ 1" in (ET.fromstring(reply.data).findtext("Message") or "")
    assert session.scalars(select(SatisfactionRating)).first() is None


def test_an_unsigned_sms_is_refused(client: FlaskClient) -> None:
    assert client.post("/sms/inbound", data={"From": "+84912345678", "Body": "1"}).status_code == 403


def test_papers_collected_start_the_legal_clock(app: Flask, session: Session) -> None:
    courier, _ = couriers(session, app)
    owner = make_owner(session, name="Lê Văn Cường", ward_code=find_ward(51, "Bình Sơn"))
    dossier = make_dossier(session, owner, key=1)
    move(session, dossier, DossierState.AWAITING_PAPERS, actor="test", calendar=work_calendar())
    pickup = session.scalars(select(Shipment).where(Shipment.dossier_id == dossier.id)).one()
    assert (pickup.kind, pickup.amount_vnd, pickup.tracking_code[:2]) == (ShipmentKind.PICKUP, 0, "RP")
    build_day_manifest(session, DAY, courier, work_calendar(), "http://hotline.test")
    assert dossier.due_date is None
    record_outcome(session, pickup, courier, StopOutcome.DELIVERED, "p" * 20, calendar=work_calendar(),
                   received_by="Lê Văn Cường")
    assert dossier.state is DossierState.IN_PROGRESS
    assert dossier.due_date is not None
