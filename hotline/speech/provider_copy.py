"""The provider's copy of a recording: deleted at Twilio once the centre holds its own (owed work).

Twilio keeps a recording until someone deletes it, and the centre must be the one that holds its callers'
voices (SPEC §11). So a recording is owed a deletion at Twilio as soon as its audio is stored here and the
stored file still matches its checksum, or once the retention schedule removed the centre's copy. The row
is the record (Recording.provider_copy): held until deleted, gone (Twilio answered 404: nothing left to
delete) or none (the audio never was at Twilio: `hotline call` serves its own WAV, and a RECORDING_HOSTS
origin is the centre's own). A failed attempt (no answer, 5xx, 429, or any other refusal, which a fixed
setting can cure) is due again after a doubling delay and the one sweep queues it; it is never given up,
since giving up would leave the voice at the provider. Deleting twice does no harm (the second answer is
404), so each recording has one job id and needs no claim state.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import datetime
from datetime import timedelta
from functools import partial
from typing import Any
from urllib.parse import urlsplit

from flask import current_app
from redis import Redis
from redis.exceptions import RedisError
from sqlalchemy import or_
from sqlalchemy import select
from sqlalchemy.orm import Session

from hotline.infra.db import get_database
from hotline.infra.db import session_scope
from hotline.infra.queue import enqueue_after_commit
from hotline.infra.queue import get_queue
from hotline.infra.queue import job_is_live
from hotline.infra.settings import recordings_dir
from hotline.infra.storage import read_stored
from hotline.models import ProviderCopy
from hotline.models import Recording
from hotline.models import utcnow
from hotline.services.outbox import OwedWork
from hotline.services.sms import twilio_client
from hotline.services.sms_retry import SEND_ERRORS
from hotline.services.sms_retry import failure_of
from hotline.speech.fetch import TWILIO_API_HOST

log = logging.getLogger(__name__)

QUEUE = "default"
FIRST_DELAY = timedelta(minutes=1)
MAX_DELAY = timedelta(hours=6)
# Recordings the sweep queues at most at once; the rest wait for the next sweep.
SWEEP_BATCH = 500
NOT_INTACT = "the centre's copy is missing or does not match its checksum: the provider's copy is kept"


def job_id(recording_id: int) -> str:
    return f"provider-copy-{recording_id}"


def provider_sid(recording: Recording, config: Mapping[str, Any]) -> str | None:
    """The recording's sid at Twilio when its URL is a recording of this account there (or at
    TWILIO_API_URL, which stands for Twilio), else None."""
    account = config.get("TWILIO_ACCOUNT_SID")
    parts = urlsplit(recording.url)
    origins = {f"https://{TWILIO_API_HOST}", (config.get("TWILIO_API_URL") or "").rstrip("/")}
    if not account or f"{parts.scheme}://{parts.netloc}" not in origins:
        return None
    if not parts.path.startswith(f"/2010-04-01/Accounts/{account}/Recordings/"):
        return None
    return recording.recording_sid


def delete_when_committed(session: Session, recording_id: int) -> None:
    """Queue the deletion once the transaction that stored the centre's copy commits."""
    enqueue_after_commit(session, QUEUE, delete_provider_copy, recording_id, job_id=job_id(recording_id))


def enqueue_deletion(conn: Redis, recording_id: int, job: str) -> None:
    try:
        get_queue(QUEUE, conn).enqueue(delete_provider_copy, recording_id, job_id=job)
    except RedisError as exc:
        log.warning("could not queue the deletion of recording %s at the provider, the sweep will: %s",
                    recording_id, exc)


def delete_provider_copy(recording_id: int) -> None:
    """Delete a recording at Twilio once the centre holds its own copy (a job: the worker gives it the app)."""
    config = current_app.config
    client = twilio_client(config)
    sid = claim(recording_id, config, utcnow(), can_delete=client is not None)
    if sid is None or client is None:
        return
    try:
        client.recordings(sid).delete()
    except SEND_ERRORS as exc:
        if getattr(exc, "status", None) == 404:
            settle(recording_id, ProviderCopy.GONE)
        else:
            retry_later(recording_id, failure_of(exc).reason, utcnow())
        return
    settle(recording_id, ProviderCopy.DELETED)


def claim(recording_id: int, config: Mapping[str, Any], now: datetime, can_delete: bool) -> str | None:
    """The sid to delete at Twilio now (the attempt counted), or None when nothing is due."""
    with session_scope(get_database()) as session:
        rec = session.get(Recording, recording_id, with_for_update=True)
        if rec is None or rec.provider_copy is not ProviderCopy.HELD or (rec.provider_retry_at or now) > now:
            return None
        sid = provider_sid(rec, config)
        if sid is None:
            rec.provider_copy, rec.provider_copy_at = ProviderCopy.NONE, now
            return None
        if rec.audio_purged_at is None and not _centre_holds(rec, config, now):
            return None
        if not can_delete:
            log.warning("recording %s waits for its deletion at the provider: Twilio is not configured", rec.id)
            return None
        rec.provider_attempts += 1
        return sid


def _centre_holds(rec: Recording, config: Mapping[str, Any], now: datetime) -> bool:
    """True when the centre's copy is on disk and matches its checksum; otherwise say why on the row."""
    stored = rec.stored_audio
    if stored is None:
        return False
    if read_stored(recordings_dir(config), stored) is not None:
        return True
    log.error("recording %s: %s", rec.id, NOT_INTACT)
    rec.provider_error, rec.provider_retry_at = NOT_INTACT, now + MAX_DELAY
    return False


def settle(recording_id: int, outcome: ProviderCopy) -> None:
    with session_scope(get_database()) as session:
        rec = session.get_one(Recording, recording_id, with_for_update=True)
        if rec.provider_copy is ProviderCopy.HELD:
            rec.provider_copy, rec.provider_copy_at = outcome, utcnow()
            rec.provider_retry_at = rec.provider_error = None


def retry_later(recording_id: int, reason: str, now: datetime) -> None:
    with session_scope(get_database()) as session:
        rec = session.get_one(Recording, recording_id, with_for_update=True)
        if rec.provider_copy is not ProviderCopy.HELD:
            return
        delay = min(FIRST_DELAY * 2 ** (max(rec.provider_attempts, 1) - 1), MAX_DELAY)
        rec.provider_error, rec.provider_retry_at = reason, now + delay
        attempts = rec.provider_attempts
    log.warning("recording %s: deleting the provider's copy failed at attempt %s (%s); next in %s",
                recording_id, attempts, reason, delay)


def requeue_owed_deletions(config: Mapping[str, Any], session: Session, conn: Redis,
                           now: datetime) -> dict[int, str]:
    """The recordings owed a deletion at the provider that no live job holds: {recording id: job id}."""
    if twilio_client(config) is None:
        return {}
    owed = session.scalars(
        select(Recording.id).where(
            Recording.provider_copy == ProviderCopy.HELD,
            or_(Recording.audio_sha256.is_not(None), Recording.audio_purged_at.is_not(None)),
            or_(Recording.provider_retry_at.is_(None), Recording.provider_retry_at <= now),
        ).order_by(Recording.id).limit(SWEEP_BATCH)
    ).all()
    return {rid: job_id(rid) for rid in owed if not job_is_live(conn, job_id(rid))}


def owed_provider_copies(config: Mapping[str, Any]) -> OwedWork:
    """Recordings whose provider copy is still to be deleted, as one kind of the sweep's owed work."""
    return OwedWork("provider_copies", partial(requeue_owed_deletions, config), enqueue_deletion)
