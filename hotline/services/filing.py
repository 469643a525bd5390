"""What a call leaves behind: dossiers, drafts, feedback, call-back tasks and the SMS receipt."""

from __future__ import annotations

import functools
from datetime import date
from typing import Any
from typing import Protocol

from sqlalchemy import Update
from sqlalchemy import bindparam
from sqlalchemy import select
from sqlalchemy import update
from sqlalchemy.orm import Session

from hotline.domain.phone import caller_phone
from hotline.infra.province import province
from hotline.models import Call
from hotline.models import CallbackTask
from hotline.models import Channel
from hotline.models import Dossier
from hotline.models import DossierState
from hotline.models import Feedback
from hotline.models import Owner
from hotline.models import Procedure
from hotline.models import Recording
from hotline.models import RecordingPurpose
from hotline.models import Vessel
from hotline.services.catalogue import work_calendar
from hotline.services.dossiers import open_dossier
from hotline.services.owner_texts import owner_text
from hotline.services.privacy_notice import privacy_link
from hotline.services.sms import draft_sms
from hotline.services.sms import send_when_committed
from hotline.services.workflow import move

ACTOR = "ivr"
UNKNOWN_NAME = "Chưa rõ tên (ghi âm)"
DOSSIER_PURPOSES = (RecordingPurpose.NOTE, RecordingPurpose.NAME, RecordingPurpose.ADDRESS)


class CallFacts(Protocol):
    """What filing needs of a call: an ORM Call, or the plain columns a step read."""

    @property
    def id(self) -> int: ...

    @property
    def from_number(self) -> str: ...

    @property
    def owner_id(self) -> int | None: ...


def _owner_for_filing(session: Session, call: CallFacts, phone: str | None) -> Owner | None:
    """The caller's owner, or a new one for the operator to complete from the voice notes."""
    owner = session.get(Owner, call.owner_id) if call.owner_id else None
    if owner is None and phone is not None:
        owner = Owner(full_name=UNKNOWN_NAME, phone=phone, needs_review=True)
        session.add(owner)
        session.flush()
        session.execute(update(Call).where(Call.id == call.id).values(owner_id=owner.id))
    return owner


def _new_dossier(session: Session, call: CallFacts, context: dict[str, Any], state: DossierState) -> Dossier | None:
    """Open a dossier (not yet flushed) from what the caller chose; None when no procedure was chosen yet."""
    procedure = session.get(Procedure, context.get("procedure_id") or 0)
    if procedure is None:
        return None
    phone = caller_phone(call.from_number)
    owner = _owner_for_filing(session, call, phone)
    number = context.get("vessel") if procedure.needs_vessel else None
    vessel = session.scalars(select(Vessel).where(Vessel.registration_number == number)).first() if number else None
    dossier = open_dossier(session, unit_code=province().unit_code, procedure=procedure, state=state,
                           actor=ACTOR, channel=Channel.PHONE, owner=owner, vessel=vessel, calendar=work_calendar())
    dossier.call_id = call.id
    dossier.vessel_number = number
    dossier.caller_phone = phone
    dossier.needs_review = bool(owner is None or owner.needs_review or (number and vessel is None))
    if context.get("new_address"):
        # The address on file is no longer the one to deliver to; an operator types the recorded one.
        dossier.delivery_address = None
        dossier.needs_review = True
    return dossier


def file_dossier(session: Session, call: CallFacts, context: dict[str, Any], lang: str) -> tuple[Dossier, date]:
    """File the caller's new dossier as received, papers planned when needed, and text a receipt.

    Returns the dossier and the date promised to the caller.
    """
    dossier = _new_dossier(session, call, context, DossierState.RECEIVED)
    if dossier is None:
        raise LookupError("a dossier was filed before a procedure was chosen")
    procedure = dossier.procedure
    promised = dossier.promised_date
    assert promised is not None  # a received dossier is always given one
    receipt = None
    if dossier.caller_phone:
        body = owner_text("receipt", lang, procedure=procedure.name_vi if lang == "vi" else procedure.name_en,
                          code=dossier.code, phone_code=dossier.phone_code, date=promised.strftime("%d/%m/%Y"),
                          privacy=privacy_link(lang))
        receipt = draft_sms(dossier.caller_phone, body, "receipt", dedupe_key=f"receipt:{dossier.code}")
        receipt.dossier = dossier
        session.add(receipt)
    session.flush()  # the dossier, its first event and its receipt, in one go
    attach_recordings(session, call, DOSSIER_PURPOSES, dossier_id=dossier.id)
    if procedure.needs_papers:
        move(session, dossier, DossierState.AWAITING_PAPERS, actor=ACTOR, calendar=work_calendar(),
             reason="hồ sơ giấy gốc được bưu điện nhận tại nhà")
    if receipt is not None:
        send_when_committed(session, receipt)
    return dossier, promised


def leave_draft(session: Session, call: Call, context: dict[str, Any]) -> None:
    """A call dropped in the middle of a new dossier: keep what was said and ask for a call-back."""
    draft = _new_dossier(session, call, context, DossierState.DRAFT)
    if draft is not None:
        draft.needs_review = True
        session.flush()
        attach_recordings(session, call, DOSSIER_PURPOSES, dossier_id=draft.id)
    callback_task(session, call, "dropped", dossier_id=draft.id if draft else None)


def callback_task(session: Session, call: Call, reason: str, dossier_id: int | None = None) -> CallbackTask:
    """The call's one call-back task, made on first need."""
    task = session.scalars(select(CallbackTask).where(CallbackTask.call_id == call.id)).first()
    if task is None:
        task = CallbackTask(call_id=call.id, phone=call.from_number, reason=reason)
        session.add(task)
    task.dossier_id = task.dossier_id or dossier_id
    session.flush()
    attach_recordings(session, call, (RecordingPurpose.VOICEMAIL,), callback_task_id=task.id)
    return task


def record_feedback(session: Session, call: Call) -> Feedback:
    """The call's feedback item, made once however often the step is posted."""
    item = session.scalars(select(Feedback).where(Feedback.call_id == call.id)).first()
    if item is None:
        item = Feedback(call_id=call.id, owner_id=call.owner_id, phone=call.from_number)
        session.add(item)
        session.flush()
    attach_recordings(session, call, (RecordingPurpose.FEEDBACK,), feedback_id=item.id)
    return item


def attach_recordings(session: Session, call: CallFacts, purposes: tuple[RecordingPurpose, ...],
                      **subject: int) -> None:
    """Give recordings that arrived before their dossier, feedback or task their subject."""
    ((column_name, subject_id),) = subject.items()
    session.execute(_attach_statement(column_name, purposes), {"of_call": call.id, "subject_id": subject_id})


@functools.cache
def _attach_statement(column_name: str, purposes: tuple[RecordingPurpose, ...]) -> Update:
    # Built once per subject: every filed dossier runs it, and building costs more than running it on SQLite.
    column = getattr(Recording, column_name)
    return (
        update(Recording)
        .where(Recording.call_id == bindparam("of_call"), Recording.purpose.in_(purposes), column.is_(None))
        .values({column: bindparam("subject_id")})
        # No request loads these recordings before attaching them: nothing in the session to keep in step.
        .execution_options(synchronize_session=False)
    )
