"""Boat owners and their vessels."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean
from sqlalchemy import ForeignKey
from sqlalchemy import Index
from sqlalchemy import Integer
from sqlalchemy import String
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column
from sqlalchemy.orm import relationship
from sqlalchemy.orm import validates

from hotline.infra.text import fold
from hotline.models.base import Base
from hotline.models.base import UTCDateTime
from hotline.models.base import utcnow
from hotline.models.personal import Personal
from hotline.models.personal import personal


class Owner(Base):
    __tablename__ = "owner"
    # "nguyen van" must find names by prefix with an index under any PostgreSQL collation.
    __table_args__ = (
        Index("ix_owner_name_folded_pattern", "name_folded",
              postgresql_ops={"name_folded": "varchar_pattern_ops"}).ddl_if(dialect="postgresql"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    full_name: Mapped[str] = mapped_column(String(120), info=personal(Personal.NAME))
    # Accent-free, lower-case copy of the name so "nguyen van a" finds "Nguyễn Văn A" with an index.
    name_folded: Mapped[str] = mapped_column(String(120), index=True, info=personal(Personal.NAME))
    phone: Mapped[str | None] = mapped_column(String(16), index=True, info=personal(Personal.PHONE))
    province_code: Mapped[int | None] = mapped_column(Integer)
    ward_code: Mapped[int | None] = mapped_column(Integer, info=personal(Personal.ADDRESS))
    address_line: Mapped[str | None] = mapped_column(String(200), info=personal(Personal.ADDRESS))
    needs_review: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    vessels: Mapped[list[Vessel]] = relationship(back_populates="owner", order_by="Vessel.id")

    @validates("full_name")
    def _fold_name(self, key: str, value: str) -> str:
        self.name_folded = fold(value)
        return value


class Vessel(Base):
    __tablename__ = "vessel"

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("owner.id"), index=True)
    registration_number: Mapped[str] = mapped_column(String(20), unique=True, info=personal(Personal.VESSEL))
    name: Mapped[str | None] = mapped_column(String(80), info=personal(Personal.VESSEL))
    length_m: Mapped[float | None]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    owner: Mapped[Owner] = relationship(back_populates="vessels")
