"""A centre's data as it stands at one moment (T0), one row of each kind the retention schedule watches."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import UTC
from datetime import datetime
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy.orm import Session

from hotline.infra.settings import recordings_dir
from hotline.infra.storage import store_audio
from hotline.models import AuditEntry
from hotline.models import Call
from hotline.models import CallbackState
from hotline.models import CallbackTask
from hotline.models import CallStatus
from hotline.models import CallStep
from hotline.models import Dossier
from hotline.models import DossierState
from hotline.models import Feedback
from hotline.models import FeedbackState
from hotline.models import MessageState
from hotline.models import OutgoingMessage
from hotline.models import Recording
from hotline.models import RecordingPurpose
from hotline.models import Shipment
from hotline.models import ShipmentAttempt
from hotline.models import ShipmentKind
from hotline.models import ShipmentState
from hotline.models import StopOutcome
from hotline.models import TranscriptStatus
from tests.factories import make_dossier
from tests.factories import make_owner

T0 = datetime(2027, 3, 1, 3, 0, tzinfo=UTC)
OWNER_PHONE = "+84912345678"
OWNER_NAME = "Nguyễn Văn A"
# What the owner said; none of it may survive where the schedule removed it, nor reach the audit trail.
WORDS = "cần cấp lại giấy phép khai thác"
WAV = b"RIFF\x24\x00\x00\x00WAVEfmt " + bytes(28)
_sids = itertools.count(1)


@dataclass
class World:
    """The ids of what T0 left, by what each is for."""

    closed_dossier: int
    open_dossier: int
    draft: int
    call: int
    recordings: dict[str, int]
    feedback: int
    callback: int
    draft_callback: int
    message: int
    audit: int
    shipment: int
    files: dict[str, Path]


def _recording(session: Session, root: Path, at: datetime, purpose: RecordingPurpose, **subject: int) -> Recording:
    rec = Recording(recording_sid=f"RE{next(_sids):032x}", url="https://api.twilio.com/x", purpose=purpose,
                    status=TranscriptStatus.DONE, transcript=WORDS, transcript_original=WORDS,
                    words=[{"word": "cần", "conf": 1.0}], created_at=at, **subject)
    session.add(rec)
    session.flush()
    rec.keep_audio(store_audio(root, rec.id, WAV))
    return rec


def _closed_dossier(session: Session, at: datetime) -> Dossier:
    owner = make_owner(session, name=OWNER_NAME, phone=OWNER_PHONE)
    dossier = make_dossier(session, owner, now=at)
    dossier.state, dossier.closed_at, dossier.note = DossierState.DELIVERED, at, WORDS
    return dossier


def _shipment(session: Session, dossier: Dossier) -> Shipment:
    shipment = Shipment(dossier_id=dossier.id, kind=ShipmentKind.DELIVERY, tracking_code="RR000000001VN",
                        state=ShipmentState.DONE, recipient_name=OWNER_NAME, recipient_phone=OWNER_PHONE,
                        province_code=51, ward_code=21548, address_line="Thôn Đông", amount_vnd=25000)
    session.add(shipment)
    session.flush()
    session.add(ShipmentAttempt(shipment_id=shipment.id, outcome=StopOutcome.DELIVERED, received_by=OWNER_NAME,
                                note="gọi 0912345678 trước khi đến", request_token="t-1"))
    return shipment


def _call(session: Session, at: datetime) -> Call:
    call = Call(call_sid=f"CA{next(_sids):032x}", from_number=OWNER_PHONE, status=CallStatus.COMPLETED,
                started_at=at, ended_at=at)
    session.add(call)
    session.flush()
    session.add_all([
        CallStep(call_id=call.id, request_key="voice", step="main_menu", context={}, response="<Say>Chào</Say>",
                 created_at=at),
        CallStep(call_id=call.id, request_key="main_menu#1", step="feedback", digits="3",
                 context={"owner": OWNER_NAME}, response=f"<Say>{OWNER_NAME}</Say>", created_at=at),
    ])
    return call


def build_world(app: Flask, session: Session, at: datetime = T0) -> World:
    """One of each kind, all made at `at`."""
    root = recordings_dir(app.config)
    closed = _closed_dossier(session, at)
    still_open = make_dossier(session, now=at)
    still_open.state = DossierState.IN_PROGRESS
    draft = make_dossier(session, closed.owner, state=DossierState.DRAFT, now=at)
    draft.vessel_number, draft.note = "QNg-90123-TS", WORDS
    call = _call(session, at)
    feedback = Feedback(call_id=call.id, phone=OWNER_PHONE, state=FeedbackState.ANSWERED, text=WORDS,
                        answer="Đã trả lời", created_at=at)
    callback = CallbackTask(phone=OWNER_PHONE, reason="voicemail", state=CallbackState.DONE, created_at=at)
    draft_callback = CallbackTask(phone=OWNER_PHONE, reason="dropped", dossier_id=draft.id, created_at=at)
    message = OutgoingMessage(to_number=OWNER_PHONE, body=f"Ho so {closed.code}", purpose="receipt",
                              state=MessageState.SENT, created_at=at, sent_at=at)
    audit = AuditEntry(action="recording_listened", object_type="recording", created_at=at)
    session.add_all([feedback, callback, draft_callback, message, audit])
    shipment = _shipment(session, closed)
    session.flush()
    recordings = {
        "closed_note": _recording(session, root, at, RecordingPurpose.NOTE, dossier_id=closed.id),
        "open_note": _recording(session, root, at, RecordingPurpose.NOTE, dossier_id=still_open.id),
        "draft_note": _recording(session, root, at, RecordingPurpose.NOTE, dossier_id=draft.id),
        "feedback": _recording(session, root, at, RecordingPurpose.FEEDBACK, feedback_id=feedback.id, call_id=call.id),
    }
    session.commit()
    return World(closed.id, still_open.id, draft.id, call.id, {k: r.id for k, r in recordings.items()},
                 feedback.id, callback.id, draft_callback.id, message.id, audit.id, shipment.id,
                 {k: root / (r.audio_path or "") for k, r in recordings.items()})


@pytest.fixture
def world(app: Flask, session: Session) -> World:
    return build_world(app, session)
