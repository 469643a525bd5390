"""A call-back row gives the operator who to ring and how, the dossier left unfinished and the voicemail."""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask
from flask.testing import FlaskClient

from hotline.infra.settings import recordings_dir
from hotline.infra.storage import store_audio
from hotline.models import Call
from hotline.models import CallbackTask
from hotline.models import CallStatus
from hotline.models import DossierState
from hotline.models import Recording
from hotline.models import RecordingPurpose
from hotline.models import Role
from tests.factories import make_dossier
from tests.factories import make_owner
from tests.tools import open_session


def test_a_call_back_row_names_the_owner_links_the_number_the_draft_and_the_voicemail(
        app: Flask, signed_in: Callable[[Role], FlaskClient]) -> None:
    with open_session(app) as session:
        owner = make_owner(session, name="Phạm Văn Lộc", phone="+84912345678")
        call = Call(call_sid="CA-dropped", from_number="+84912345678", owner_id=owner.id, status=CallStatus.DROPPED)
        session.add(call)
        session.flush()
        draft = make_dossier(session, owner, state=DossierState.DRAFT)
        draft.note = "xin gia hạn giấy phép"
        task = CallbackTask(call_id=call.id, phone=call.from_number, reason="dropped", dossier_id=draft.id)
        session.add(task)
        session.flush()
        voicemail = Recording(recording_sid="RE-vm", call_id=call.id, purpose=RecordingPurpose.VOICEMAIL,
                              url="https://api.twilio.com/vm", callback_task_id=task.id, transcript="gọi lại giúp tôi")
        voicemail.keep_audio(store_audio(recordings_dir(app.config), 7, b"RIFF....WAVE"))
        session.add(voicemail)
        session.commit()
        draft_code, recording_id = draft.code, voicemail.id
    client = signed_in(Role.OPERATOR)
    for path in ("/board", "/board/live"):
        page = client.get(path).get_data(as_text=True)
        assert "Phạm Văn Lộc" in page
        assert '<a href="tel:+84912345678" class="tel">0912 345 678</a>' in page
        assert f'href="/dossiers/{draft_code}">{draft_code}</a>' in page
        assert "xin gia hạn giấy phép" in page
        assert f'src="/recordings/{recording_id}/audio"' in page
        assert "gọi lại giúp tôi" in page


def test_a_voicemail_from_an_unknown_number_still_links_it(
        app: Flask, signed_in: Callable[[Role], FlaskClient]) -> None:
    with open_session(app) as session:
        call = Call(call_sid="CA-vm", from_number="+84987000111", status=CallStatus.COMPLETED)
        session.add(call)
        session.flush()
        session.add(CallbackTask(call_id=call.id, phone=call.from_number, reason="voicemail"))
        session.commit()
    page = signed_in(Role.OPERATOR).get("/board").get_data(as_text=True)
    assert "Chưa rõ tên" in page
    assert '<a href="tel:+84987000111" class="tel">0987 000 111</a>' in page
