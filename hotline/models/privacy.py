"""Requests people make about their personal data, with the deadlines Law 91/2025/QH15 sets them."""

from __future__ import annotations

import enum
from datetime import date
from datetime import datetime

from sqlalchemy import Date
from sqlalchemy import ForeignKey
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


class RequestKind(str, enum.Enum):
    ACCESS = "access"
    CORRECTION = "correction"
    ERASURE = "erasure"
    OBJECTION = "objection"


class RequestState(str, enum.Enum):
    OPEN = "open"
    # The person has had an answer; what they asked for is still to be done.
    ANSWERED = "answered"
    DONE = "done"

    @property
    def is_closed(self) -> bool:
        return self is RequestState.DONE


class PrivacyRequest(Base):
    """One request from a person: see, correct or erase their data, or object to its use."""

    __tablename__ = "privacy_request"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[RequestKind] = mapped_column(enum_column(RequestKind, 12))
    phone: Mapped[str] = mapped_column(String(16), index=True, info=personal(Personal.PHONE))
    state: Mapped[RequestState] = mapped_column(enum_column(RequestState, 10), default=RequestState.OPEN, index=True)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Counted in working days by the province's calendar: an answer within 2, the act within 15.
    answer_due: Mapped[date] = mapped_column(Date)
    act_due: Mapped[date] = mapped_column(Date)
    # What the person asked, as the centre took it down.
    note: Mapped[str | None] = mapped_column(Text, info=personal(Personal.FREE_TEXT))
    # What was done about it: the export given, the erasure's reason and counts, or why it waits.
    outcome: Mapped[str | None] = mapped_column(Text, info=personal(Personal.FREE_TEXT))
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    handled_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    @property
    def next_due(self) -> date | None:
        """The deadline that matters now: the answer's until one is given, then the act's; none once done."""
        if self.state.is_closed:
            return None
        return self.answer_due if self.answered_at is None else self.act_due
