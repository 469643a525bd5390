"""The promised date is kept from the moment of filing, on every channel, and shown apart from the due date."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from hotline.models import Dossier
from hotline.models import DossierState
from hotline.models import Role
from hotline.models import utcnow
from hotline.services.catalogue import work_calendar
from hotline.services.workflow import move
from tests.console.conftest import post_form
from tests.factories import make_owner
from tests.factories import procedure
from tests.tools import open_session


def test_a_dossier_typed_in_by_an_operator_keeps_its_promised_date(
        app: Flask, signed_in: Callable[[Role], FlaskClient]) -> None:
    with open_session(app) as session:
        owner_id, procedure_id = make_owner(session).id, procedure(session, 2).id
        session.commit()
    client = signed_in(Role.OPERATOR)
    response = post_form(client, "/dossiers/new", {"owner_id": str(owner_id), "procedure_id": str(procedure_id),
                                                   "vessel_number": "90123"}, page="/dossiers/new")
    assert response.status_code == 303, response.get_data(as_text=True)
    with open_session(app) as session, app.app_context():
        dossier = session.scalars(select(Dossier)).one()
        expected = work_calendar().due_date(dossier.received_at, dossier.procedure.working_days)
        assert dossier.promised_date == expected
        assert dossier.due_date is None
        code = dossier.code
    page = client.get(f"/dossiers/{code}").get_data(as_text=True)
    assert f"Ngày hẹn trả đã báo chủ tàu: {expected:%d/%m/%Y}" in page
    assert "Hạn giải quyết theo quy định" in page
    queue = client.get("/dossiers").get_data(as_text=True)
    assert f"hẹn {expected:%d/%m/%Y}" in queue


def test_the_promise_stays_what_was_said_when_the_legal_clock_starts_later(
        app: Flask, signed_in: Callable[[Role], FlaskClient]) -> None:
    filed = utcnow() - timedelta(days=10)
    with open_session(app) as session, app.app_context():
        from hotline.services.dossiers import open_dossier

        dossier = open_dossier(session, unit_code="000.00.15.H48", procedure=procedure(session, 2),
                               state=DossierState.RECEIVED, actor="test", owner=make_owner(session), now=filed,
                               calendar=work_calendar())
        promised = dossier.promised_date
        move(session, dossier, DossierState.IN_PROGRESS, actor="test", calendar=work_calendar())
        due, code = dossier.due_date, dossier.code
        session.commit()
    assert promised is not None and due is not None and due > promised
    page = signed_in(Role.OPERATOR).get(f"/dossiers/{code}").get_data(as_text=True)
    assert f"Ngày hẹn trả đã báo chủ tàu: {promised:%d/%m/%Y}" in page
    assert f"Hạn giải quyết theo quy định: {due:%d/%m/%Y}" in page


def test_a_draft_promises_nothing(app: Flask) -> None:
    with open_session(app) as session, app.app_context():
        from hotline.services.dossiers import open_dossier

        draft = open_dossier(session, unit_code="000.00.15.H48", procedure=procedure(session, 2),
                             state=DossierState.DRAFT, actor="ivr", calendar=work_calendar())
        assert draft.promised_date is None
