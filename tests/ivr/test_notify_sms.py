"""SMS: recorded once per dedupe key, sent through Twilio's Messages API, or kept for the console."""

from __future__ import annotations

from dataclasses import replace

import pytest
from flask import Flask
from redis import Redis
from rq import Queue

from hotline.models import MessageState
from hotline.models import OutgoingMessage
from hotline.services.sms import SmsFailedError
from hotline.services.sms import queue_sms
from hotline.services.sms import send_sms
from hotline.worker import HotlineWorker
from tests.tools import open_session
from tests.twilio_api import TwilioStandIn


def queued(app: Flask, to: str, body: str, key: str | None = "receipt:1") -> int:
    with open_session(app) as session:
        message = queue_sms(session, to, body, "receipt", dedupe_key=key)
        session.commit()
        return message.id


def send_in_app(app: Flask, message_id: int) -> None:
    """Run the job as a worker does: inside a fresh app context."""
    with app.app_context():
        send_sms(message_id)


def message(app: Flask, message_id: int) -> OutgoingMessage:
    with open_session(app) as session:
        found = session.get(OutgoingMessage, message_id)
        assert found is not None
        return found


def test_sms_is_sent_through_twilio_once(app: Flask, twilio_api: TwilioStandIn, redis_conn: Redis) -> None:
    first = queued(app, "+84912345678", "Mã hồ sơ 1234")
    assert queued(app, "+84912345678", "Mã hồ sơ 1234") == first
    [job] = Queue("notification", connection=redis_conn).jobs
    assert (job.args, job.id) == ((first,), message(app, first).job_id)
    send_in_app(app, first)
    send_in_app(app, first)
    assert twilio_api.requests == [{"To": "+84912345678", "From": "+84900000000", "Body": "Mã hồ sơ 1234"}]
    sent = message(app, first)
    assert sent.state is MessageState.SENT and sent.provider_sid and sent.sent_at and sent.attempts == 1


def test_twilio_refusal_is_kept_and_raised(app: Flask, twilio_api: TwilioStandIn) -> None:
    message_id = queued(app, "+1555", "x", key=None)
    with pytest.raises(SmsFailedError):
        send_in_app(app, message_id)
    failed = message(app, message_id)
    assert failed.state is MessageState.FAILED and failed.error_code == 21211
    assert "not a valid phone number" in (failed.error or "")


def test_without_twilio_the_sms_is_recorded(app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    app.config["TWILIO_ACCOUNT_SID"] = None
    message_id = queued(app, "+84912345678", "Hồ sơ")
    send_in_app(app, message_id)
    assert message(app, message_id).state is MessageState.RECORDED


def test_diacritics_can_be_stripped(app: Flask) -> None:
    centre = app.extensions["province"]
    app.extensions["province"] = replace(centre, hotline=replace(centre.hotline, sms_strip_diacritics=True))
    assert message(app, queued(app, "+84912345678", "Đã tiếp nhận hồ sơ")).body == "Da tiep nhan ho so"


def test_the_worker_gives_a_queued_sms_job_the_app(app: Flask, twilio_api: TwilioStandIn,
                                                   redis_conn: Redis) -> None:
    first = queued(app, "+84912345678", "Mã hồ sơ 1234")
    with app.app_context():
        HotlineWorker(["notification"], connection=redis_conn, app=app).work(burst=True)
    assert twilio_api.sent == [{"To": "+84912345678", "From": "+84900000000", "Body": "Mã hồ sơ 1234"}]
    assert message(app, first).state is MessageState.SENT
