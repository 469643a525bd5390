"""Rejecting a dossier needs a reason and a confirmation, without JavaScript; the owner's SMS quotes the reason."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from hotline.models import AuditEntry
from hotline.models import Dossier
from hotline.models import DossierState
from hotline.models import OutgoingMessage
from hotline.models import Role
from tests.console.conftest import post_form
from tests.factories import make_dossier
from tests.factories import make_owner
from tests.tools import open_session

REASON = "Tàu không có tên trong sổ đăng ký"


@pytest.fixture
def code(app: Flask) -> str:
    with open_session(app) as session:
        dossier = make_dossier(session, make_owner(session))
        session.commit()
        return dossier.code


def _dossier(app: Flask, code: str) -> Dossier:
    with open_session(app) as session:
        dossier = session.scalars(select(Dossier).where(Dossier.code == code)).one()
        session.expunge(dossier)
        return dossier


def test_an_empty_reason_is_refused_with_a_clear_message(
        app: Flask, code: str, signed_in: Callable[[Role], FlaskClient]) -> None:
    client = signed_in(Role.OPERATOR)
    page = f"/dossiers/{code}"
    for reason in ("", "   "):
        refused = post_form(client, f"{page}/move", {"to": "rejected", "reason": reason, "confirmed": "1"}, page=page)
        assert refused.status_code == 422
        assert "Hãy ghi lý do từ chối" in refused.get_data(as_text=True)
    assert _dossier(app, code).state is DossierState.RECEIVED


def test_the_reason_is_confirmed_before_the_dossier_is_rejected(
        app: Flask, code: str, signed_in: Callable[[Role], FlaskClient]) -> None:
    client = signed_in(Role.OPERATOR)
    page = f"/dossiers/{code}"
    assert 'name="reason" required' in client.get(page).get_data(as_text=True)
    asked = post_form(client, f"{page}/move", {"to": "rejected", "reason": REASON}, page=page)
    assert asked.status_code == 200
    confirm = asked.get_data(as_text=True)
    assert f"Lý do: {REASON}." in confirm
    assert 'name="confirmed" value="1"' in confirm
    assert _dossier(app, code).state is DossierState.RECEIVED
    done = post_form(client, f"{page}/move", {"to": "rejected", "reason": REASON, "confirmed": "1"}, page=page)
    assert done.status_code == 303
    dossier = _dossier(app, code)
    assert dossier.state is DossierState.REJECTED
    with open_session(app) as session:
        event = session.scalars(select(Dossier).where(Dossier.code == code)).one().events[-1]
        assert event.reason == REASON
        [audited] = session.scalars(select(AuditEntry).where(AuditEntry.action == "state_change")).all()
        assert audited.detail == f"received -> rejected: {REASON}"
        [text] = session.scalars(select(OutgoingMessage).where(OutgoingMessage.dossier_id == dossier.id)).all()
        assert f"Lý do: {REASON}." in text.body


def test_the_plain_move_buttons_do_not_offer_a_rejection_without_its_form(
        code: str, signed_in: Callable[[Role], FlaskClient]) -> None:
    page = signed_in(Role.OPERATOR).get(f"/dossiers/{code}").get_data(as_text=True)
    assert '<button name="to" value="rejected"' not in page
    assert 'id="reject"' in page
