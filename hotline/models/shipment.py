"""Postal shipments (pickups and deliveries), courier routes and manifests."""

from __future__ import annotations

import enum
from datetime import date
from datetime import datetime

from sqlalchemy import Date
from sqlalchemy import ForeignKey
from sqlalchemy import Integer
from sqlalchemy import String
from sqlalchemy import Text
from sqlalchemy import UniqueConstraint
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column
from sqlalchemy.orm import relationship

from hotline.models.base import Base
from hotline.models.base import UTCDateTime
from hotline.models.base import enum_column
from hotline.models.base import utcnow
from hotline.models.personal import Personal
from hotline.models.personal import personal


class ShipmentKind(str, enum.Enum):
    PICKUP = "pickup"
    DELIVERY = "delivery"


class ShipmentState(str, enum.Enum):
    PLANNED = "planned"
    ON_MANIFEST = "on_manifest"
    FAILED = "failed"
    DONE = "done"
    RETURNED = "returned"


class StopOutcome(str, enum.Enum):
    DELIVERED = "delivered"
    FAILED = "failed"
    RETURNED = "returned"


class Shipment(Base):
    __tablename__ = "shipment"

    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossier.id"), index=True)
    kind: Mapped[ShipmentKind] = mapped_column(enum_column(ShipmentKind, 10))
    tracking_code: Mapped[str] = mapped_column(String(13), unique=True)
    state: Mapped[ShipmentState] = mapped_column(enum_column(ShipmentState, 12), default=ShipmentState.PLANNED)
    recipient_name: Mapped[str] = mapped_column(String(120), info=personal(Personal.NAME))
    recipient_phone: Mapped[str | None] = mapped_column(String(16), info=personal(Personal.PHONE))
    province_code: Mapped[int | None] = mapped_column(Integer)
    ward_code: Mapped[int | None] = mapped_column(Integer, index=True, info=personal(Personal.ADDRESS))
    address_line: Mapped[str | None] = mapped_column(String(200), info=personal(Personal.ADDRESS))
    contents: Mapped[str] = mapped_column(String(200), default="")
    amount_vnd: Mapped[int] = mapped_column(Integer, default=0)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    # A day the owner arranged after a failed attempt: no manifest before it takes the shipment.
    not_before: Mapped[date | None] = mapped_column(Date)
    manifest_id: Mapped[int | None] = mapped_column(ForeignKey("manifest.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    manifest: Mapped[Manifest | None] = relationship(back_populates="shipments")


class Route(Base):
    """A commune or ward assigned to a courier."""

    __tablename__ = "route"

    id: Mapped[int] = mapped_column(primary_key=True)
    ward_code: Mapped[int] = mapped_column(Integer, unique=True)
    courier_id: Mapped[int] = mapped_column(ForeignKey("app_user.id"), index=True)


class Manifest(Base):
    __tablename__ = "manifest"
    __table_args__ = (UniqueConstraint("day", "courier_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(Date)
    courier_id: Mapped[int] = mapped_column(ForeignKey("app_user.id"), index=True)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    shipments: Mapped[list[Shipment]] = relationship(back_populates="manifest")


class ShipmentAttempt(Base):
    """What a courier recorded at a stop; a form sent twice finds its token and records nothing new."""

    __tablename__ = "shipment_attempt"

    id: Mapped[int] = mapped_column(primary_key=True)
    shipment_id: Mapped[int] = mapped_column(ForeignKey("shipment.id"), index=True)
    manifest_id: Mapped[int | None] = mapped_column(ForeignKey("manifest.id"))
    courier_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    outcome: Mapped[StopOutcome] = mapped_column(enum_column(StopOutcome, 10))
    reason: Mapped[str | None] = mapped_column(String(30))
    received_by: Mapped[str | None] = mapped_column(String(120), info=personal(Personal.NAME))
    amount_collected_vnd: Mapped[int] = mapped_column(Integer, default=0)
    note: Mapped[str | None] = mapped_column(Text, info=personal(Personal.FREE_TEXT))
    request_token: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class TrackingSequence(Base):
    """The last S10 serial handed out per service indicator (two letters, e.g. RR)."""

    __tablename__ = "tracking_sequence"

    service: Mapped[str] = mapped_column(String(2), primary_key=True)
    last_value: Mapped[int] = mapped_column(Integer, default=0)
