"""An SMS is sent until it is done: transient failures again after a doubling delay, refusals failed at once
with their reason, and a send cut off by a dead worker sent again once, after its lease."""

from __future__ import annotations

from datetime import datetime
from datetime import timedelta

import pytest
import requests
from flask import Flask
from redis import Redis
from rq import Queue
from sqlalchemy.orm import Session
from twilio.base.exceptions import TwilioRestException

from hotline.infra.settings import from_environment
from hotline.models import MessageState
from hotline.models import OutgoingMessage
from hotline.models import utcnow
from hotline.services.outbox import sweep
from hotline.services.sms import SmsFailedError
from hotline.services.sms import claim
from hotline.services.sms import owed_messages
from hotline.services.sms import queue_sms
from hotline.services.sms import send_sms
from hotline.services.sms import twilio_client
from hotline.services.sms_retry import RetryPolicy
from hotline.services.sms_retry import failure_of
from hotline.worker import HotlineWorker
from tests.tools import open_session
from tests.twilio_api import HANG_UP
from tests.twilio_api import NOT_MOBILE
from tests.twilio_api import RATE_LIMITED
from tests.twilio_api import SERVER_ERROR
from tests.twilio_api import TwilioStandIn

URI = "/2010-04-01/Accounts/AC0/Messages.json"


def owed(app: Flask, body: str = "Hồ sơ 1234 đã có kết quả") -> int:
    with open_session(app) as session:
        message = queue_sms(session, "+84912345678", body, "status:result_ready")
        session.commit()
        return message.id


def message(app: Flask, message_id: int) -> OutgoingMessage:
    with open_session(app) as session:
        return session.get_one(OutgoingMessage, message_id)


def attempt(app: Flask, message_id: int, now: datetime | None = None) -> None:
    """Run the job as a worker does, inside an app context of its own, at `now`."""
    with app.app_context():
        send_sms(message_id, now)


def sweep_messages(app: Flask, conn: Redis, now: datetime) -> list[int]:
    with open_session(app) as session:
        return sweep(session, conn, [owed_messages(app.config)], now)["messages"]


@pytest.mark.parametrize(("raised", "transient", "code"), [
    (TwilioRestException(429, URI, "Too Many Requests", 20429), True, 20429),
    (TwilioRestException(500, URI, "Unable to create record", 500), True, None),
    (TwilioRestException(503, URI, "Unable to create record", 503), True, None),
    (TwilioRestException(401, URI, "Authenticate", 20003), True, 20003),
    (requests.ConnectionError("connection refused"), True, None),
    (requests.ReadTimeout("read timed out"), True, None),
    (TwilioRestException(400, URI, "The 'To' number is not a valid phone number.", 21211), False, 21211),
    (TwilioRestException(400, URI, "'To' number is not a valid mobile number", 21614), False, 21614),
    (TwilioRestException(400, URI, "'To' number cannot be a landline", 21635), False, 21635),
    (TwilioRestException(400, URI, "Attempt to send to unsubscribed recipient", 21610), False, 21610),
])
def test_only_a_refusal_about_the_number_is_final(raised: Exception, transient: bool, code: int | None) -> None:
    failure = failure_of(raised)
    assert (failure.transient, failure.code) == (transient, code)
    assert failure.reason


def test_the_delay_doubles_from_the_first_up_to_the_cap() -> None:
    policy = RetryPolicy(first_delay=30, max_delay=3600)
    delays = [policy.delay_after(n).total_seconds() for n in range(1, 10)]
    assert delays == [30, 60, 120, 240, 480, 960, 1920, 3600, 3600]
    environment = from_environment({"HOTLINE_SMS_MAX_ATTEMPTS": "3", "SMS_RETRY_SECONDS": "5"})
    assert RetryPolicy.from_config(environment) == RetryPolicy(max_attempts=3, first_delay=5, max_delay=3600, lease=300)


@pytest.mark.parametrize("answer", [SERVER_ERROR, RATE_LIMITED, HANG_UP], ids=["500", "429", "hang-up"])
def test_a_transient_failure_leaves_the_message_waiting_to_retry(app: Flask, twilio_api: TwilioStandIn,
                                                                 answer: object) -> None:
    twilio_api.answer_next(answer)  # type: ignore[arg-type]
    message_id = owed(app)
    attempt(app, message_id)
    waiting = message(app, message_id)
    assert (waiting.state, waiting.attempts) == (MessageState.RETRYING, 1)
    assert waiting.error and waiting.attempted_at and waiting.next_attempt_at
    assert waiting.next_attempt_at - waiting.attempted_at == timedelta(seconds=30)


def test_a_transient_failure_is_retried_with_backoff_then_sent(app: Flask, twilio_api: TwilioStandIn,
                                                               redis_conn: Redis) -> None:
    twilio_api.answer_next(SERVER_ERROR, RATE_LIMITED)
    message_id = owed(app)
    with app.app_context():
        HotlineWorker(["notification"], connection=redis_conn, app=app).work(burst=True)
    first = message(app, message_id)
    assert (first.state, first.attempts, first.error_code) == (MessageState.RETRYING, 1, None)
    assert first.error is not None and first.error.startswith("Twilio 500")
    assert first.attempted_at and first.next_attempt_at == first.attempted_at + timedelta(seconds=30)
    # The retry waits in rq's schedule for its time, under the job id the row names.
    scheduled = Queue("notification", connection=redis_conn).scheduled_job_registry
    assert scheduled.get_job_ids() == [first.job_id]

    attempt(app, message_id, now=first.next_attempt_at - timedelta(seconds=1))  # a stray run before it is due
    assert len(twilio_api.requests) == 1
    attempt(app, message_id, now=first.next_attempt_at)
    second = message(app, message_id)
    assert (second.state, second.attempts, second.error_code) == (MessageState.RETRYING, 2, 20429)
    assert second.next_attempt_at == first.next_attempt_at + timedelta(seconds=60)

    attempt(app, message_id, now=second.next_attempt_at)
    sent = message(app, message_id)
    assert (sent.state, sent.attempts, sent.error, sent.next_attempt_at) == (MessageState.SENT, 3, None, None)
    assert sent.provider_sid and len(twilio_api.requests) == 3 and len(twilio_api.sent) == 1


def test_a_refusal_of_the_number_fails_at_once_with_its_reason_and_is_never_sent_again(
        app: Flask, twilio_api: TwilioStandIn, redis_conn: Redis) -> None:
    twilio_api.answer_next(NOT_MOBILE)
    message_id = owed(app)
    with pytest.raises(SmsFailedError) as raised:
        attempt(app, message_id)
    assert "+84" not in str(raised.value)  # what rq records holds no phone number
    failed = message(app, message_id)
    assert (failed.state, failed.error_code, failed.next_attempt_at) == (MessageState.FAILED, 21614, None)
    assert "not a valid mobile number" in (failed.error or "")

    attempt(app, message_id)
    assert sweep_messages(app, redis_conn, utcnow() + timedelta(days=1)) == []
    assert len(twilio_api.requests) == 1


def test_transient_failures_give_up_after_the_last_attempt(app: Flask, twilio_api: TwilioStandIn) -> None:
    app.config["SMS_MAX_ATTEMPTS"] = 2
    twilio_api.answer_next(SERVER_ERROR, SERVER_ERROR)
    message_id = owed(app)
    attempt(app, message_id)
    with pytest.raises(SmsFailedError):
        attempt(app, message_id, now=message(app, message_id).next_attempt_at)
    failed = message(app, message_id)
    assert (failed.state, failed.attempts) == (MessageState.FAILED, 2)
    assert (failed.error or "").endswith("gave up after 2 attempts")


def test_a_send_cut_off_by_a_dead_worker_is_sent_again_once_after_its_lease(
        app: Flask, twilio_api: TwilioStandIn, redis_conn: Redis) -> None:
    message_id = owed(app, body="Mã hồ sơ 1234")
    redis_conn.flushdb()
    started = utcnow() - timedelta(minutes=10)
    with app.app_context():
        # What a worker killed mid-job leaves: the row committed as sending, Twilio's acceptance never stored.
        cut_off = claim(message_id, started, recorded_only=False)
        assert cut_off is not None
        client = twilio_client(app.config)
        assert client is not None
        client.messages.create(to=cut_off.to_number, from_=app.config["TWILIO_FROM"], body=cut_off.body)
    assert message(app, message_id).state is MessageState.SENDING

    assert sweep_messages(app, redis_conn, started + timedelta(seconds=299)) == []  # the attempt may still be alive
    assert sweep_messages(app, redis_conn, started + timedelta(seconds=301)) == [message_id]
    assert "cut off" in (message(app, message_id).error or "")
    with app.app_context():
        HotlineWorker(["notification"], connection=redis_conn, app=app).work(burst=True)
    assert sweep_messages(app, redis_conn, utcnow() + timedelta(hours=1)) == []

    sent = message(app, message_id)
    assert (sent.state, sent.attempts) == (MessageState.SENT, 2)
    # The one Twilio took before the crash, and exactly one more: the bounded duplicate.
    assert [r["Body"] for r in twilio_api.requests] == ["Mã hồ sơ 1234"] * 2


def add(session: Session, state: MessageState, **fields: object) -> int:
    row = OutgoingMessage(to_number="+84912345678", body="x", purpose="test", state=state, **fields)
    session.add(row)
    session.commit()
    return row.id


def test_the_sweep_requeues_exactly_the_messages_nothing_else_will_send(app: Flask, session: Session,
                                                                       redis_conn: Redis) -> None:
    queue = Queue("notification", connection=redis_conn)
    live = queue.enqueue(send_sms, 0)
    now = utcnow()
    ids = {
        "lost job": add(session, MessageState.QUEUED, job_id="sms-gone"),
        "live job": add(session, MessageState.QUEUED, job_id=live.id),
        "queued by the old code": add(session, MessageState.QUEUED),
        "sending": add(session, MessageState.SENDING, attempted_at=now - timedelta(seconds=10), job_id="a"),
        "sending past its lease": add(session, MessageState.SENDING, attempted_at=now - timedelta(seconds=400)),
        "retry due, job lost": add(session, MessageState.RETRYING, next_attempt_at=now, job_id="sms-gone2"),
        "retry later": add(session, MessageState.RETRYING, next_attempt_at=now + timedelta(minutes=5), job_id="b"),
        "sent": add(session, MessageState.SENT),
        "recorded": add(session, MessageState.RECORDED),
        "failed": add(session, MessageState.FAILED),
    }
    requeued = sweep(session, redis_conn, [owed_messages(app.config)], now)["messages"]
    assert set(requeued) == {ids["lost job"], ids["queued by the old code"], ids["sending past its lease"],
                             ids["retry due, job lost"]}
    for message_id in requeued:
        row = session.get_one(OutgoingMessage, message_id)
        assert row.job_id in queue.get_job_ids()
        assert row.state in (MessageState.QUEUED, MessageState.RETRYING)
    assert sweep(session, redis_conn, [owed_messages(app.config)], now)["messages"] == []
