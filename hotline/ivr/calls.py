"""Calls by CallSid outside the step path: recordings once per RecordingSid, and the call's end."""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import bindparam
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from hotline.infra.queue import enqueue_after_commit
from hotline.ivr.answers import NEW_STATE
from hotline.ivr.answers import State
from hotline.ivr.answers import open_call
from hotline.ivr.answers import valid_sid
from hotline.ivr.engine import HANDED_OVER_AT
from hotline.ivr.flow import DOSSIER_STEPS
from hotline.models import Call
from hotline.models import CallStatus
from hotline.models import CallStep
from hotline.models import Recording
from hotline.models import RecordingPurpose
from hotline.models import TranscriptStatus
from hotline.models import utcnow
from hotline.models.call import newest_step_id
from hotline.services.filing import leave_draft
from hotline.speech.jobs import new_job_id
from hotline.speech.jobs import transcribe_recording

# Twilio's final call statuses; "completed" is a call that was answered and ended.
FINAL_STATUSES = {"completed": CallStatus.COMPLETED, "busy": CallStatus.MISSED, "no-answer": CallStatus.MISSED,
                  "canceled": CallStatus.MISSED, "failed": CallStatus.MISSED}
SUBJECT_OF = {RecordingPurpose.NOTE: "dossier_id", RecordingPurpose.NAME: "dossier_id",
              RecordingPurpose.ADDRESS: "dossier_id", RecordingPurpose.FEEDBACK: "feedback_id",
              RecordingPurpose.VOICEMAIL: "callback_task_id"}


def find_call(session: Session, call_sid: str) -> Call | None:
    return session.scalars(select(Call).where(Call.call_sid == call_sid)).first()


def call_for(session: Session, call_sid: str, form: Mapping[str, str]) -> Call:
    """The call with this CallSid, made (and committed) on its first webhook."""
    call = find_call(session, call_sid)
    if call is not None:
        return call
    try:
        open_call(session.connection(), call_sid, form)
        session.commit()
    except IntegrityError:
        # The same webhook arrived twice at once; the other request made the call.
        session.rollback()
    call = find_call(session, call_sid)
    assert call is not None
    return call


LIVE_STATE = select(CallStep.step, CallStep.context).where(CallStep.id == newest_step_id(bindparam("call_id")))


def live_state(session: Session, call: Call) -> State:
    """The step the call is at and what the caller chose so far, from its newest step row."""
    row = session.execute(LIVE_STATE, {"call_id": call.id}).first()
    return (row[0], row[1] or {}) if row is not None else NEW_STATE


def keep_recording(session: Session, form: Mapping[str, str], purpose_name: str | None) -> None:
    """Store a finished recording once per RecordingSid and queue its transcription after commit."""
    recording_sid = valid_sid(form.get("RecordingSid"))
    url = form.get("RecordingUrl") or ""
    if recording_sid is None or form.get("RecordingStatus", "completed") != "completed":
        return
    if not url.startswith(("http://", "https://")) or len(url) > 500:
        return
    if session.scalar(select(Recording.id).where(Recording.recording_sid == recording_sid)) is not None:
        return
    call_sid = valid_sid(form.get("CallSid"))
    call = find_call(session, call_sid) if call_sid else None
    purpose = RecordingPurpose(purpose_name) if purpose_name in {p.value for p in RecordingPurpose} \
        else RecordingPurpose.NOTE
    recording = Recording(recording_sid=recording_sid, url=url, purpose=purpose, call_id=call.id if call else None,
                          duration_s=_number(form.get("RecordingDuration")), status=TranscriptStatus.QUEUED)
    if call is not None:
        subject_id = live_state(session, call)[1].get(SUBJECT_OF[purpose])
        setattr(recording, SUBJECT_OF[purpose], subject_id if isinstance(subject_id, int) else None)
    session.add(recording)
    session.flush()
    # The row names its job, so the sweep tells a job still waiting behind a backlog from a lost one.
    recording.job_id = new_job_id(recording.id)
    enqueue_after_commit(session, "transcription", transcribe_recording, recording.id, job_id=recording.job_id)
    try:
        session.commit()
    except IntegrityError:
        session.rollback()  # the same callback, delivered twice at once: the first one stored it


def close_call(session: Session, form: Mapping[str, str]) -> None:
    """Close the call on its final status; a call dropped mid-dossier leaves a draft to call back."""
    call_sid = valid_sid(form.get("CallSid"))
    final = FINAL_STATUSES.get(form.get("CallStatus", ""))
    if call_sid is None or final is None:
        return
    call = call_for(session, call_sid, form)
    if call.ended_at is not None:
        return
    step, context = live_state(session, call)
    dropped = "dossier_id" not in context and (
        step in DOSSIER_STEPS or context.get(HANDED_OVER_AT) in DOSSIER_STEPS)
    call.status = CallStatus.DROPPED if dropped else final
    call.ended_at = utcnow()
    seconds = _number(form.get("CallDuration"))
    call.duration_s = int(seconds) if seconds is not None \
        else int((call.ended_at - call.started_at).total_seconds())
    if dropped:
        leave_draft(session, call, context)
    session.commit()


def _number(value: str | None) -> float | None:
    try:
        number = float(value or "")
    except ValueError:
        return None
    return number if 0 <= number < 10**7 else None
