"""Messages to owners: every SMS is a row first, then sent (or kept for the console when Twilio is not set up)."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey
from sqlalchemy import String
from sqlalchemy import Text
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column
from sqlalchemy.orm import relationship

from hotline.models.base import Base
from hotline.models.base import UTCDateTime
from hotline.models.base import enum_column
from hotline.models.base import utcnow

if TYPE_CHECKING:
    from hotline.models.dossier import Dossier


class MessageState(str, enum.Enum):
    QUEUED = "queued"
    SENT = "sent"
    RECORDED = "recorded"
    FAILED = "failed"


class OutgoingMessage(Base):
    """An SMS to send; kept locally (state recorded) when Twilio is not configured."""

    __tablename__ = "outgoing_message"

    id: Mapped[int] = mapped_column(primary_key=True)
    to_number: Mapped[str] = mapped_column(String(32), index=True)
    body: Mapped[str] = mapped_column(Text)
    purpose: Mapped[str] = mapped_column(String(30))
    # One message per purpose and subject, so a retried webhook or job never texts twice.
    dedupe_key: Mapped[str | None] = mapped_column(String(120), unique=True)
    dossier_id: Mapped[int | None] = mapped_column(ForeignKey("dossier.id"), index=True)
    state: Mapped[MessageState] = mapped_column(enum_column(MessageState, 10), default=MessageState.QUEUED)
    provider_sid: Mapped[str | None] = mapped_column(String(64))
    error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    # Set through the object, the message is written in the same flush as a dossier not yet written.
    dossier: Mapped[Dossier | None] = relationship()
