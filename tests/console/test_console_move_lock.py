"""Two people moving one dossier at once: the console takes the row lock every move takes, so only one wins."""

from __future__ import annotations

import threading
from collections.abc import Callable

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from werkzeug.test import TestResponse

from hotline.domain.workdays import WorkCalendar
from hotline.models import DossierEvent
from hotline.models import DossierState
from hotline.models import Role
from hotline.services.dossiers import dossier_for_move
from hotline.services.workflow import move
from tests.console.conftest import csrf_token
from tests.factories import make_dossier
from tests.factories import make_owner
from tests.tools import open_session


def test_a_console_move_waits_for_a_move_in_progress_and_then_sees_its_state(
        app: Flask, signed_in: Callable[[Role], FlaskClient]) -> None:
    with open_session(app) as session:
        code = make_dossier(session, make_owner(session)).code
        session.commit()
    client = signed_in(Role.OPERATOR)
    page = f"/dossiers/{code}"
    token = csrf_token(client, page)
    answers: list[TestResponse] = []
    console_move = threading.Thread(target=lambda: answers.append(
        client.post(f"{page}/move", data={"to": "in_progress", "csrf_token": token})))
    with open_session(app) as other:
        # Another operator (here, the API's path) has taken the dossier and moved it, not yet committed.
        move(other, dossier_for_move(other, code=code), DossierState.IN_PROGRESS, actor="api:portal",
             calendar=WorkCalendar())
        console_move.start()
        console_move.join(0.5)
        assert console_move.is_alive(), "the console's move did not wait for the row"
        other.commit()
    console_move.join(15)
    assert answers and answers[0].status_code == 303
    with open_session(app) as session:
        moves = session.scalars(select(DossierEvent.actor).where(DossierEvent.to_state == DossierState.IN_PROGRESS))
        assert list(moves) == ["api:portal"]
    assert "Không thể chuyển hồ sơ" in client.get(page).get_data(as_text=True)
