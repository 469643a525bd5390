"""The queue's name search follows the owner through the console: a new dossier, then a corrected name."""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from hotline.models import Dossier
from hotline.models import Role
from tests.console.conftest import post_form
from tests.tools import open_session


def test_a_corrected_owner_name_is_what_the_queue_finds(app: Flask,
                                                       signed_in: Callable[[Role], FlaskClient]) -> None:
    client = signed_in(Role.OPERATOR)
    form = {"full_name": "Chưa Rõ Tên", "phone": "0905 123 456", "commune": "", "address_line": "Thôn Tây",
            "procedure_id": "1", "vessel_number": "92222", "note": ""}
    assert post_form(client, "/dossiers/new", form, page="/dossiers/new").status_code == 303
    with open_session(app) as session:
        dossier = session.scalars(select(Dossier)).one()
        code, owner_id = dossier.code, dossier.owner_id
    assert code in client.get("/dossiers?q=chua+ro").get_data(as_text=True)

    edit = {"full_name": "Trương Thị Hằng", "phone": "0905 123 456", "commune": "", "address_line": "Thôn Tây",
            "vessel_number": "92222", "vessel_name": ""}
    page = f"/owners/{owner_id}"
    assert post_form(client, page, edit, page=page).status_code == 303

    assert code in client.get("/dossiers?q=truong+thi+hang").get_data(as_text=True)
    assert code not in client.get("/dossiers?q=chua+ro").get_data(as_text=True)
    assert code in client.get("/dossiers?q=TRƯƠNG").get_data(as_text=True)  # accents and case as typed
