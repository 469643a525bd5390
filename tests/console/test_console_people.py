"""The timeline and the audit name people and say what was done, in the page's language."""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from hotline.models import DossierEvent
from hotline.models import DossierState
from hotline.models import Role
from hotline.models import User
from tests.console.conftest import login
from tests.console.conftest import post_form
from tests.factories import make_dossier
from tests.factories import make_owner
from tests.tools import open_session


def _english(client: FlaskClient, page: str) -> None:
    assert post_form(client, "/language", {"lang": "en", "next": page}, page=page).status_code in (302, 303)


def test_the_timeline_names_the_operator_the_courier_the_hotline_and_the_api(
        app: Flask, signed_in: Callable[[Role], FlaskClient]) -> None:
    with open_session(app) as session:
        dossier = make_dossier(session, make_owner(session))
        courier = session.scalars(select(User).where(User.username == "courier")).one()
        courier.full_name = "Lê Văn Bưu"
        for actor in ("courier:courier", "ivr", "api:partner system"):
            session.add(DossierEvent(dossier_id=dossier.id, from_state=DossierState.RECEIVED,
                                     to_state=DossierState.RECEIVED, actor=actor))
        session.commit()
        code = dossier.code
    client = signed_in(Role.OPERATOR)
    page = f"/dossiers/{code}"
    post_form(client, f"{page}/move", {"to": "in_progress"}, page=page)
    with open_session(app) as session:
        operator = session.scalars(select(User).where(User.username == "operator")).one().full_name
    shown = client.get(page).get_data(as_text=True)
    for name in (operator, "Lê Văn Bưu", "Tổng đài tự động", "Hệ thống khác (API): partner system"):
        assert name in shown
    for code_name in ("user:", "courier:courier", ">ivr<", ">api:"):
        assert code_name not in shown
    _english(client, page)
    assert "Automated hotline" in client.get(page).get_data(as_text=True)


def test_the_audit_names_people_and_actions(app: Flask, signed_in: Callable[[Role], FlaskClient]) -> None:
    login(app.test_client(), "nobody-here", "wrong")
    client = signed_in(Role.ADMIN)
    shown = client.get("/admin/audit").get_data(as_text=True)
    assert "<td>—</td><td>Đăng nhập sai</td>" in shown
    with open_session(app) as session:
        admin = session.scalars(select(User).where(User.username == "admin")).one().full_name
    assert f"<td>{admin}</td><td>Đăng nhập thành công</td>" in shown
    assert "<td>login</td>" not in shown
    _english(client, "/admin/audit")
    assert f"<td>{admin}</td><td>Signed in</td>" in client.get("/admin/audit").get_data(as_text=True)
