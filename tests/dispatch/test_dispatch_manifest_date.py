"""The manifest's day is typed and shown dd/mm/yyyy, as everywhere in the console."""

from __future__ import annotations

import re
import secrets
from datetime import datetime

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from hotline.domain.workdays import LOCAL_TZ
from hotline.models import Manifest
from hotline.models import Role
from tests.dispatch.dispatch_helpers import DAY
from tests.dispatch.dispatch_helpers import couriers
from tests.dispatch.dispatch_helpers import sign_in
from tests.factories import make_user
from tests.tools import open_session

_TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


def test_the_manifest_day_is_typed_day_first_and_a_bad_one_is_named(app: Flask, client: FlaskClient) -> None:
    with open_session(app) as session:
        couriers(session, app)
        supervisor = make_user(session, Role.SUPERVISOR, username="supervisor-date")
        supervisor.session_token = secrets.token_hex(16)
        session.commit()
    sign_in(client, supervisor)
    page = client.get("/dispatch/").get_data(as_text=True)
    # The form offers the centre's today (Vietnam's day, not the server's UTC one), day first.
    assert f'name="date" value="{datetime.now(LOCAL_TZ):%d/%m/%Y}"' in page and 'type="date"' not in page
    token = _TOKEN.search(page)
    assert token
    typed = f"{DAY:%d/%m/%Y}"
    built = client.post("/dispatch/build", data={"date": typed, "courier": "courier", "csrf_token": token.group(1)})
    assert built.status_code == 303  # to the manifest's own page, so a reload builds nothing again
    with open_session(app) as session:
        assert [m.day for m in session.scalars(select(Manifest))] == [DAY]
    refused = client.post("/dispatch/build", data={"date": "31/02/2026", "courier": "courier",
                                                   "csrf_token": token.group(1)})
    assert refused.status_code == 400
    assert "Ngày không hợp lệ: 31/02/2026" in refused.get_data(as_text=True)
