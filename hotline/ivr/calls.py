"""Calls by CallSid: one answer per request key, recordings once per RecordingSid, the call's end."""

from __future__ import annotations

import re
from collections.abc import Callable
from collections.abc import Mapping
from typing import Any
from typing import cast

from sqlalchemy import Table
from sqlalchemy import and_
from sqlalchemy import bindparam
from sqlalchemy import func
from sqlalchemy import insert
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm import aliased

from hotline.db import READ_ONLY
from hotline.ivr.engine import CallRef
from hotline.ivr.engine import Turn
from hotline.ivr.filing import caller_phone
from hotline.ivr.filing import find_owner
from hotline.ivr.filing import leave_draft
from hotline.ivr.flow import DOSSIER_STEPS
from hotline.ivr.flow import FIRST_STEP
from hotline.ivr.twiml import Reply
from hotline.models import Call
from hotline.models import CallStatus
from hotline.models import CallStep
from hotline.models import Owner
from hotline.models import Recording
from hotline.models import RecordingPurpose
from hotline.models import TranscriptStatus
from hotline.models import utcnow
from hotline.queue import enqueue_after_commit
from hotline.speech.jobs import transcribe_recording

SID = re.compile(r"^[A-Za-z0-9]{2,64}$")
# Twilio's final call statuses; "completed" is a call that was answered and ended.
FINAL_STATUSES = {"completed": CallStatus.COMPLETED, "busy": CallStatus.MISSED, "no-answer": CallStatus.MISSED,
                  "canceled": CallStatus.MISSED, "failed": CallStatus.MISSED}
SUBJECT_OF = {RecordingPurpose.NOTE: "dossier_id", RecordingPurpose.NAME: "dossier_id",
              RecordingPurpose.ADDRESS: "dossier_id", RecordingPurpose.FEEDBACK: "feedback_id",
              RecordingPurpose.VOICEMAIL: "callback_task_id"}


def valid_sid(value: str | None) -> str | None:
    return value if value and SID.match(value) else None


def find_call(session: Session, call_sid: str) -> Call | None:
    return session.scalars(select(Call).where(Call.call_sid == call_sid)).first()


def new_call(session: Session, call_sid: str, form: Mapping[str, str]) -> tuple[Call, Owner | None]:
    """A call on its first webhook and the owner of the number it comes from (not yet flushed)."""
    owner = find_owner(session, caller_phone(form.get("From")))
    call = Call(call_sid=call_sid, from_number=(form.get("From") or "")[:32], owner_id=owner.id if owner else None,
                language="vi", status=CallStatus.IN_PROGRESS)
    session.add(call)
    return call, owner


def call_for(session: Session, call_sid: str, form: Mapping[str, str]) -> Call:
    """The call with this CallSid, made (and committed) on its first webhook."""
    call = find_call(session, call_sid)
    if call is not None:
        return call
    call, _owner = new_call(session, call_sid, form)
    try:
        session.commit()
    except IntegrityError:
        # The same webhook arrived twice at once; the other request made the call.
        session.rollback()
        call = find_call(session, call_sid)
        assert call is not None
    return call


def hang_up() -> str:
    reply = Reply()
    reply.hangup()
    return reply.xml()


def answer_once(session: Session, form: Mapping[str, str], request_key: str,
                build: Callable[[Turn], Reply]) -> str:
    """Answer a webhook; a retry of it (same call, same key) gets the stored answer and changes nothing."""
    call_sid = valid_sid(form.get("CallSid"))
    if call_sid is None:
        return hang_up()
    request_key = request_key[:64]
    ref, stored, state = _read_first(session, call_sid, request_key)
    if stored is not None:
        return stored
    try:
        if ref is None:
            # The call, its first answer and its first step are written in one transaction.
            call, owner = new_call(session, call_sid, form)
            turn = Turn(session, call, form, state, owner)
        else:
            turn = Turn(session, ref, form, state)
        # Nothing the step reads needs this step's own changes flushed first; flushing them early
        # would write the same rows twice.
        with session.no_autoflush:
            xml = build(turn).xml()
        session.flush()  # a new call gets its id for its first step
        # A plain INSERT on the session's connection, which also carries the call's new live state:
        # the unit of work, or even the session's ORM execution path, would cost more than the statement.
        session.connection().execute(INSERT_STEP, {
            "call_id": turn.call_ref.id, "request_key": request_key, "step": turn.step, "context": turn.context,
            "digits": turn.digits or None, "response": xml, "created_at": utcnow()})
        session.commit()
    except IntegrityError:
        # The same webhook was being answered at once by another request, which stored its answer.
        session.rollback()
        stored = _load(session, call_sid, request_key)[1]
        if stored is None:
            raise
        return stored
    return xml


State = tuple[str, dict[str, Any]]
Loaded = tuple[CallRef | None, str | None, State]
NEW_STATE: State = (FIRST_STEP, {})
INSERT_STEP = insert(cast(Table, CallStep.__table__))
_stored = aliased(CallStep)
_latest = aliased(CallStep)
_newer = aliased(CallStep)
# Built once: every webhook runs it, and building a statement costs more than running it on SQLite.
# What every step needs of the call, its stored answer to this request and its newest step row (the
# live state); plain columns, as loading ORM objects would cost more than the query itself.
LOAD_CALL = (
    select(Call.id, Call.language, Call.owner_id, _stored.response, _latest.step, _latest.context)
    .outerjoin(_stored, and_(_stored.call_id == Call.id, _stored.request_key == bindparam("request_key")))
    .outerjoin(_latest, _latest.id == select(func.max(_newer.id)).where(_newer.call_id == Call.id)
               .scalar_subquery())
    .where(Call.call_sid == bindparam("call_sid"))
)
LIVE_STATE = (
    select(_latest.step, _latest.context)
    .where(_latest.call_id == bindparam("call_id"))
    .order_by(_latest.id.desc())
    .limit(1)
)


def live_state(session: Session, call: Call) -> State:
    """The step the call is at and what the caller chose so far, from its newest step row."""
    row = session.execute(LIVE_STATE, {"call_id": call.id}).first()
    return (row[0], row[1] or {}) if row is not None else NEW_STATE


def _read_first(session: Session, call_sid: str, request_key: str) -> Loaded:
    """Load the call before writing anything; a retry racing this request is caught by the unique request key."""
    if session.get_bind().dialect.name != "sqlite":
        return _load(session, call_sid, request_key)
    # SQLite has one write lock for the whole database: read without it and end the read, so that the
    # lock is held only while the step is written. Elsewhere that would cost one more round trip.
    session.connection(execution_options={READ_ONLY: True})
    loaded = _load(session, call_sid, request_key)
    session.commit()
    return loaded


def _load(session: Session, call_sid: str, request_key: str) -> Loaded:
    """The call, its stored answer to `request_key` and the live state, in one query."""
    row = session.connection().execute(LOAD_CALL, {"call_sid": call_sid, "request_key": request_key}).first()
    if row is None:
        return None, None, NEW_STATE
    state = (row[4], row[5] or {}) if row[4] is not None else NEW_STATE
    return CallRef(row[0], row[1], row[2]), row[3], state


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
    enqueue_after_commit(session, "transcription", transcribe_recording, recording.id)
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
        step in DOSSIER_STEPS or context.get("ran_out_at") in DOSSIER_STEPS)
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
