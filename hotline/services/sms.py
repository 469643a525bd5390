"""Outgoing SMS: a row first (the outbox), then sent by a job through Twilio until it is done.

A message goes queued → sending → sent; a transient failure (no answer, Twilio 5xx or 429, a refusal
not known to be about this message) makes it retrying, due again after a doubling delay, until the
attempts run out; a refusal about this number or text (sms_retry.PERMANENT_REFUSALS) makes it failed
at once. Failed keeps its reason. Without Twilio settings a message is recorded for the console.

At most once. An attempt commits `sending` before it asks Twilio and `sent` after, and only a job that
finds the row queued, or retrying and due, sends it: a row is sent once in normal operation, however
often its job runs. Two things leave a row unsure of Twilio's answer: a worker that dies between
Twilio's acceptance and the second commit, and an answer lost on its way back (a read timeout, a cut
connection). The first leaves the row `sending`; the sweep sends it again once SMS_LEASE_SECONDS (300 s,
longer than rq lets a notification job live) have passed since that attempt began. The second counts
as a transient failure and is retried after its delay. Either way the owner may get one duplicate per
such event, and never sooner than the lease or the delay after it.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Mapping
from datetime import datetime
from datetime import timedelta
from functools import partial
from typing import Any

from flask import current_app
from redis import Redis
from redis.exceptions import RedisError
from sqlalchemy import select
from sqlalchemy.orm import Session
from twilio.http.http_client import TwilioHttpClient
from twilio.rest import Client

from hotline.infra.db import get_database
from hotline.infra.db import session_scope
from hotline.infra.province import province
from hotline.infra.queue import enqueue_after_commit
from hotline.infra.queue import get_queue
from hotline.infra.queue import job_is_live
from hotline.models import MessageState
from hotline.models import OutgoingMessage
from hotline.models import utcnow
from hotline.models.message import OWED
from hotline.services.outbox import OwedWork
from hotline.services.owner_texts import plain
from hotline.services.sms_retry import SEND_ERRORS
from hotline.services.sms_retry import RetryPolicy
from hotline.services.sms_retry import SendFailure
from hotline.services.sms_retry import failure_of

log = logging.getLogger(__name__)

QUEUE = "notification"
# Seconds to wait for Twilio's answer; well inside the notification queue's 60 s job timeout.
TWILIO_TIMEOUT = 15


class SmsFailedError(RuntimeError):
    """The message was refused for good or ran out of attempts; its row says why."""


def queue_sms(session: Session, to: str, body: str, purpose: str, dedupe_key: str | None = None,
              dossier_id: int | None = None) -> OutgoingMessage:
    """Record an SMS and queue its sending after commit; a known `dedupe_key` returns the first one."""
    if dedupe_key is not None:
        existing = session.scalars(select(OutgoingMessage).where(OutgoingMessage.dedupe_key == dedupe_key)).first()
        if existing is not None:
            return existing
    message = draft_sms(to, body, purpose, dedupe_key)
    message.dossier_id = dossier_id
    session.add(message)
    session.flush()
    send_when_committed(session, message)
    return message


def draft_sms(to: str, body: str, purpose: str, dedupe_key: str | None = None) -> OutgoingMessage:
    """An SMS row, not yet in a session: for a caller that writes it in one flush with its subject."""
    if province().hotline.sms_strip_diacritics:
        body = plain(body)
    # The job id is chosen now, so the row is written once with it (no update on the hotline's filing step).
    return OutgoingMessage(to_number=to, body=body, purpose=purpose, dedupe_key=dedupe_key,
                           state=MessageState.QUEUED, job_id=new_job_id())


def send_when_committed(session: Session, message: OutgoingMessage) -> None:
    """Queue the sending of a flushed message once the session's transaction commits (or leave it to the sweep)."""
    enqueue_after_commit(session, QUEUE, send_sms, message.id, job_id=message.job_id)


def new_job_id() -> str:
    return f"sms-{uuid.uuid4().hex}"


def enqueue_sending(conn: Redis | None, message_id: int, job_id: str, delay: float = 0) -> None:
    """Queue (or schedule) the sending; without Redis the row waits for the sweep."""
    if conn is None:
        log.warning("no Redis: message %s waits for the sweep", message_id)
        return
    queue = get_queue(QUEUE, conn)
    try:
        if delay > 0:
            queue.enqueue_in(timedelta(seconds=delay), send_sms, message_id, job_id=job_id)
        else:
            queue.enqueue(send_sms, message_id, job_id=job_id)
    except RedisError as exc:
        log.warning("could not queue message %s, the sweep will: %s", message_id, exc)


def twilio_client(config: Mapping[str, Any]) -> Client | None:
    """A REST client when Twilio is configured; TWILIO_API_URL points it elsewhere (tests, proxies)."""
    sid, token = config.get("TWILIO_ACCOUNT_SID"), config.get("TWILIO_AUTH_TOKEN")
    if not (sid and token and config.get("TWILIO_FROM")):
        return None
    client = Client(sid, token, http_client=TwilioHttpClient(timeout=TWILIO_TIMEOUT))
    if config.get("TWILIO_API_URL"):
        client.api.base_url = config["TWILIO_API_URL"]
    return client


def send_sms(message_id: int, now: datetime | None = None) -> None:
    """Make one attempt at an owed SMS (a job: the worker gives it the app); see the module's note."""
    config = current_app.config
    client = twilio_client(config)
    now = now or utcnow()
    message = claim(message_id, now, recorded_only=client is None)
    if message is None or client is None:
        return
    try:
        sent = client.messages.create(to=message.to_number, from_=config["TWILIO_FROM"], body=message.body)
    except SEND_ERRORS as exc:
        failure = failure_of(exc)
    else:
        settle_sent(message_id, sent.sid, utcnow())
        return
    # Raised outside the except block, so rq's record of the job holds no Twilio text (it may quote the number).
    settle_failure(message_id, failure, RetryPolicy.from_config(config), now)


def is_due(message: OutgoingMessage, now: datetime) -> bool:
    if message.state is MessageState.QUEUED:
        return True
    return message.state is MessageState.RETRYING and (message.next_attempt_at or now) <= now


def claim(message_id: int, now: datetime, recorded_only: bool) -> OutgoingMessage | None:
    """Take a due message for this attempt (committed as sending); None when it is not due or not ours to send."""
    with session_scope(get_database()) as session:
        message = session.get(OutgoingMessage, message_id, with_for_update=True)
        if message is None or not is_due(message, now):
            return None
        if recorded_only:
            message.state = MessageState.RECORDED
            return None
        message.state, message.attempted_at = MessageState.SENDING, now
        message.attempts += 1
        return message


def settle_sent(message_id: int, provider_sid: str, now: datetime) -> None:
    with session_scope(get_database()) as session:
        message = session.get_one(OutgoingMessage, message_id, with_for_update=True)
        message.state, message.provider_sid, message.sent_at = MessageState.SENT, provider_sid, now
        message.next_attempt_at = message.error = message.error_code = None


def settle_failure(message_id: int, failure: SendFailure, policy: RetryPolicy, now: datetime) -> None:
    """Schedule the next attempt after a transient failure, or fail the message with its reason (and raise)."""
    with session_scope(get_database()) as session:
        message = session.get_one(OutgoingMessage, message_id, with_for_update=True)
        if message.state is not MessageState.SENDING:
            log.info("message %s was settled by another attempt; dropping this one's failure", message_id)
            return
        message.error, message.error_code = failure.reason, failure.code
        delay = policy.delay_after(message.attempts)
        if failure.transient and message.attempts < policy.max_attempts:
            message.state, message.next_attempt_at = MessageState.RETRYING, now + delay
            message.job_id = new_job_id()
        else:
            message.state, message.next_attempt_at = MessageState.FAILED, None
            if failure.transient:
                message.error = f"{failure.reason}; gave up after {message.attempts} attempts"
    if message.state is MessageState.FAILED:
        raise SmsFailedError(f"message {message_id} failed at attempt {message.attempts}, Twilio code {failure.code}")
    log.info("message %s: attempt %s failed (Twilio code %s), next in %s", message_id, message.attempts,
             failure.code, delay)
    assert message.job_id is not None
    enqueue_sending(current_app.extensions.get("redis"), message_id, message.job_id, delay.total_seconds())


def requeue_orphaned_messages(policy: RetryPolicy, session: Session, conn: Redis, now: datetime) -> dict[int, str]:
    """Mark orphaned messages under a new job id (not committed); return {message id: job id}."""
    owed = session.scalars(
        select(OutgoingMessage).where(OutgoingMessage.state.in_(OWED)).order_by(OutgoingMessage.id).with_for_update()
    ).all()
    return {message.id: requeue(message, now) for message in owed if is_orphaned(message, conn, policy, now)}


def is_orphaned(message: OutgoingMessage, conn: Redis, policy: RetryPolicy, now: datetime) -> bool:
    """True when nothing will ever send this message unless the sweep queues it."""
    if message.state is MessageState.SENDING:
        started = message.attempted_at or message.created_at
        return now - started > timedelta(seconds=policy.lease)
    if not is_due(message, now):
        return False
    return not job_is_live(conn, message.job_id)


def requeue(message: OutgoingMessage, now: datetime) -> str:
    if message.state is MessageState.SENDING:
        # The crash window of the module's note: Twilio may have taken it; this is the one duplicate.
        log.warning("message %s was left sending by attempt %s; sending it again", message.id, message.attempts)
        message.state, message.next_attempt_at = MessageState.RETRYING, now
        message.error, message.error_code = f"attempt {message.attempts} was cut off (the worker stopped)", None
    message.job_id = new_job_id()
    return message.job_id


def owed_messages(config: Mapping[str, Any]) -> OwedWork:
    """Messages to owners not yet sent, as one kind of the sweep's owed work."""
    return OwedWork("messages", partial(requeue_orphaned_messages, RetryPolicy.from_config(config)), enqueue_sending)
