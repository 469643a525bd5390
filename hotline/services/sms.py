"""Outgoing SMS: recorded first, then sent by a job through Twilio (or kept for the console)."""

from __future__ import annotations

from typing import Any

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import Session
from twilio.base.exceptions import TwilioRestException
from twilio.rest import Client

from hotline.infra.db import get_session
from hotline.infra.province import province
from hotline.infra.queue import enqueue_after_commit
from hotline.models import MessageState
from hotline.models import OutgoingMessage
from hotline.models import utcnow
from hotline.services.owner_texts import plain


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
    return OutgoingMessage(to_number=to, body=body, purpose=purpose, dedupe_key=dedupe_key,
                           state=MessageState.QUEUED)


def send_when_committed(session: Session, message: OutgoingMessage) -> None:
    """Queue the sending of a flushed message once the session's transaction commits."""
    enqueue_after_commit(session, "notification", send_sms, message.id)


def twilio_client(config: Any) -> Client | None:
    """A REST client when Twilio is configured; TWILIO_API_URL points it elsewhere (tests, proxies)."""
    sid, token = config.get("TWILIO_ACCOUNT_SID"), config.get("TWILIO_AUTH_TOKEN")
    if not (sid and token and config.get("TWILIO_FROM")):
        return None
    client = Client(sid, token)
    if config.get("TWILIO_API_URL"):
        client.api.base_url = config["TWILIO_API_URL"]
    return client


def send_sms(message_id: int) -> None:
    """Send one queued SMS (a job: the worker gives it the app); without Twilio settings mark it recorded."""
    session = get_session()
    message = session.get(OutgoingMessage, message_id)
    if message is None or message.state is not MessageState.QUEUED:
        return
    client = twilio_client(current_app.config)
    if client is None:
        message.state = MessageState.RECORDED
        session.commit()
        return
    try:
        sent = client.messages.create(to=message.to_number, from_=current_app.config["TWILIO_FROM"],
                                      body=message.body)
    except TwilioRestException as exc:
        message.error = f"{exc.status} {exc.code}: {exc.msg}"
        session.commit()
        raise
    message.state = MessageState.SENT
    message.provider_sid = sent.sid
    message.sent_at = utcnow()
    session.commit()
