"""End to end: a voice note taken through the signed webhooks is stored by the centre, Twilio's copy is deleted
(a stand-in Twilio on 127.0.0.1 sees the DELETE), and with time moved past the schedule the purge removes the
audio and masks what the schedule says, leaving an audit row of counts."""

from __future__ import annotations

import hashlib
import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
import vosk
from flask import Flask
from flask.testing import FlaskClient
from redis import Redis
from rq import Queue
from sqlalchemy import select
from sqlalchemy.orm import Session

from hotline.infra.retention import retention_schedule
from hotline.infra.settings import recordings_dir
from hotline.infra.storage import inside
from hotline.models import AuditEntry
from hotline.models import Call
from hotline.models import CallStep
from hotline.models import Dossier
from hotline.models import DossierState
from hotline.models import MessageState
from hotline.models import OutgoingMessage
from hotline.models import ProviderCopy
from hotline.models import Recording
from hotline.models import utcnow
from hotline.services.catalogue import work_calendar
from hotline.services.dossiers import dossier_for_move
from hotline.services.retention import PURGE_ACTION
from hotline.services.retention import purge
from hotline.services.workflow import move
from hotline.speech.jobs import transcribe_recording
from hotline.speech.provider_copy import job_id
from hotline.worker import HotlineWorker
from tests.conftest import TWILIO_SID
from tests.conftest import TWILIO_TOKEN
from tests.factories import make_owner
from tests.ivr.conftest import KNOWN_PHONE
from tests.ivr.conftest import Caller
from tests.ivr.test_ivr_recording_notice import NOTICE
from tests.ivr.test_ivr_recording_notice import assert_notice_before_record
from tests.twilio_api import TwilioStandIn

RECORDING_SID = "RE" + "5" * 32


def speak_the_note(caller: Caller, twilio: TwilioStandIn, audio: bytes) -> ET.Element:
    """Answer the <Record> as Twilio does, with the audio held at the stand-in, as Twilio holds it."""
    assert caller.last is not None
    record = caller.last.find("Record")
    assert record is not None, ET.tostring(caller.last).decode()
    url = twilio.hold_recording(RECORDING_SID, audio)
    fields = {"RecordingSid": RECORDING_SID, "RecordingUrl": url, "RecordingDuration": "3"}
    assert caller.post(record.attrib["recordingStatusCallback"],
                       caller.fields(RecordingStatus="completed", **fields)).status_code == 200
    return caller.twiml(record.attrib["action"], Digits="#", **fields)


def fresh(session: Session) -> Session:
    session.rollback()  # look again: on SQLite an open read keeps its snapshot
    session.expire_all()
    return session


@pytest.mark.slow
def test_a_voice_note_is_held_by_the_centre_alone_and_purged_on_schedule(
        app: Flask, client: FlaskClient, session: Session, twilio_api: TwilioStandIn, redis_conn: Redis,
        worker_model: vosk.Model, speech: dict[int, bytes]) -> None:
    make_owner(session)
    session.commit()
    caller = Caller(client)
    caller.dial()
    for keys in ("1", "3", "90123#", "1"):
        caller.press(keys)
    # The call's first <Record> is in caller.last: the recording notice comes before it, and was not heard earlier.
    assert caller.last is not None
    assert_notice_before_record(caller.last)
    assert not any(NOTICE["vi"] in heard for heard in caller.heard[:-1])
    speak_the_note(caller, twilio_api, speech[8000])
    caller.press("1")  # keep the address on file: the dossier is filed
    caller.hang_up()

    rec = fresh(session).scalars(select(Recording)).one()
    dossier = session.scalars(select(Dossier)).one()
    assert (rec.dossier_id, rec.provider_copy) == (dossier.id, ProviderCopy.HELD)
    session.commit()
    with app.app_context():
        transcribe_recording(rec.id)  # as the worker's transcription job does

    rec = fresh(session).get_one(Recording, rec.id)
    path = inside(recordings_dir(app.config), rec.audio_path or "")
    assert hashlib.sha256(path.read_bytes()).hexdigest() == rec.audio_sha256
    assert hashlib.sha256(speech[8000]).hexdigest() == rec.audio_sha256
    assert rec.transcript and fresh(session).get_one(Dossier, dossier.id).note == rec.transcript
    assert job_id(rec.id) in Queue("default", connection=redis_conn).get_job_ids()
    assert twilio_api.deletes == []  # not before the centre's copy is checked, by its own job
    session.commit()
    with app.app_context():
        HotlineWorker(["default", "notification"], connection=redis_conn, app=app).work(burst=True)
    assert twilio_api.deletes == [(f"/2010-04-01/Accounts/{TWILIO_SID}/Recordings/{RECORDING_SID}.json",
                                   f"{TWILIO_SID}:{TWILIO_TOKEN}")]
    assert RECORDING_SID not in twilio_api.recordings
    assert fresh(session).get_one(Recording, rec.id).provider_copy is ProviderCopy.DELETED
    texts = session.scalars(select(OutgoingMessage).order_by(OutgoingMessage.id)).all()
    assert {m.purpose for m in texts} >= {"receipt"} and {m.state for m in texts} == {MessageState.SENT}

    # The owner withdraws the dossier today; it is kept, and its note's audio has 90 days more.
    closed = utcnow()
    withdrawn = dossier_for_move(fresh(session), dossier_id=dossier.id)
    with app.app_context():
        move(session, withdrawn, DossierState.WITHDRAWN, actor="test", calendar=work_calendar(), now=closed)
    session.commit()

    def purge_at(days: int) -> dict[str, int]:
        with app.app_context():
            return purge(fresh(session), closed + timedelta(days=days), retention_schedule(),
                         recordings_dir(app.config), source="test")

    assert purge_at(89)["audio"] == 0 and path.is_file()
    after_audio = purge_at(91)
    assert (after_audio["audio"], after_audio["messages"], after_audio["calls"]) == (1, len(texts), 0)
    assert not path.exists()
    rec = fresh(session).get_one(Recording, rec.id)
    assert (rec.audio_path, rec.audio_purged_at, rec.provider_copy) == (None, closed + timedelta(days=91),
                                                                        ProviderCopy.DELETED)
    assert rec.transcript  # a note is part of the dossier, which the centre keeps
    texts = session.scalars(select(OutgoingMessage).order_by(OutgoingMessage.id)).all()
    assert {(m.body, m.to_number, m.state) for m in texts} == {("", "+8491*****78", MessageState.SENT)}
    call = session.scalars(select(Call)).one()
    assert call.from_number == KNOWN_PHONE  # calls are kept 180 days

    assert purge_at(181)["calls"] == 1
    call = fresh(session).scalars(select(Call)).one()
    assert call.from_number == "+8491*****78"
    assert {(step.digits, step.response) for step in session.scalars(select(CallStep))} == {(None, "")}
    kept = session.get_one(Dossier, dossier.id)
    assert (kept.code, kept.procedure.keypad_key, kept.state) == (dossier.code, 3, DossierState.WITHDRAWN)

    trail = [entry.detail or "" for entry in session.scalars(
        select(AuditEntry).where(AuditEntry.action == PURGE_ACTION, AuditEntry.object_id == "test")
        .order_by(AuditEntry.id))]
    assert [detail.split()[0] for detail in trail] == ["audio=0", "audio=1", "audio=0"]
    assert [detail.split()[2] for detail in trail] == ["calls=0", "calls=0", "calls=1"]
    assert not any(KNOWN_PHONE[-6:] in detail or rec.transcript in detail for detail in trail)
