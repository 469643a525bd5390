"""Helpers for the dispatch tests: a dossier with a result ready in a routed commune, couriers, signing."""

from __future__ import annotations

import re
import secrets
from datetime import date

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session
from twilio.request_validator import RequestValidator
from werkzeug.test import TestResponse

from hotline.models import Dossier
from hotline.models import DossierState
from hotline.models import Role
from hotline.models import User
from hotline.services.catalogue import work_calendar
from hotline.services.courier_routes import assign_route
from hotline.services.courier_routes import fill_routes
from hotline.services.places import find_ward
from hotline.services.workflow import move
from tests.conftest import PUBLIC_BASE_URL
from tests.conftest import TWILIO_TOKEN
from tests.factories import make_dossier
from tests.factories import make_owner
from tests.factories import make_user

DAY = date(2026, 3, 2)
PROXY_PHONE = "+84935111222"


def ready_dossier(session: Session, name: str = "Trần Thị Bích", commune: str = "Đặc khu Lý Sơn",
                  digits: str = "96588", phone: str = "+84912345678") -> Dossier:
    """A dossier through acceptance to a ready result, owned by `name` in `commune`."""
    owner = make_owner(session, name=name, phone=phone, ward_code=find_ward(51, commune), vessel_digits=digits)
    dossier = make_dossier(session, owner, key=2)
    for target in (DossierState.IN_PROGRESS, DossierState.RESULT_READY):
        move(session, dossier, target, actor="test", calendar=work_calendar())
    return dossier


def couriers(session: Session, app: Flask) -> tuple[User, User]:
    """The demo courier (routed by config/routes.toml) and a second one covering Tịnh Khê."""
    mine = make_user(session, Role.COURIER, username="courier")
    other = make_user(session, Role.COURIER, username="courier2")
    for user in (mine, other):
        user.session_token = secrets.token_hex(16)
    fill_routes(session, app.config["CONFIG_DIR"], 51)
    assign_route(session, find_ward(51, "Tịnh Khê"), other)
    return mine, other


def sign_in(client: FlaskClient, user: User) -> None:
    with client.session_transaction() as cookie:
        cookie["_user_id"] = f"{user.id}:{user.session_token}"
        cookie["_fresh"] = True


def form_fields(html: str, outcome: str) -> dict[str, str]:
    """The hidden fields (CSRF and one-time token) of the form for `outcome` on a stop page."""
    one_form = rf'<form method="post"[^>]*>(?:(?!</form>).)*value="{outcome}"(?:(?!</form>).)*</form>'
    form = re.search(one_form, html, re.S)
    assert form is not None, f"no {outcome} form on the page"
    return dict(re.findall(r'name="(csrf_token|token|outcome)" value="([^"]*)"', form.group(0)))


def signed_sms(client: FlaskClient, sender: str, body: str) -> TestResponse:
    fields = {"From": sender, "To": "+84900000000", "Body": body, "MessageSid": "SM" + "1" * 32}
    signature = RequestValidator(TWILIO_TOKEN).compute_signature(PUBLIC_BASE_URL + "/sms/inbound", fields)
    return client.post("/sms/inbound", data=fields, headers={"X-Twilio-Signature": signature})



def papers_dossier(session: Session, name: str = "Nguyễn Văn An", commune: str = "Đặc khu Lý Sơn",
                   digits: str = "90123", address: str | None = "Thôn Đông") -> Dossier:
    """A dossier waiting for the post to pick its original papers up from `name`, at `address` in `commune`."""
    owner = make_owner(session, name=name, ward_code=find_ward(51, commune), vessel_digits=digits)
    dossier = make_dossier(session, owner, key=1)
    dossier.delivery_address = address
    move(session, dossier, DossierState.AWAITING_PAPERS, actor="test", calendar=work_calendar())
    return dossier
