"""Courier pages: only one's own stops, one outcome per stop, a double tap recorded once."""

from __future__ import annotations

from dataclasses import astuple

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func
from sqlalchemy import select
from sqlalchemy.orm import Session

from hotline.domain.manifest import KIND_WORDS
from hotline.models import DossierEvent
from hotline.models import Shipment
from hotline.models import ShipmentAttempt
from hotline.models import ShipmentState
from hotline.models import User
from hotline.services.catalogue import work_calendar
from hotline.services.rounds import build_day_manifest
from hotline.web.english import ENGLISH
from tests.dispatch.dispatch_helpers import DAY
from tests.dispatch.dispatch_helpers import couriers
from tests.dispatch.dispatch_helpers import form_fields
from tests.dispatch.dispatch_helpers import papers_dossier
from tests.dispatch.dispatch_helpers import ready_dossier
from tests.dispatch.dispatch_helpers import sign_in
from tests.tools import open_session


def two_rounds(app: Flask) -> tuple[Shipment, Shipment, User]:
    """A stop on the demo courier's manifest (Lý Sơn) and one on the second courier's (Tịnh Khê)."""
    with open_session(app) as session:
        return _two_rounds(app, session)


def _two_rounds(app: Flask, session: Session) -> tuple[Shipment, Shipment, User]:
    mine, other = couriers(session, app)
    ready_dossier(session, name="Nguyễn Văn An", commune="Đặc khu Lý Sơn", digits="90123")
    ready_dossier(session, name="Phạm Đức Dũng", commune="Xã Tịnh Khê", digits="95010", phone="+84905333444")
    build_day_manifest(session, DAY, mine, work_calendar(), "http://hotline.test")
    build_day_manifest(session, DAY, other, work_calendar(), "http://hotline.test")
    mine_stop, their_stop = session.scalars(select(Shipment).order_by(Shipment.id)).all()
    assert mine_stop.manifest_id != their_stop.manifest_id
    # Commit and end the transaction: on SQLite the app's requests need the write lock.
    session.commit()
    return mine_stop, their_stop, mine


def test_a_courier_cannot_see_or_mark_another_couriers_stop(app: Flask, client: FlaskClient) -> None:
    my_stop, their_stop, me = two_rounds(app)
    sign_in(client, me)
    page = client.get(f"/courier/s/{my_stop.tracking_code}")
    assert page.status_code == 200
    fields = form_fields(page.get_data(as_text=True), "failed")
    assert client.get(f"/courier/s/{their_stop.tracking_code}").status_code == 404
    assert client.get(f"/courier/manifests/{their_stop.manifest_id}").status_code == 404
    forged = client.post(f"/courier/s/{their_stop.tracking_code}", data={**fields, "reason": "at_sea"})
    assert forged.status_code == 404
    with open_session(app) as session:
        assert session.get_one(Shipment, their_stop.id).state is ShipmentState.ON_MANIFEST


def test_a_double_tap_records_one_outcome_and_a_second_outcome_is_refused(
        app: Flask, client: FlaskClient) -> None:
    my_stop, _, me = two_rounds(app)
    sign_in(client, me)
    html = client.get(f"/courier/s/{my_stop.tracking_code}").get_data(as_text=True)
    failed = {**form_fields(html, "failed"), "reason": "at_sea"}
    delivered = {**form_fields(html, "delivered"), "received_by": "Nguyễn Văn An"}
    assert client.post(f"/courier/s/{my_stop.tracking_code}", data=failed).status_code == 302
    assert client.post(f"/courier/s/{my_stop.tracking_code}", data=failed).status_code == 302
    other = client.post(f"/courier/s/{my_stop.tracking_code}", data={**delivered, "token": "v" * 24})
    assert other.status_code == 409
    with open_session(app) as session:
        assert session.scalar(select(func.count()).select_from(ShipmentAttempt)) == 1
        stop = session.get_one(Shipment, my_stop.id)
        assert (stop.state, stop.attempts) == (ShipmentState.FAILED, 1)


def test_a_form_without_its_csrf_token_is_refused(app: Flask, client: FlaskClient) -> None:
    my_stop, _, me = two_rounds(app)
    sign_in(client, me)
    response = client.post(f"/courier/s/{my_stop.tracking_code}",
                           data={"token": "w" * 24, "outcome": "failed", "reason": "weather"})
    assert response.status_code == 400
    with open_session(app) as session:
        assert session.scalar(select(func.count()).select_from(ShipmentAttempt)) == 0


def test_the_courier_home_lists_todays_manifests_only_for_couriers(app: Flask, client: FlaskClient) -> None:
    assert client.get("/courier/").status_code in (302, 401)
    _, _, me = two_rounds(app)
    sign_in(client, me)
    home = client.get("/courier/").get_data(as_text=True)
    assert "Hôm nay chưa có bảng kê" in home
    # The top link leads a courier home to their round, not to the operators' board, which refuses them.
    assert '<a class="brand" href="/courier/">' in home



def _pickup_round(app: Flask) -> tuple[Shipment, User]:
    """A pickup of papers from an owner whose dossier names no street address, on the demo courier's round."""
    with open_session(app) as session:
        mine, _other = couriers(session, app)
        papers_dossier(session, name="Nguyễn Văn An", address=None)
        build_day_manifest(session, DAY, mine, work_calendar(), "http://hotline.test")
        stop = session.scalars(select(Shipment)).one()
        session.commit()
        return stop, mine


def test_a_pickup_reads_as_a_pickup_and_shows_its_result_once_marked(app: Flask, client: FlaskClient) -> None:
    stop, me = _pickup_round(app)
    sign_in(client, me)
    page = client.get(f"/courier/s/{stop.tracking_code}").get_data(as_text=True)
    assert "Nhận hồ sơ giấy" in page and "Người giao" in page and ">Đã nhận hồ sơ</button>" in page
    assert ">Không nhận được hồ sơ</button>" in page
    assert "Đã giao" not in page and "Người nhận" not in page and "Không giao được" not in page
    assert "None" not in page and "0912 345 678" in page and "Đặc khu Lý Sơn" in page
    listed = client.get(f"/courier/manifests/{stop.manifest_id}").get_data(as_text=True)
    assert "None" not in listed and "Chưa có kết quả" in listed

    fields = {**form_fields(page, "delivered"), "received_by": "Nguyễn Văn An"}
    marked = client.post(f"/courier/s/{stop.tracking_code}", data=fields)
    assert marked.status_code == 302 and marked.headers["Location"] == f"/courier/manifests/{stop.manifest_id}"
    listed = client.get(marked.headers["Location"]).get_data(as_text=True)
    assert "Đã nhận hồ sơ — Người giao: Nguyễn Văn An" in listed and "Chưa có kết quả" not in listed
    assert "Đã nhận hồ sơ — Người giao: Nguyễn Văn An" in client.get(f"/courier/s/{stop.tracking_code}").get_data(
        as_text=True)
    with open_session(app) as session:
        reasons = session.scalars(select(DossierEvent.reason).where(DossierEvent.actor == "courier:courier")).all()
        assert reasons == [f"Đã nhận hồ sơ ({stop.tracking_code}), người giao: Nguyễn Văn An"]


def test_a_failed_delivery_shows_its_reason_on_the_round(app: Flask, client: FlaskClient) -> None:
    my_stop, _, me = two_rounds(app)
    sign_in(client, me)
    page = client.get(f"/courier/s/{my_stop.tracking_code}").get_data(as_text=True)
    assert "Người nhận" in page and ">Đã giao</button>" in page and "Người giao" not in page
    client.post(f"/courier/s/{my_stop.tracking_code}", data={**form_fields(page, "failed"), "reason": "at_sea"})
    listed = client.get(f"/courier/manifests/{my_stop.manifest_id}").get_data(as_text=True)
    assert "Không giao được: chủ tàu đang đi biển" in listed


def test_every_word_a_stop_is_spoken_of_in_has_its_english() -> None:
    words = [text for kind in KIND_WORDS.values() for text in astuple(kind)]
    assert [text for text in words if text not in ENGLISH] == []
