"""Console users, API tokens and the audit trail."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import Boolean
from sqlalchemy import ForeignKey
from sqlalchemy import String
from sqlalchemy import Text
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column

from hotline.models.base import Base
from hotline.models.base import UTCDateTime
from hotline.models.base import enum_column
from hotline.models.base import utcnow
from hotline.models.personal import STAFF
from hotline.models.personal import Personal
from hotline.models.personal import personal


class Role(str, enum.Enum):
    OPERATOR = "operator"
    SUPERVISOR = "supervisor"
    COURIER = "courier"
    ADMIN = "admin"


class User(Base):
    __tablename__ = "app_user"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(60), unique=True, info=personal(Personal.NAME, of=STAFF))
    full_name: Mapped[str] = mapped_column(String(120), default="", info=personal(Personal.NAME, of=STAFF))
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[Role] = mapped_column(enum_column(Role, 12))
    phone: Mapped[str | None] = mapped_column(String(16), info=personal(Personal.PHONE, of=STAFF))
    locale: Mapped[str] = mapped_column(String(5), default="vi")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Part of the login cookie's identity; changing it at logout ends every session of the account.
    session_token: Mapped[str] = mapped_column(String(32), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ApiToken(Base):
    __tablename__ = "api_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80))
    # SHA-256 of the token: the token itself is shown once and never stored.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    revoked: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class AuditEntry(Base):
    __tablename__ = "audit_entry"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"), index=True)
    action: Mapped[str] = mapped_column(String(40), index=True)
    object_type: Mapped[str | None] = mapped_column(String(30))
    object_id: Mapped[str | None] = mapped_column(String(60))
    # Free text: a call-back's outcome copied here can quote the caller.
    detail: Mapped[str | None] = mapped_column(Text, info=personal(Personal.FREE_TEXT))
    # The network address of the member of staff who acted.
    address: Mapped[str | None] = mapped_column(String(64), info=personal(Personal.NETWORK_ADDRESS, of=STAFF))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
