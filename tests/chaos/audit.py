"""What a chaos run left behind: read from the database, the stand-in Twilio and the recordings folder.

Drained means nothing is owed any more: no text queued, sending or retrying, no note waiting for its
transcript. The audit then says, per call, whether the caller heard their receipt, how many dossiers,
texts and notes the call left, and what Twilio and the disk received.
"""

from __future__ import annotations

import hashlib
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy import func
from sqlalchemy import select
from sqlalchemy.orm import Session

from hotline.ivr.prompts import speak_code
from hotline.models import Call
from hotline.models import CallStatus
from hotline.models import Dossier
from hotline.models import MessageState
from hotline.models import OutgoingMessage
from hotline.models import Recording
from hotline.models import TranscriptStatus
from hotline.models.message import OWED
from tests.chaos.phones import CallOutcome
from tests.twilio_api import TwilioStandIn

FINAL = [status for status in TranscriptStatus if status.is_final]


def owed(engine: Engine) -> tuple[int, int]:
    """(texts still owed, notes still waiting for their transcript)."""
    with Session(engine) as session:
        texts = session.scalar(select(func.count()).where(OutgoingMessage.state.in_(OWED)))
        notes = session.scalar(select(func.count()).where(Recording.status.not_in(FINAL)))
    return texts or 0, notes or 0


def wait_for_drain(engine: Engine, timeout: float, tick: Callable[[], object] = lambda: None) -> dict[str, float]:
    """Wait until nothing is owed, calling `tick` between looks; return the monotonic time at which the texts
    and the notes were each done. TimeoutError saying what is left after `timeout`."""
    deadline = time.monotonic() + timeout
    done: dict[str, float] = {}
    while True:
        texts, notes = owed(engine)
        now = time.monotonic()
        for kind, left in (("texts", texts), ("notes", notes)):
            if left == 0:
                done.setdefault(kind, now)
        if len(done) == 2:
            return done
        if now > deadline:
            raise TimeoutError(f"after {timeout:.0f} s, {texts} texts and {notes} notes are still owed")
        tick()
        time.sleep(0.5)


@dataclass(frozen=True)
class Note:
    """One recording as the database and the disk have it."""

    recording_id: int
    status: TranscriptStatus
    transcript: str | None
    transcript_original: str | None
    attempts: int
    sha256: str | None
    stored: bytes | None


@dataclass
class Audit:
    """Everything counted after a run, keyed by CallSid where a call owns it."""

    outcomes: list[CallOutcome]
    call_status: dict[str, CallStatus]
    dossiers: Counter[str]
    heard_receipt: dict[str, bool]
    texts: dict[str, list[OutgoingMessage]]
    notes: dict[str, list[Note]]
    deliveries: Counter[tuple[str, str]]
    files: list[Path]

    @property
    def failed_calls(self) -> dict[str, str]:
        return {o.call_sid: o.error for o in self.outcomes if o.error is not None}

    @property
    def expected_deliveries(self) -> Counter[tuple[str, str]]:
        """One delivery of each text the database holds."""
        return Counter((t.to_number, t.body) for texts in self.texts.values() for t in texts)

    def figures(self, note_sha256: str) -> dict[str, int]:
        """The counts README.md keeps for a run."""
        notes = [note for notes in self.notes.values() for note in notes]
        delivered = self.deliveries
        return {
            "calls": len(self.outcomes),
            "calls answered to the end": sum(o.error is None for o in self.outcomes),
            "receipts heard": sum(self.heard_receipt.values()),
            "webhooks sent again": sum(o.retries for o in self.outcomes),
            "dossiers": sum(self.dossiers.values()),
            "calls with more than one dossier": sum(n > 1 for n in self.dossiers.values()),
            "texts owed": sum(len(texts) for texts in self.texts.values()),
            "texts sent": sum(t.state is MessageState.SENT for texts in self.texts.values() for t in texts),
            "texts sent on a second attempt": sum(t.attempts > 1 for ts in self.texts.values() for t in ts),
            "texts delivered to Twilio": sum(delivered.values()),
            "duplicate texts": sum(n - 1 for n in delivered.values() if n > 1),
            "texts missing at Twilio": sum(1 for text in self.expected_deliveries if not delivered[text]),
            "notes": len(notes),
            "notes stored intact": sum(n.sha256 == note_sha256 and n.stored is not None
                                       and hashlib.sha256(n.stored).hexdigest() == note_sha256 for n in notes),
            "notes transcribed": sum(n.status is TranscriptStatus.DONE and bool(n.transcript) for n in notes),
            "files in the recordings folder": len(self.files),
            "transcription attempts beyond one per note": sum(n.attempts for n in notes) - len(notes),
        }


def audit(engine: Engine, outcomes: list[CallOutcome], twilio: TwilioStandIn, recordings: Path) -> Audit:
    """Count what the run left, for the calls in `outcomes`."""
    sids = {o.call_sid for o in outcomes}
    with Session(engine) as session:
        calls = {c.call_sid: c for c in session.scalars(select(Call).where(Call.call_sid.in_(sids)))}
        by_id = {c.id: c.call_sid for c in calls.values()}
        dossiers = list(session.scalars(select(Dossier).where(Dossier.call_id.in_(by_id))))
        call_of_dossier = {d.id: by_id[d.call_id] for d in dossiers if d.call_id is not None}
        texts: dict[str, list[OutgoingMessage]] = {sid: [] for sid in sids}
        for text in session.scalars(select(OutgoingMessage).where(OutgoingMessage.dossier_id.in_(call_of_dossier))):
            assert text.dossier_id is not None
            texts[call_of_dossier[text.dossier_id]].append(text)
        notes: dict[str, list[Note]] = {sid: [] for sid in sids}
        for rec in session.scalars(select(Recording).where(Recording.call_id.in_(by_id))):
            assert rec.call_id is not None
            notes[by_id[rec.call_id]].append(Note(rec.id, rec.status, rec.transcript, rec.transcript_original,
                                                  rec.attempts, rec.audio_sha256, _read(recordings, rec.audio_path)))
        session.expunge_all()
    code_of = {by_id[d.call_id]: d.phone_code for d in dossiers if d.call_id is not None}
    return Audit(
        outcomes=outcomes,
        call_status={sid: call.status for sid, call in calls.items()},
        dossiers=Counter(by_id[d.call_id] for d in dossiers if d.call_id is not None),
        heard_receipt={o.call_sid: _heard_receipt(o, code_of.get(o.call_sid)) for o in outcomes},
        texts=texts,
        notes=notes,
        deliveries=twilio.deliveries(),
        files=sorted(path for path in recordings.rglob("*") if path.is_file()),
    )


def _heard_receipt(outcome: CallOutcome, phone_code: str | None) -> bool:
    """Did the caller hear the receipt read out, with the phone code of the dossier their call filed?"""
    if phone_code is None:
        return False
    said = f"Mã tra cứu của quý khách là: {speak_code(phone_code, 'vi')}."
    return any("Hồ sơ đã được tiếp nhận." in line and said in line for line in outcome.heard)


def _read(root: Path, relative: str | None) -> bytes | None:
    if relative is None:
        return None
    path = root / relative
    return path.read_bytes() if path.is_file() else None
