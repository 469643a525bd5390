"""Feedback and complaints, and the owners' satisfaction ratings."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import CheckConstraint
from sqlalchemy import ForeignKey
from sqlalchemy import Integer
from sqlalchemy import String
from sqlalchemy import Text
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column

from hotline.models.base import Base
from hotline.models.base import UTCDateTime
from hotline.models.base import enum_column
from hotline.models.base import utcnow
from hotline.models.personal import Personal
from hotline.models.personal import personal


class FeedbackState(str, enum.Enum):
    OPEN = "open"
    ASSIGNED = "assigned"
    ANSWERED = "answered"
    CLOSED = "closed"


class Feedback(Base):
    __tablename__ = "feedback"

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int | None] = mapped_column(ForeignKey("call.id"), unique=True)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("owner.id"))
    phone: Mapped[str | None] = mapped_column(String(32), info=personal(Personal.PHONE))
    dossier_id: Mapped[int | None] = mapped_column(ForeignKey("dossier.id"))
    state: Mapped[FeedbackState] = mapped_column(enum_column(FeedbackState, 10), default=FeedbackState.OPEN)
    assigned_to: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    text: Mapped[str | None] = mapped_column(Text, info=personal(Personal.TRANSCRIPT))
    answer: Mapped[str | None] = mapped_column(Text, info=personal(Personal.FREE_TEXT))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    answered_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))


class RatingChannel(str, enum.Enum):
    SMS = "sms"
    IVR = "ivr"


class SatisfactionRating(Base):
    __tablename__ = "satisfaction_rating"
    __table_args__ = (CheckConstraint("score BETWEEN 1 AND 5", name="score_range"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossier.id"), unique=True)
    # 1 very satisfied … 5 very dissatisfied, the order in which the question reads them.
    score: Mapped[int] = mapped_column(Integer, info=personal(Personal.OPINION))
    channel: Mapped[RatingChannel] = mapped_column(enum_column(RatingChannel, 6))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
