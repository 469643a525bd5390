"""The transcription job: the database row is the truth, so a lost or repeated job does no harm.

A job claims its recording (status RUNNING, its own job id, a lease), works without holding a
transaction, and stores the result only if it still holds the claim: two jobs for one recording
leave one transcript.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from flask import current_app
from redis import Redis
from redis.exceptions import RedisError
from rq import Queue
from rq import get_current_job

from hotline.infra.db import Database
from hotline.infra.db import get_database
from hotline.infra.db import session_scope
from hotline.infra.queue import get_redis
from hotline.infra.settings import recordings_dir
from hotline.infra.storage import StorageError
from hotline.infra.storage import StoredAudio
from hotline.infra.storage import discard
from hotline.infra.storage import read_stored
from hotline.infra.storage import store_audio
from hotline.models import Dossier
from hotline.models import Feedback
from hotline.models import Recording
from hotline.models import RecordingPurpose
from hotline.models import TranscriptStatus
from hotline.models import utcnow
from hotline.speech.fetch import AudioTooLargeError
from hotline.speech.fetch import FetchError
from hotline.speech.fetch import ForeignHostError
from hotline.speech.fetch import fetch_audio
from hotline.speech.provider_copy import delete_when_committed
from hotline.speech.recognizer import Audio
from hotline.speech.recognizer import AudioError
from hotline.speech.recognizer import Transcript
from hotline.speech.recognizer import decode
from hotline.speech.recognizer import loaded_model
from hotline.speech.recognizer import read_wav

log = logging.getLogger(__name__)

QUEUE = "transcription"
# Seconds between attempts while the audio is not ready; after the last one a person looks at it.
RETRY_INTERVALS = (30, 120, 600)
# A 300 s recording decodes in well under 300 s on one core; rq kills a job past this.
JOB_TIMEOUT = 900
# A RUNNING claim older than this belongs to a dead worker and may be taken over.
LEASE_SECONDS = 900
NO_MODEL_REASON = "no speech model loaded in this worker (hotline model download vi-small, or VOSK_MODEL_PATH)"


class TranscriptionError(RuntimeError):
    """The recording cannot be transcribed; its status and error say why."""


class RecordingNotFoundError(LookupError):
    """The job names a recording that is not in the database."""


@dataclass(frozen=True)
class Claim:
    """What an attempt that holds the recording starts from: where the audio is, and the centre's copy."""

    url: str
    stored: StoredAudio | None


def setting(config: Mapping[str, Any], name: str, default: Any) -> Any:
    value = config.get(name)
    return default if value in (None, "") else value


def enqueue_transcription(conn: Redis, recording_id: int, job_id: str, delay: float = 0) -> None:
    """Queue (or schedule) the job; a Redis failure is left to the sweep, which reads the database."""
    queue = Queue(QUEUE, connection=conn)
    try:
        if delay > 0:
            queue.enqueue_in(timedelta(seconds=delay), transcribe_recording, recording_id,
                             job_id=job_id, job_timeout=JOB_TIMEOUT)
        else:
            queue.enqueue(transcribe_recording, recording_id, job_id=job_id, job_timeout=JOB_TIMEOUT)
    except RedisError as exc:
        log.warning("could not queue transcription of recording %s, the sweep will: %s", recording_id, exc)


def new_job_id(recording_id: int) -> str:
    return f"transcribe-{recording_id}-{uuid.uuid4().hex[:12]}"


def transcribe_recording(recording_id: int) -> None:
    """Fetch a recording's audio, transcribe it with the worker's Vosk model, store the text (a job: the
    worker gives it the app)."""
    job = get_current_job()
    token = job.id if job is not None else f"direct-{uuid.uuid4().hex[:12]}"
    Transcription(get_database(), current_app.config, recording_id, token).run()


class Transcription:
    """One attempt at one recording, holding the claim `token`."""

    def __init__(self, db: Database, config: Mapping[str, Any], recording_id: int, token: str) -> None:
        self.db, self.config, self.recording_id, self.token = db, config, recording_id, token
        self.max_seconds = float(setting(config, "MAX_RECORDING_SECONDS", 300))

    def run(self) -> None:
        model = loaded_model()
        claim = self.claim(has_model=model is not None)
        if claim is None or model is None:
            return
        try:
            audio = read_wav(self.audio_of(claim))
            if audio.duration > self.max_seconds:
                raise AudioError(f"too long: {audio.duration:.0f} s, the limit is {self.max_seconds:.0f} s")
            transcript = decode(model, audio)
        except (ForeignHostError, AudioTooLargeError, AudioError) as exc:
            self.finish(TranscriptStatus.FAILED, str(exc))
            raise TranscriptionError(str(exc)) from exc
        except (FetchError, StorageError) as exc:
            self.retry_later(str(exc))
            return
        self.store(audio, transcript)

    def audio_of(self, claim: Claim) -> bytes:
        """The recording's audio: the centre's copy when it is intact, else downloaded and kept first, so
        the audio stays with the centre even when transcribing it fails."""
        root = recordings_dir(self.config)
        if claim.stored is not None:
            data = read_stored(root, claim.stored)
            if data is not None:
                return data
            log.warning("recording %s: the stored audio is missing or damaged, downloading it again",
                        self.recording_id)
        data = fetch_audio(claim.url, self.config, self.max_seconds)
        self.keep(store_audio(root, self.recording_id, data))
        return data

    def keep(self, stored: StoredAudio) -> None:
        """Name the stored copy on the recording's row, drop a damaged copy it replaces, and owe the
        deletion of the provider's copy.

        A recording erased while its audio was being fetched (services/erasure.py) has no row left to
        name the copy: the copy is removed, or the person's voice would stay on disk with nothing to find it.
        """
        with session_scope(self.db) as session:
            rec = self._owned(session)
            erased = rec is None and session.get(Recording, self.recording_id) is None
            replaced = None
            if rec is not None:
                replaced = rec.audio_path if rec.audio_path != stored.path else None
                rec.keep_audio(stored)
                # The centre holds the voice now; the provider's copy goes (once the file checks out).
                delete_when_committed(session, rec.id)
        if erased:
            replaced = stored.path
        if replaced is not None:
            discard(recordings_dir(self.config), replaced)

    def claim(self, has_model: bool) -> Claim | None:
        """Take the recording for this attempt; None when it is done, held by a live job, or unmodelled."""
        lease = timedelta(seconds=float(setting(self.config, "TRANSCRIPTION_LEASE_SECONDS", LEASE_SECONDS)))
        with session_scope(self.db) as session:
            rec = session.get(Recording, self.recording_id, with_for_update=True)
            if rec is None:
                raise RecordingNotFoundError(f"recording {self.recording_id} does not exist")
            if rec.status.is_final:
                log.info("recording %s is already %s, nothing to do", rec.id, rec.status.value)
                return None
            held = rec.status is TranscriptStatus.RUNNING and rec.job_id != self.token
            if held and utcnow() - rec.updated_at < lease:
                log.info("recording %s is being transcribed by %s", rec.id, rec.job_id)
                return None
            if not has_model:
                rec.status, rec.error = TranscriptStatus.NO_MODEL, NO_MODEL_REASON
                return None
            rec.status, rec.job_id, rec.error, rec.retry_at = TranscriptStatus.RUNNING, self.token, None, None
            rec.attempts += 1
            return Claim(rec.url, rec.stored_audio)

    def _owned(self, session: Any) -> Recording | None:
        rec = session.get(Recording, self.recording_id, with_for_update=True)
        if rec is None or rec.status is not TranscriptStatus.RUNNING or rec.job_id != self.token:
            log.info("recording %s was taken over by another job; dropping this result", self.recording_id)
            return None
        return rec

    def finish(self, status: TranscriptStatus, reason: str) -> None:
        with session_scope(self.db) as session:
            rec = self._owned(session)
            if rec is not None:
                rec.status, rec.error = status, reason

    def retry_later(self, reason: str) -> None:
        """Schedule the next attempt with backoff; after the last one, flag the recording for a person."""
        intervals = list(setting(self.config, "TRANSCRIPTION_RETRY_INTERVALS", RETRY_INTERVALS))
        with session_scope(self.db) as session:
            rec = self._owned(session)
            if rec is None:
                return
            if rec.attempts > len(intervals):
                rec.status = TranscriptStatus.NEEDS_PERSON
                rec.error = f"{reason}; gave up after {rec.attempts} attempts"
                job_id, delay = None, 0.0
            else:
                delay = float(intervals[rec.attempts - 1])
                rec.status, rec.job_id = TranscriptStatus.RETRYING, new_job_id(rec.id)
                rec.retry_at = utcnow() + timedelta(seconds=delay)
                rec.error = f"{reason}; attempt {rec.attempts + 1} in {delay:.0f} s"
                job_id = rec.job_id
            error = rec.error
        if job_id is None:
            raise TranscriptionError(error)
        enqueue_transcription(get_redis(), self.recording_id, job_id, delay)

    def store(self, audio: Audio, transcript: Transcript) -> None:
        with session_scope(self.db) as session:
            rec = self._owned(session)
            if rec is None:
                return
            rec.status, rec.error = TranscriptStatus.DONE, None
            rec.transcript_original = rec.transcript = transcript.text
            rec.words, rec.confidence = transcript.words, transcript.confidence
            rec.duration_s, rec.sample_rate = audio.duration, audio.sample_rate
            rec.decode_seconds = transcript.decode_seconds
            attach(session, rec)


def attach(session: Any, rec: Recording) -> None:
    """Give the linked feedback item or dossier the text it is still missing (the recording keeps it too)."""
    if rec.purpose is RecordingPurpose.FEEDBACK and rec.feedback_id is not None:
        feedback = session.get(Feedback, rec.feedback_id)
        if feedback is not None and not feedback.text:
            feedback.text = rec.transcript
    if rec.purpose is RecordingPurpose.NOTE and rec.dossier_id is not None:
        dossier = session.get(Dossier, rec.dossier_id)
        if dossier is not None and not dossier.note:
            dossier.note = rec.transcript
