"""The API tells the promised date and the (corrected) note, and a rejection through it must give its reason."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from hotline.models import Dossier
from hotline.models import DossierState
from hotline.models import OutgoingMessage
from tests.api.conftest import Seeded
from tests.tools import open_session


def test_a_rejection_without_a_reason_is_refused_and_with_one_the_owner_reads_it(
        app: Flask, client: FlaskClient, seeded: Seeded) -> None:
    url = f"/api/v1/dossiers/{seeded.codes['an']}/transitions"
    refused = client.post(url, json={"to": "rejected"}, headers=seeded.headers)
    assert refused.status_code == 422
    assert "note" in refused.get_data(as_text=True)
    blank = client.post(url, json={"to": "rejected", "note": "   "}, headers=seeded.headers)
    assert blank.status_code == 422
    done = client.post(url, json={"to": "rejected", "note": "Tàu đã bán cho chủ khác"}, headers=seeded.headers)
    assert done.status_code == 201
    assert done.get_json()["event"]["reason"] == "Tàu đã bán cho chủ khác"
    with open_session(app) as session:
        dossier = session.scalars(select(Dossier).where(Dossier.code == seeded.codes["an"])).one()
        assert dossier.state is DossierState.REJECTED
        text = session.scalars(select(OutgoingMessage).where(OutgoingMessage.dossier_id == dossier.id)).one()
        assert "Lý do: Tàu đã bán cho chủ khác." in text.body


def test_the_dossier_tells_its_note_and_promised_date(app: Flask, client: FlaskClient, seeded: Seeded) -> None:
    with open_session(app) as session:
        dossier = session.scalars(select(Dossier).where(Dossier.code == seeded.codes["binh"])).one()
        dossier.note = "Xin cấp lại giấy phép"
        session.commit()
    body = client.get(f"/api/v1/dossiers/{seeded.codes['binh']}", headers=seeded.headers).get_json()
    assert body["note"] == "Xin cấp lại giấy phép"
    assert "promised_date" in body
