"""Calls, the steps a call went through, its recordings and the call-backs it leaves."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON
from sqlalchemy import Float
from sqlalchemy import ForeignKey
from sqlalchemy import Index
from sqlalchemy import Integer
from sqlalchemy import ScalarSelect
from sqlalchemy import String
from sqlalchemy import Text
from sqlalchemy import UniqueConstraint
from sqlalchemy import func
from sqlalchemy import literal
from sqlalchemy import select
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import column_property
from sqlalchemy.orm import mapped_column
from sqlalchemy.orm import relationship

from hotline.infra.storage import OCTET_STREAM
from hotline.infra.storage import StoredAudio
from hotline.models.base import Base
from hotline.models.base import UTCDateTime
from hotline.models.base import enum_column
from hotline.models.base import utcnow
from hotline.models.personal import Personal
from hotline.models.personal import personal


class CallStatus(str, enum.Enum):
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    DROPPED = "dropped"
    MISSED = "missed"

    @property
    def is_live(self) -> bool:
        return self is CallStatus.IN_PROGRESS


class CallStep(Base):
    """One webhook answered for a call; a retried webhook finds its step and gets the same answer.

    The newest step row also holds the call's live state (the step it is at and what the caller chose),
    so that a webhook costs one read and one insert rather than an update of the call as well.
    """

    __tablename__ = "call_step"
    __table_args__ = (UniqueConstraint("call_id", "request_key"), Index("ix_call_step_call_latest", "call_id", "id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = mapped_column(ForeignKey("call.id"))
    request_key: Mapped[str] = mapped_column(String(64))
    # The step the call is at after this webhook.
    step: Mapped[str] = mapped_column(String(40))
    # What the caller has chosen so far (procedure, vessel, tries), as this webhook left it.
    context: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict, info=personal(Personal.KEYS))
    digits: Mapped[str | None] = mapped_column(String(40), info=personal(Personal.KEYS))
    # What the hotline said: the greeting names the owner, read-backs repeat the vessel number.
    response: Mapped[str] = mapped_column(Text, info=personal(Personal.FREE_TEXT))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    call: Mapped[Call] = relationship(back_populates="steps")


def newest_step_id(call_id: Any) -> ScalarSelect[int]:
    """The id of a call's newest step row, which holds the call's live state: the one way to find it."""
    return select(func.max(CallStep.id)).where(CallStep.call_id == call_id).correlate_except(CallStep).scalar_subquery()


class Call(Base):
    __tablename__ = "call"

    id: Mapped[int] = mapped_column(primary_key=True)
    call_sid: Mapped[str] = mapped_column(String(64), unique=True)
    from_number: Mapped[str] = mapped_column(String(32), index=True, info=personal(Personal.PHONE))
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("owner.id"), index=True)
    language: Mapped[str] = mapped_column(String(5), default="vi")
    status: Mapped[CallStatus] = mapped_column(enum_column(CallStatus, 12), default=CallStatus.IN_PROGRESS)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    duration_s: Mapped[int | None] = mapped_column(Integer)
    # The step the call is at, for the live board: its newest step row's; the main menu before any.
    # Deferred: the webhooks that load a Call never read it, and the board asks for it with undefer().
    step: Mapped[str] = column_property(
        func.coalesce(select(CallStep.step).where(CallStep.id == newest_step_id(id)).scalar_subquery(),
                      literal("main_menu")),
        deferred=True,
    )

    steps: Mapped[list[CallStep]] = relationship(back_populates="call", order_by="CallStep.id")


class RecordingPurpose(str, enum.Enum):
    NOTE = "note"
    ADDRESS = "address"
    NAME = "name"
    FEEDBACK = "feedback"
    VOICEMAIL = "voicemail"


class TranscriptStatus(str, enum.Enum):
    PENDING = "pending"
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    NO_MODEL = "no_model"
    RETRYING = "retrying"
    FAILED = "failed"
    NEEDS_PERSON = "needs_person"

    @property
    def is_final(self) -> bool:
        return self in {TranscriptStatus.DONE, TranscriptStatus.FAILED, TranscriptStatus.NEEDS_PERSON}


class ProviderCopy(str, enum.Enum):
    """What became of the provider's (Twilio's) copy of a recording; see speech/provider_copy.py."""

    # At the provider: owed a deletion once the centre holds its own copy (or the schedule removed it).
    HELD = "held"
    DELETED = "deleted"
    # The provider answered that it no longer had it.
    GONE = "gone"
    # Not a recording at the provider: `hotline call` served its own audio, or a listed host did.
    NONE = "none"


class Recording(Base):
    __tablename__ = "recording"

    id: Mapped[int] = mapped_column(primary_key=True)
    recording_sid: Mapped[str] = mapped_column(String(64), unique=True)
    call_id: Mapped[int | None] = mapped_column(ForeignKey("call.id"), index=True)
    purpose: Mapped[RecordingPurpose] = mapped_column(enum_column(RecordingPurpose, 12))
    url: Mapped[str] = mapped_column(String(500), info=personal(Personal.VOICE))
    duration_s: Mapped[float | None] = mapped_column(Float)
    dossier_id: Mapped[int | None] = mapped_column(ForeignKey("dossier.id"), index=True)
    feedback_id: Mapped[int | None] = mapped_column(ForeignKey("feedback.id"), index=True)
    callback_task_id: Mapped[int | None] = mapped_column(ForeignKey("callback_task.id"), index=True)
    status: Mapped[TranscriptStatus] = mapped_column(
        enum_column(TranscriptStatus, 14), default=TranscriptStatus.PENDING, index=True
    )
    # What Vosk heard, never overwritten by a correction.
    transcript_original: Mapped[str | None] = mapped_column(Text, info=personal(Personal.TRANSCRIPT))
    transcript: Mapped[str | None] = mapped_column(Text, info=personal(Personal.TRANSCRIPT))
    corrected_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    words: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON, info=personal(Personal.TRANSCRIPT))
    confidence: Mapped[float | None] = mapped_column(Float)
    sample_rate: Mapped[int | None] = mapped_column(Integer)
    decode_seconds: Mapped[float | None] = mapped_column(Float)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    job_id: Mapped[str | None] = mapped_column(String(64))
    # When a RETRYING recording is due again; the sweep re-queues it if its scheduled job was lost.
    retry_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    error: Mapped[str | None] = mapped_column(Text)
    # The centre's own copy of the audio (infra/storage.py), which the console plays: relative to RECORDINGS_DIR.
    audio_path: Mapped[str | None] = mapped_column(String(200), info=personal(Personal.VOICE))
    audio_sha256: Mapped[str | None] = mapped_column(String(64))
    audio_bytes: Mapped[int | None] = mapped_column(Integer)
    audio_content_type: Mapped[str | None] = mapped_column(String(40))
    audio_stored_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # When the retention schedule (config/retention.toml) removed the audio, and the transcript.
    audio_purged_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    transcript_purged_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The provider's copy, deleted once the centre holds its own: the state, when it was settled, and the
    # attempts so far (a failed one is due again at provider_retry_at, its reason in provider_error).
    provider_copy: Mapped[ProviderCopy] = mapped_column(
        enum_column(ProviderCopy, 8), default=ProviderCopy.HELD, server_default=ProviderCopy.HELD.value, index=True
    )
    provider_copy_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    provider_attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    provider_retry_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    provider_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    @property
    def stored_audio(self) -> StoredAudio | None:
        """The stored copy of the audio, or None while the centre has none."""
        if self.audio_path is None or self.audio_sha256 is None or self.audio_bytes is None:
            return None
        return StoredAudio(self.audio_path, self.audio_sha256, self.audio_bytes,
                           self.audio_content_type or OCTET_STREAM)

    def keep_audio(self, stored: StoredAudio) -> None:
        self.audio_path, self.audio_sha256 = stored.path, stored.sha256
        self.audio_bytes, self.audio_content_type = stored.size, stored.content_type
        self.audio_stored_at = utcnow()

    def forget_audio(self, now: datetime) -> None:
        """The schedule removed the stored audio (its file is gone): the row no longer names one."""
        self.audio_path = self.audio_sha256 = self.audio_content_type = None
        self.audio_bytes = None
        self.audio_purged_at = now

    def forget_transcript(self, now: datetime) -> None:
        self.transcript = self.transcript_original = None
        self.words = None
        self.transcript_purged_at = now


class CallbackState(str, enum.Enum):
    OPEN = "open"
    CLAIMED = "claimed"
    DONE = "done"


class CallbackTask(Base):
    """A caller to ring back: a dropped dossier, a voicemail, a caller who ran out of tries."""

    __tablename__ = "callback_task"

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int | None] = mapped_column(ForeignKey("call.id"), unique=True)
    phone: Mapped[str] = mapped_column(String(32), info=personal(Personal.PHONE))
    reason: Mapped[str] = mapped_column(String(40))
    dossier_id: Mapped[int | None] = mapped_column(ForeignKey("dossier.id"))
    state: Mapped[CallbackState] = mapped_column(enum_column(CallbackState, 10), default=CallbackState.OPEN)
    claimed_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    outcome: Mapped[str | None] = mapped_column(Text, info=personal(Personal.FREE_TEXT))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
