"""Transcriptions as owed work: which recordings with no transcript have no live job (services/outbox.py).

Jobs get lost when Redis was down at enqueue time, when a key was evicted or flushed, or when a
worker was killed mid-job; the database still says the recording waits, so the sweep reads it.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import datetime
from datetime import timedelta
from functools import partial
from typing import Any

from redis import Redis
from sqlalchemy import select
from sqlalchemy.orm import Session

from hotline.infra.queue import job_is_live
from hotline.models import Recording
from hotline.models import TranscriptStatus
from hotline.services.outbox import OwedWork
from hotline.speech.jobs import LEASE_SECONDS
from hotline.speech.jobs import enqueue_transcription
from hotline.speech.jobs import new_job_id
from hotline.speech.jobs import setting

log = logging.getLogger(__name__)

# A new recording may already sit in the queue under a job id the webhook did not store;
# give that job this long to start before queueing another.
GRACE_SECONDS = 120
WAITING = (TranscriptStatus.PENDING, TranscriptStatus.QUEUED, TranscriptStatus.RUNNING,
           TranscriptStatus.RETRYING, TranscriptStatus.NO_MODEL)


def is_orphaned(rec: Recording, conn: Redis, config: Mapping[str, Any], has_model: bool,
                now: datetime) -> bool:
    """True when nothing will ever pick this recording up unless the sweep queues it."""
    age = now - rec.updated_at
    if rec.status is TranscriptStatus.RUNNING:
        return age > timedelta(seconds=float(setting(config, "TRANSCRIPTION_LEASE_SECONDS", LEASE_SECONDS)))
    if rec.status is TranscriptStatus.NO_MODEL and not has_model:
        return False
    if rec.status is TranscriptStatus.RETRYING and rec.retry_at is not None and rec.retry_at > now:
        return False
    if rec.status in (TranscriptStatus.PENDING, TranscriptStatus.QUEUED) and not rec.job_id:
        return age > timedelta(seconds=float(setting(config, "SWEEP_GRACE_SECONDS", GRACE_SECONDS)))
    return not job_is_live(conn, rec.job_id)


def requeue_orphaned_recordings(config: Mapping[str, Any], has_model: bool, session: Session, conn: Redis,
                                now: datetime) -> dict[int, str]:
    """Mark orphaned recordings QUEUED under a new job id (not committed); return {recording id: job id}."""
    waiting = session.scalars(
        select(Recording).where(Recording.status.in_(WAITING)).order_by(Recording.id).with_for_update()
    ).all()
    requeued: dict[int, str] = {}
    for rec in waiting:
        if is_orphaned(rec, conn, config, has_model, now):
            log.info("recording %s (%s, job %s) has no live job: queueing it again",
                     rec.id, rec.status.value, rec.job_id)
            rec.status, rec.job_id = TranscriptStatus.QUEUED, new_job_id(rec.id)
            requeued[rec.id] = rec.job_id
    return requeued


def owed_transcriptions(config: Mapping[str, Any], has_model: bool) -> OwedWork:
    """Recordings waiting for a transcript, as one kind of the sweep's owed work."""
    return OwedWork("recordings", partial(requeue_orphaned_recordings, config, has_model), enqueue_transcription)
