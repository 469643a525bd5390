"""A corrected transcript is what the dossier's note shows everywhere; the machine's text stays visible."""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from hotline.models import ApiToken
from hotline.models import Dossier
from hotline.models import Recording
from hotline.models import RecordingPurpose
from hotline.models import Role
from hotline.services.accounts import new_api_token
from hotline.speech.jobs import attach
from tests.console.conftest import post_form
from tests.factories import make_dossier
from tests.factories import make_owner
from tests.tools import open_session

HEARD = "xin cap lai giay phep khai thac"
CORRECTED = "Xin cấp lại giấy phép khai thác thuỷ sản"


def _note_heard_by_the_machine(app: Flask, typed_note: str | None = None) -> tuple[str, int]:
    with open_session(app) as session:
        dossier = make_dossier(session, make_owner(session))
        dossier.note = typed_note
        recording = Recording(recording_sid="RE-note", purpose=RecordingPurpose.NOTE, url="https://api.twilio.com/n",
                              dossier_id=dossier.id, transcript_original=HEARD, transcript=HEARD)
        session.add(recording)
        session.flush()
        attach(session, recording)  # as the transcription job gives the dossier its note
        session.commit()
        return dossier.code, recording.id


def _correct(client: FlaskClient, code: str, recording_id: int, text: str) -> None:
    page = f"/dossiers/{code}"
    post_form(client, f"/recordings/{recording_id}/transcript", {"transcript": text, "next": page}, page=page)


def test_the_correction_is_the_note_on_the_page_the_queue_and_the_api(
        app: Flask, signed_in: Callable[[Role], FlaskClient]) -> None:
    code, recording_id = _note_heard_by_the_machine(app)
    client = signed_in(Role.OPERATOR)
    _correct(client, code, recording_id, CORRECTED)
    with open_session(app) as session:
        assert session.scalars(select(Dossier.note).where(Dossier.code == code)).one() == CORRECTED
        assert session.get_one(Recording, recording_id).transcript_original == HEARD
        token, digest = new_api_token()
        session.add(ApiToken(name="partner", token_hash=digest))
        session.commit()
    page = client.get(f"/dossiers/{code}").get_data(as_text=True)
    assert f'<p id="note">Ghi chú: {CORRECTED}</p>' in page
    assert f"Bản máy chép: {HEARD}" in page
    assert CORRECTED in client.get("/dossiers").get_data(as_text=True)
    api = client.get(f"/api/v1/dossiers/{code}", headers={"Authorization": f"Bearer {token}"}).get_json()
    assert api["note"] == CORRECTED


def test_a_note_the_operator_typed_is_not_replaced_by_a_correction(
        app: Flask, signed_in: Callable[[Role], FlaskClient]) -> None:
    code, recording_id = _note_heard_by_the_machine(app, typed_note="Chủ tàu cần bản sao")
    _correct(signed_in(Role.OPERATOR), code, recording_id, CORRECTED)
    with open_session(app) as session:
        assert session.scalars(select(Dossier.note).where(Dossier.code == code)).one() == "Chủ tàu cần bản sao"
