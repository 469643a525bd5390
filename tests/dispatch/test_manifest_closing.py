"""Closing a day's manifest: only when every stop has an outcome, or with the rest carried over on purpose."""

from __future__ import annotations

import re
from datetime import timedelta

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from hotline.models import AuditEntry
from hotline.models import Dossier
from hotline.models import Manifest
from hotline.models import Role
from hotline.models import Shipment
from hotline.models import ShipmentAttempt
from hotline.models import ShipmentState
from hotline.models import User
from hotline.services.catalogue import work_calendar
from hotline.services.rounds import build_day_manifest
from tests.dispatch.dispatch_helpers import DAY
from tests.dispatch.dispatch_helpers import couriers
from tests.dispatch.dispatch_helpers import form_fields
from tests.dispatch.dispatch_helpers import ready_dossier
from tests.dispatch.dispatch_helpers import sign_in
from tests.factories import make_user
from tests.tools import open_session


def _round_of_two(app: Flask) -> tuple[User, User, int, list[str]]:
    """The demo courier's manifest for DAY with two stops in Lý Sơn; the second courier; the manifest id."""
    with open_session(app) as session:
        mine, other = couriers(session, app)
        ready_dossier(session, name="Nguyễn Văn An", commune="Đặc khu Lý Sơn", digits="90123")
        ready_dossier(session, name="Lê Thị Cúc", commune="Đặc khu Lý Sơn", digits="90456", phone="+84905333444")
        manifest, _sheet = build_day_manifest(session, DAY, mine, work_calendar(), "http://hotline.test")
        codes = list(session.scalars(select(Shipment.tracking_code).order_by(Shipment.id)))
        session.commit()
        return mine, other, manifest.id, codes


def _mark(client: FlaskClient, code: str, outcome: str) -> int:
    html = client.get(f"/courier/s/{code}").get_data(as_text=True)
    extra = {"received_by": "Người nhà"} if outcome == "delivered" else {"reason": "at_sea"}
    return client.post(f"/courier/s/{code}", data={**form_fields(html, outcome), **extra}).status_code


def _close(client: FlaskClient, manifest_id: int, carry_over: bool = False) -> tuple[int, str]:
    html = client.get(f"/courier/manifests/{manifest_id}").get_data(as_text=True)
    token = re.search(r'/close" class="card">\s*<input type="hidden" name="csrf_token" value="([^"]+)"', html)
    assert token, "no close form on the manifest page"
    data = {"csrf_token": token.group(1), **({"carry_over": "1"} if carry_over else {})}
    response = client.post(f"/courier/manifests/{manifest_id}/close", data=data, follow_redirects=True)
    return response.status_code, response.get_data(as_text=True)


def test_a_round_closes_only_when_every_stop_has_an_outcome_then_refuses_more(
        app: Flask, client: FlaskClient) -> None:
    me, _other, manifest_id, (first, second) = _round_of_two(app)
    sign_in(client, me)
    assert _mark(client, first, "delivered") == 302
    status, html = _close(client, manifest_id)
    assert status == 409 and "Còn 1 điểm chưa có kết quả" in html
    with open_session(app) as session:
        assert session.get_one(Manifest, manifest_id).closed_at is None

    assert _mark(client, second, "failed") == 302
    status, html = _close(client, manifest_id)
    assert status == 200 and 'id="closed"' in html
    with open_session(app) as session:
        assert session.get_one(Manifest, manifest_id).closed_at is not None
        assert session.scalars(select(AuditEntry.detail).where(AuditEntry.action == "manifest_closed")).one() == (
            "0 carried over")

    stop_page = client.get(f"/courier/s/{second}").get_data(as_text=True)
    assert "đã chốt: không ghi thêm kết quả" in stop_page and 'name="outcome"' not in stop_page
    # A closed round is no longer the courier's business: the recipients' details leave their pages.
    manifest_page = client.get(f"/courier/manifests/{manifest_id}").get_data(as_text=True)
    with open_session(app) as session:
        for shipment in session.scalars(select(Shipment).where(Shipment.manifest_id == manifest_id)):
            for personal in (shipment.recipient_name, shipment.recipient_phone, shipment.address_line):
                assert personal and personal not in stop_page and personal not in manifest_page
    assert 'id="hidden-recipient"' in stop_page
    late = client.post(f"/courier/s/{second}", data={"csrf_token": _csrf(client), "token": "late" * 6,
                                                     "outcome": "delivered", "received_by": "Lê Thị Cúc"})
    assert late.status_code == 409
    assert f"Bảng kê ngày {DAY:%d/%m/%Y} đã chốt" in late.get_data(as_text=True)
    with open_session(app) as session:
        shipment = session.scalars(select(Shipment).where(Shipment.tracking_code == second)).one()
        assert shipment.state is ShipmentState.FAILED
        assert len(session.scalars(select(ShipmentAttempt)).all()) == 2
    status, html = _close_again(client, manifest_id)
    assert status == 409


def _csrf(client: FlaskClient, page: str = "/courier/") -> str:
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get(page).get_data(as_text=True))
    assert token, f"no CSRF token on {page}"
    return token.group(1)


def _close_again(client: FlaskClient, manifest_id: int) -> tuple[int, str]:
    response = client.post(f"/courier/manifests/{manifest_id}/close", data={"csrf_token": _csrf(client)})
    return response.status_code, response.get_data(as_text=True)


def test_closing_with_carry_over_puts_unvisited_stops_on_the_next_round(app: Flask, client: FlaskClient) -> None:
    me, _other, manifest_id, (first, second) = _round_of_two(app)
    sign_in(client, me)
    assert _mark(client, first, "delivered") == 302
    status, html = _close(client, manifest_id, carry_over=True)
    assert status == 200 and "Đã chốt bảng kê; 1 điểm chuyển sang bảng kê sau." in html
    with open_session(app) as session:
        shipment = session.scalars(select(Shipment).where(Shipment.tracking_code == second)).one()
        assert (shipment.manifest_id, shipment.state) == (None, ShipmentState.PLANNED)
        dossier = session.get_one(Dossier, shipment.dossier_id)
        assert "chuyển sang bảng kê sau" in (dossier.events[-1].reason or "")
        courier = session.get_one(User, me.id)
        same_day, _sheet = build_day_manifest(session, DAY, courier, work_calendar(), "http://hotline.test")
        assert same_day.id == manifest_id and shipment.manifest_id is None
        next_day, sheet = build_day_manifest(session, DAY + timedelta(days=1), courier, work_calendar(),
                                             "http://hotline.test")
        assert [s.tracking_code for s in sheet.stops] == [second]
        assert shipment.manifest_id == next_day.id
        session.commit()


def test_only_the_own_courier_or_a_supervisor_closes_a_manifest(app: Flask, client: FlaskClient) -> None:
    me, other, manifest_id, (first, second) = _round_of_two(app)
    sign_in(client, other)
    assert client.post(f"/courier/manifests/{manifest_id}/close",
                       data={"csrf_token": _csrf(client), "carry_over": "1"}).status_code == 404
    with open_session(app) as session:
        operator = make_user(session, Role.OPERATOR, username="op-close")
        supervisor = make_user(session, Role.SUPERVISOR, username="sup-close")
        for user in (operator, supervisor):
            user.session_token = "s" * 32
        session.commit()
    for user, wanted in ((operator, 403), (supervisor, 303)):
        staff = client.application.test_client()
        sign_in(staff, user)
        token = _csrf(staff, "/board" if user is operator else "/dispatch/")
        assert staff.post(f"/dispatch/manifests/{manifest_id}/close",
                          data={"csrf_token": token, "carry_over": "1"}).status_code == wanted
    with open_session(app) as session:
        assert session.get_one(Manifest, manifest_id).closed_at is not None
        assert len(session.scalars(select(Shipment).where(Shipment.manifest_id.is_(None))).all()) == 2


def test_the_close_forms_refuse_a_missing_csrf_token(app: Flask, client: FlaskClient) -> None:
    me, _other, manifest_id, _codes = _round_of_two(app)
    sign_in(client, me)
    assert client.post(f"/courier/manifests/{manifest_id}/close", data={"carry_over": "1"}).status_code == 400
    with open_session(app) as session:
        supervisor = make_user(session, Role.SUPERVISOR, username="sup-csrf")
        supervisor.session_token = "c" * 32
        session.commit()
    staff = client.application.test_client()
    sign_in(staff, supervisor)
    assert staff.post(f"/dispatch/manifests/{manifest_id}/close",
                      data={"carry_over": "1", "csrf_token": "forged"}).status_code == 400
    with open_session(app) as session:
        assert session.get_one(Manifest, manifest_id).closed_at is None
