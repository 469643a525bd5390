"""The provider's copy of a recording is deleted at Twilio (a stand-in on 127.0.0.1) once the centre holds its own,
retried through the one sweep after a failure, and counted done when Twilio no longer has it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask import Flask
from redis import Redis
from rq import Queue
from sqlalchemy.orm import Session

from hotline.infra.settings import recordings_dir
from hotline.infra.storage import inside
from hotline.infra.storage import store_audio
from hotline.models import ProviderCopy
from hotline.models import Recording
from hotline.models import RecordingPurpose
from hotline.models import TranscriptStatus
from hotline.models import utcnow
from hotline.services.outbox import sweep
from hotline.speech.provider_copy import NOT_INTACT
from hotline.speech.provider_copy import delete_provider_copy
from hotline.speech.provider_copy import job_id
from hotline.speech.provider_copy import owed_provider_copies
from hotline.worker import HotlineWorker
from tests.conftest import TWILIO_SID
from tests.conftest import TWILIO_TOKEN
from tests.retention.conftest import WAV
from tests.twilio_api import TwilioStandIn

SID = "RE" + "a" * 32


def add_recording(app: Flask, session: Session, url: str, stored: bool = True) -> int:
    rec = Recording(recording_sid=SID, url=url, purpose=RecordingPurpose.NOTE, status=TranscriptStatus.DONE)
    session.add(rec)
    session.flush()
    if stored:
        rec.keep_audio(store_audio(recordings_dir(app.config), rec.id, WAV))
    session.commit()
    return rec.id


def run_job(app: Flask, recording_id: int) -> None:
    with app.app_context():
        delete_provider_copy(recording_id)


def reload(session: Session, recording_id: int) -> Recording:
    session.expire_all()
    rec = session.get_one(Recording, recording_id)
    session.commit()  # end the read: on SQLite it would hold up the job's writes
    return rec


def test_the_copy_is_deleted_at_twilio_once_the_centre_holds_a_sound_one(
        app: Flask, session: Session, twilio_api: TwilioStandIn) -> None:
    rid = add_recording(app, session, twilio_api.hold_recording(SID, WAV))
    run_job(app, rid)
    assert twilio_api.deletes == [(f"/2010-04-01/Accounts/{TWILIO_SID}/Recordings/{SID}.json",
                                   f"{TWILIO_SID}:{TWILIO_TOKEN}")]
    assert SID not in twilio_api.recordings
    rec = reload(session, rid)
    assert (rec.provider_copy, rec.provider_attempts, rec.provider_error) == (ProviderCopy.DELETED, 1, None)
    assert rec.provider_copy_at is not None
    run_job(app, rid)  # a repeated job finds nothing owed
    assert len(twilio_api.deletes) == 1


def test_nothing_is_deleted_while_the_centre_lacks_a_sound_copy(app: Flask, session: Session,
                                                                twilio_api: TwilioStandIn) -> None:
    url = twilio_api.hold_recording(SID, WAV)
    rid = add_recording(app, session, url, stored=False)
    run_job(app, rid)
    assert reload(session, rid).provider_copy is ProviderCopy.HELD

    rec = reload(session, rid)
    rec.keep_audio(store_audio(recordings_dir(app.config), rid, WAV))
    session.commit()
    inside(recordings_dir(app.config), rec.audio_path or "").write_bytes(b"RIFF damaged")
    run_job(app, rid)
    rec = reload(session, rid)
    assert (rec.provider_copy, rec.provider_error, rec.provider_attempts) == (ProviderCopy.HELD, NOT_INTACT, 0)
    assert twilio_api.deletes == [] and SID in twilio_api.recordings


def test_a_failure_waits_and_the_one_sweep_tries_again(app: Flask, session: Session, twilio_api: TwilioStandIn,
                                                       redis_conn: Redis) -> None:
    rid = add_recording(app, session, twilio_api.hold_recording(SID, WAV))
    twilio_api.delete_script.append(500)
    before = utcnow()
    run_job(app, rid)
    rec = reload(session, rid)
    assert (rec.provider_copy, rec.provider_attempts) == (ProviderCopy.HELD, 1)
    assert "Twilio 500" in (rec.provider_error or "")
    assert rec.provider_retry_at is not None and before + timedelta(seconds=60) <= rec.provider_retry_at
    assert rec.provider_retry_at <= utcnow() + timedelta(seconds=60)

    kinds = [owed_provider_copies(app.config)]
    with app.app_context():
        assert sweep(session, redis_conn, kinds, now=utcnow()) == {"provider_copies": []}  # not due yet
        assert sweep(session, redis_conn, kinds, now=rec.provider_retry_at) == {"provider_copies": [rid]}
        assert Queue("default", connection=redis_conn).get_job_ids() == [job_id(rid)]
        # Its job is waiting: the next sweep queues no second one.
        assert sweep(session, redis_conn, kinds, now=rec.provider_retry_at) == {"provider_copies": []}
    rec = reload(session, rid)
    rec.provider_retry_at = utcnow()  # the delay has passed
    session.commit()
    with app.app_context():
        HotlineWorker(["default"], connection=redis_conn, app=app).work(burst=True)
    rec = reload(session, rid)
    assert (rec.provider_copy, rec.provider_attempts, rec.provider_error) == (ProviderCopy.DELETED, 2, None)
    assert len(twilio_api.deletes) == 2


def test_a_404_means_twilio_no_longer_has_it(app: Flask, session: Session, twilio_api: TwilioStandIn,
                                              redis_conn: Redis) -> None:
    rid = add_recording(app, session, f"{twilio_api.base_url}{twilio_api.recordings_path}{SID}")
    run_job(app, rid)
    assert len(twilio_api.deletes) == 1
    rec = reload(session, rid)
    assert (rec.provider_copy, rec.provider_error) == (ProviderCopy.GONE, None)
    with app.app_context():
        assert sweep(session, redis_conn, [owed_provider_copies(app.config)]) == {"provider_copies": []}


@pytest.mark.parametrize("url", [
    "http://127.0.0.1:8931/RE" + "b" * 32,  # where `hotline call` serves its caller's WAV
    f"http://10.0.0.5:8080/2010-04-01/Accounts/{TWILIO_SID}/Recordings/{SID}",  # Twilio's path, not Twilio
    f"https://api.twilio.com/2010-04-01/Accounts/AC{'9' * 32}/Recordings/{SID}",  # another account's
])
def test_audio_not_at_this_accounts_twilio_has_no_provider_copy(app: Flask, session: Session,
                                                                 twilio_api: TwilioStandIn, url: str) -> None:
    rid = add_recording(app, session, url)
    run_job(app, rid)
    assert reload(session, rid).provider_copy is ProviderCopy.NONE
    assert twilio_api.deletes == []


def test_audio_the_schedule_removed_is_deleted_at_twilio_too(app: Flask, session: Session,
                                                             twilio_api: TwilioStandIn) -> None:
    rid = add_recording(app, session, twilio_api.hold_recording(SID, WAV), stored=False)
    rec = reload(session, rid)
    rec.forget_audio(utcnow())  # never fetched, and now past its period: Twilio must not keep it either
    session.commit()
    run_job(app, rid)
    assert reload(session, rid).provider_copy is ProviderCopy.DELETED
    assert len(twilio_api.deletes) == 1


def test_without_twilio_settings_the_copy_waits(app: Flask, session: Session, redis_conn: Redis) -> None:
    app.config["TWILIO_FROM"] = None
    rid = add_recording(app, session, f"https://api.twilio.com/2010-04-01/Accounts/{TWILIO_SID}/Recordings/{SID}")
    run_job(app, rid)
    rec = reload(session, rid)
    assert (rec.provider_copy, rec.provider_attempts) == (ProviderCopy.HELD, 0)
    with app.app_context():
        assert sweep(session, redis_conn, [owed_provider_copies(app.config)]) == {"provider_copies": []}
