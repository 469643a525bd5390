"""Messages to owners: every SMS is a row first (an outbox), then sent until it is done.

A row is owed while it is queued, sending or retrying; the sweep hands an owed row whose job was lost
to a worker again (see services/sms.py for the sending and what a crash can leave).
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey
from sqlalchemy import Integer
from sqlalchemy import String
from sqlalchemy import Text
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column
from sqlalchemy.orm import relationship

from hotline.models.base import Base
from hotline.models.base import UTCDateTime
from hotline.models.base import enum_column
from hotline.models.base import utcnow
from hotline.models.personal import Personal
from hotline.models.personal import personal

if TYPE_CHECKING:
    from hotline.models.dossier import Dossier


class MessageState(str, enum.Enum):
    QUEUED = "queued"
    # An attempt holds the row: handed to Twilio, its answer not yet stored.
    SENDING = "sending"
    # A transient failure: due again at next_attempt_at.
    RETRYING = "retrying"
    SENT = "sent"
    # Kept for the console: Twilio is not configured.
    RECORDED = "recorded"
    # Refused for good, or out of attempts: error says why.
    FAILED = "failed"


# The states of a message still owed to its owner: the sweep watches these.
OWED = (MessageState.QUEUED, MessageState.SENDING, MessageState.RETRYING)


class OutgoingMessage(Base):
    """An SMS to send, with what its attempts so far have met; kept locally (state recorded) without Twilio."""

    __tablename__ = "outgoing_message"

    id: Mapped[int] = mapped_column(primary_key=True)
    to_number: Mapped[str] = mapped_column(String(32), index=True, info=personal(Personal.PHONE))
    body: Mapped[str] = mapped_column(Text, info=personal(Personal.FREE_TEXT))
    purpose: Mapped[str] = mapped_column(String(30))
    # One message per purpose and subject, so a retried webhook or job never texts twice.
    dedupe_key: Mapped[str | None] = mapped_column(String(120), unique=True)
    dossier_id: Mapped[int | None] = mapped_column(ForeignKey("dossier.id"), index=True)
    state: Mapped[MessageState] = mapped_column(enum_column(MessageState, 10), default=MessageState.QUEUED,
                                                index=True)
    provider_sid: Mapped[str | None] = mapped_column(String(64))
    attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # The job that should send it next; the sweep queues a new one when this one is gone.
    job_id: Mapped[str | None] = mapped_column(String(64))
    # When the last attempt began: a row still sending long after it belongs to a dead worker.
    attempted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The last failure (the reason, when failed), and Twilio's error code for it when there was one.
    error: Mapped[str | None] = mapped_column(Text, info=personal(Personal.FREE_TEXT))
    error_code: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    # Set through the object, the message is written in the same flush as a dossier not yet written.
    dossier: Mapped[Dossier | None] = relationship()
