"""The dossier page shows its shipments and what the courier recorded, the texts sent, the rating and the money."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from hotline.models import Manifest
from hotline.models import MessageState
from hotline.models import OutgoingMessage
from hotline.models import RatingChannel
from hotline.models import Role
from hotline.models import SatisfactionRating
from hotline.models import Shipment
from hotline.models import ShipmentAttempt
from hotline.models import ShipmentKind
from hotline.models import ShipmentState
from hotline.models import StopOutcome
from hotline.models import User
from tests.console.conftest import post_form
from tests.factories import make_dossier
from tests.factories import make_owner
from tests.tools import open_session


def test_shipments_results_texts_rating_and_money_collected(
        app: Flask, signed_in: Callable[[Role], FlaskClient]) -> None:
    with open_session(app) as session:
        dossier = make_dossier(session, make_owner(session))
        courier = session.scalars(select(User).where(User.username == "courier")).one()
        courier.full_name = "Lê Văn Bưu"
        manifest = Manifest(day=date(2026, 12, 3), courier_id=courier.id)
        pickup = Shipment(dossier_id=dossier.id, kind=ShipmentKind.PICKUP, tracking_code="RR000000017VN",
                          state=ShipmentState.DONE, recipient_name="Nguyễn Văn A", manifest=manifest, attempts=1)
        delivery = Shipment(dossier_id=dossier.id, kind=ShipmentKind.DELIVERY, tracking_code="RR000000025VN",
                            state=ShipmentState.FAILED, recipient_name="Nguyễn Văn A", attempts=1)
        session.add_all([manifest, pickup, delivery])
        session.flush()
        session.add_all([
            ShipmentAttempt(shipment_id=pickup.id, outcome=StopOutcome.DELIVERED, received_by="Nguyễn Văn A",
                            amount_collected_vnd=65000, request_token="t1"),
            ShipmentAttempt(shipment_id=delivery.id, outcome=StopOutcome.FAILED, reason="at_sea", request_token="t2"),
            SatisfactionRating(dossier_id=dossier.id, score=1, channel=RatingChannel.SMS),
            OutgoingMessage(to_number="+84912345678", body="Hồ sơ đã nhận", purpose="receipt", dossier_id=dossier.id,
                            state=MessageState.SENT, attempts=1),
        ])
        session.commit()
        code = dossier.code
    client = signed_in(Role.OPERATOR)
    page = client.get(f"/dossiers/{code}").get_data(as_text=True)
    assert "RR000000017VN" in page and "RR000000025VN" in page
    assert "Nhận hồ sơ giấy" in page and "Trả kết quả" in page
    assert "03/12/2026 · Bưu tá Lê Văn Bưu" in page
    assert "Đã nhận hồ sơ giấy từ Nguyễn Văn A" in page
    assert "Không thành công: chủ tàu đang đi biển" in page
    assert "Chưa lên bảng kê" in page
    collected = page[page.index('id="collected"'):]
    assert "65.000 đ" in collected[:200]
    rating = page[page.index('id="rating"'):]
    assert "Rất hài lòng" in rating[:300] and "Tin nhắn" in rating[:300]
    assert "Hồ sơ đã nhận" in page and "0912 345 678" in page
    post_form(client, "/language", {"lang": "en", "next": f"/dossiers/{code}"}, page=f"/dossiers/{code}")
    english = client.get(f"/dossiers/{code}").get_data(as_text=True)
    assert "Papers collected from Nguyễn Văn A" in english and "Very satisfied" in english
    assert "Amount collected by the post" in english


def test_a_dossier_without_post_or_rating_says_so(app: Flask, signed_in: Callable[[Role], FlaskClient]) -> None:
    with open_session(app) as session:
        code = make_dossier(session, make_owner(session)).code
        session.commit()
    page = signed_in(Role.OPERATOR).get(f"/dossiers/{code}").get_data(as_text=True)
    assert "Chưa có đánh giá" in page
    assert "0 đ" in page[page.index('id="collected"'):][:200]
