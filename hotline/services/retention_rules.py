"""What the retention schedule removes, kind by kind: a table of rules, each a condition plus a small function.

A rule names the rows that still hold what its period no longer lets the centre keep (`due`), and `apply`
removes it from a batch of them: deleted, blanked or masked. A row a rule has done no longer meets its
condition, so a second run finds nothing. config/retention.toml says why each period is what it is.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import ColumnElement
from sqlalchemy import and_
from sqlalchemy import delete
from sqlalchemy import exists
from sqlalchemy import func
from sqlalchemy import or_
from sqlalchemy import select
from sqlalchemy import update
from sqlalchemy.orm import Session

from hotline.domain.phone import MASK
from hotline.domain.phone import mask_phone
from hotline.infra.retention import RetentionSchedule
from hotline.infra.storage import StorageError
from hotline.infra.storage import discard
from hotline.models import AuditEntry
from hotline.models import Call
from hotline.models import CallbackState
from hotline.models import CallbackTask
from hotline.models import CallStep
from hotline.models import Dossier
from hotline.models import DossierState
from hotline.models import Feedback
from hotline.models import FeedbackState
from hotline.models import OutgoingMessage
from hotline.models import Recording
from hotline.models import RecordingPurpose
from hotline.models import Shipment
from hotline.models import ShipmentAttempt
from hotline.models.message import OWED

log = logging.getLogger(__name__)

SETTLED_FEEDBACK = (FeedbackState.ANSWERED, FeedbackState.CLOSED)
DRAFT_CLOSED = "Quá thời hạn lưu trữ bản nháp: đã xoá dữ liệu cá nhân"


@dataclass(frozen=True)
class Run:
    """One purge: its moment, the schedule and where the centre's recordings are."""

    now: datetime
    schedule: RetentionSchedule
    storage_dir: Path

    def cutoff(self, period: str) -> datetime:
        return self.schedule.cutoff(period, self.now)


@dataclass(frozen=True)
class Rule:
    """One kind of data: which rows of `model` are due, and what removing it from a batch of them does.

    apply returns how many of the batch it did (a recording whose file could not be deleted is left for
    the next run).
    """

    kind: str
    model: Any
    due: Callable[[Run], ColumnElement[bool]]
    apply: Callable[[Session, list[int], Run], int]


def unmasked(column: Any) -> ColumnElement[bool]:
    """True for a number not yet masked (NULL, no number, is neither)."""
    return column.not_like(f"%{MASK}%")


def masked(value: str | None) -> str | None:
    return None if value is None else mask_phone(value)


def _rows(session: Session, model: Any, ids: list[int]) -> list[Any]:
    return list(session.scalars(select(model).where(model.id.in_(ids)).order_by(model.id)))


def forget_audio(rec: Recording, run: Run) -> bool:
    """Delete the recording's file first, then say so on its row; a file that cannot go keeps the row as it is."""
    if rec.audio_path is not None:
        try:
            discard(run.storage_dir, rec.audio_path)
        except StorageError as exc:
            log.error("recording %s: its audio could not be deleted, next run tries again: %s", rec.id, exc)
            return False
    rec.forget_audio(run.now)
    return True


# Audio: 90 days after the dossier closed, or after the call when there is no dossier.
def _audio_due(run: Run) -> ColumnElement[bool]:
    cutoff = run.cutoff("audio_days")
    dossier_closed = exists().where(Dossier.id == Recording.dossier_id, Dossier.closed_at < cutoff)
    call_ended = select(Call.ended_at).where(Call.id == Recording.call_id).scalar_subquery()
    return and_(Recording.audio_purged_at.is_(None), or_(
        and_(Recording.dossier_id.is_not(None), dossier_closed),
        and_(Recording.dossier_id.is_(None), func.coalesce(call_ended, Recording.created_at) < cutoff)))


def _audio(session: Session, ids: list[int], run: Run) -> int:
    return sum(forget_audio(rec, run) for rec in _rows(session, Recording, ids))


# Transcripts of voicemail and feedback, and of recordings that led to no dossier: a year, once answered.
def _transcripts_due(run: Run) -> ColumnElement[bool]:
    open_feedback = exists().where(Feedback.id == Recording.feedback_id, Feedback.state.not_in(SETTLED_FEEDBACK))
    return and_(Recording.transcript_purged_at.is_(None), Recording.created_at < run.cutoff("transcript_days"),
                or_(Recording.purpose.in_((RecordingPurpose.VOICEMAIL, RecordingPurpose.FEEDBACK)),
                    Recording.dossier_id.is_(None)),
                ~open_feedback)


def _transcripts(session: Session, ids: list[int], run: Run) -> int:
    recordings = _rows(session, Recording, ids)
    for rec in recordings:
        rec.forget_transcript(run.now)
    feedback_ids = [rec.feedback_id for rec in recordings if rec.feedback_id is not None]
    session.execute(update(Feedback).where(Feedback.id.in_(feedback_ids)).values(text=None))
    return len(recordings)


# Calls: the number masked, the owner unlinked, the steps' answers and what was said blanked.
def _calls_due(run: Run) -> ColumnElement[bool]:
    return and_(Call.started_at < run.cutoff("call_days"), unmasked(Call.from_number))


def _calls(session: Session, ids: list[int], run: Run) -> int:
    session.execute(update(CallStep).where(CallStep.call_id.in_(ids)).values(digits=None, context={}, response=""))
    calls = _rows(session, Call, ids)
    for call in calls:
        call.from_number, call.owner_id = mask_phone(call.from_number), None
    return len(calls)


def _callbacks_due(run: Run) -> ColumnElement[bool]:
    return and_(CallbackTask.state == CallbackState.DONE, CallbackTask.created_at < run.cutoff("call_days"),
                unmasked(CallbackTask.phone))


def _feedback_due(run: Run) -> ColumnElement[bool]:
    return and_(Feedback.state.in_(SETTLED_FEEDBACK), Feedback.created_at < run.cutoff("call_days"),
                unmasked(Feedback.phone))


def _mask_phones(model: Any, column: str) -> Callable[[Session, list[int], Run], int]:
    def apply(session: Session, ids: list[int], run: Run) -> int:
        rows = _rows(session, model, ids)
        for row in rows:
            setattr(row, column, masked(getattr(row, column)))
        return len(rows)

    return apply


# Drafts nobody completed: everything that names the caller goes; code, dates and procedure stay.
def _drafts_due(run: Run) -> ColumnElement[bool]:
    recording_kept = exists().where(Recording.dossier_id == Dossier.id, or_(
        Recording.audio_purged_at.is_(None), Recording.transcript_purged_at.is_(None)))
    task_kept = exists().where(CallbackTask.dossier_id == Dossier.id, unmasked(CallbackTask.phone))
    return and_(Dossier.state == DossierState.DRAFT, Dossier.received_at < run.cutoff("draft_days"), or_(
        unmasked(Dossier.caller_phone), unmasked(Dossier.recipient_phone), Dossier.owner_id.is_not(None),
        Dossier.vessel_id.is_not(None), Dossier.vessel_number.is_not(None), Dossier.note.is_not(None),
        Dossier.recipient_name.is_not(None), Dossier.delivery_address.is_not(None), recording_kept, task_kept))


def _drafts(session: Session, ids: list[int], run: Run) -> int:
    drafts = _rows(session, Dossier, ids)
    for draft in drafts:
        draft.caller_phone, draft.recipient_phone = masked(draft.caller_phone), masked(draft.recipient_phone)
        # Through the columns, so the flush event also drops the dossier's copy of the owner's name.
        draft.owner_id = draft.vessel_id = None
        draft.vessel_number = draft.note = draft.recipient_name = draft.delivery_address = None
    for rec in session.scalars(select(Recording).where(Recording.dossier_id.in_(ids))):
        if rec.audio_purged_at is None:
            forget_audio(rec, run)
        if rec.transcript_purged_at is None:
            rec.forget_transcript(run.now)
    for task in session.scalars(select(CallbackTask).where(CallbackTask.dossier_id.in_(ids))):
        task.phone = mask_phone(task.phone)
        if task.state is not CallbackState.DONE:
            task.state, task.outcome, task.closed_at = CallbackState.DONE, DRAFT_CLOSED, run.now
    return len(drafts)


# Texts to owners: the body blanked and the number masked; the row stays as proof of notice.
def _messages_due(run: Run) -> ColumnElement[bool]:
    when = func.coalesce(OutgoingMessage.sent_at, OutgoingMessage.created_at)
    return and_(OutgoingMessage.state.not_in(OWED), when < run.cutoff("message_days"),
                unmasked(OutgoingMessage.to_number))


def _messages(session: Session, ids: list[int], run: Run) -> int:
    messages = _rows(session, OutgoingMessage, ids)
    for message in messages:
        message.body, message.to_number = "", mask_phone(message.to_number)
    return len(messages)


def _audit_due(run: Run) -> ColumnElement[bool]:
    return AuditEntry.created_at < run.cutoff("audit_days")


def _audit(session: Session, ids: list[int], run: Run) -> int:
    session.execute(delete(AuditEntry).where(AuditEntry.id.in_(ids)))
    return len(ids)


# Closed dossiers stay; two years after closing, the post's ways of reaching the owner go.
def _dossiers_due(run: Run) -> ColumnElement[bool]:
    return and_(Dossier.closed_at < run.cutoff("dossier_contact_days"), or_(
        unmasked(Dossier.caller_phone), unmasked(Dossier.recipient_phone), Dossier.delivery_address.is_not(None)))


def _dossiers(session: Session, ids: list[int], run: Run) -> int:
    dossiers = _rows(session, Dossier, ids)
    for dossier in dossiers:
        dossier.caller_phone, dossier.recipient_phone = masked(dossier.caller_phone), masked(dossier.recipient_phone)
        dossier.delivery_address = None
    return len(dossiers)


def _shipments_due(run: Run) -> ColumnElement[bool]:
    closed = exists().where(Dossier.id == Shipment.dossier_id, Dossier.closed_at < run.cutoff("dossier_contact_days"))
    return and_(closed, or_(unmasked(Shipment.recipient_phone), Shipment.address_line.is_not(None)))


def _shipments(session: Session, ids: list[int], run: Run) -> int:
    shipments = _rows(session, Shipment, ids)
    for shipment in shipments:
        shipment.recipient_phone, shipment.address_line = masked(shipment.recipient_phone), None
    session.execute(update(ShipmentAttempt).where(ShipmentAttempt.shipment_id.in_(ids)).values(note=None))
    return len(shipments)


RULES: tuple[Rule, ...] = (
    Rule("audio", Recording, _audio_due, _audio),
    Rule("transcripts", Recording, _transcripts_due, _transcripts),
    Rule("calls", Call, _calls_due, _calls),
    Rule("callbacks", CallbackTask, _callbacks_due, _mask_phones(CallbackTask, "phone")),
    Rule("feedback", Feedback, _feedback_due, _mask_phones(Feedback, "phone")),
    Rule("drafts", Dossier, _drafts_due, _drafts),
    Rule("messages", OutgoingMessage, _messages_due, _messages),
    Rule("audit", AuditEntry, _audit_due, _audit),
    Rule("dossiers", Dossier, _dossiers_due, _dossiers),
    Rule("shipments", Shipment, _shipments_due, _shipments),
)
