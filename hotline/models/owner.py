"""Boat owners and their vessels."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean
from sqlalchemy import Connection
from sqlalchemy import ForeignKey
from sqlalchemy import Index
from sqlalchemy import Integer
from sqlalchemy import String
from sqlalchemy import event
from sqlalchemy import inspect
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import Mapper
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
    # The number as it was given when it was written before the 2018 renumbering ("01234567890"); `phone`
    # holds today's number it maps to (domain/phone.py), and the console shows both.
    phone_before_2018: Mapped[str | None] = mapped_column(String(16), info=personal(Personal.PHONE))
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


class OwnerName(Base):
    """Each folded owner name in use, once: what a search by any word of a name reads first.

    Names repeat (a province has far fewer names than owners, and owners than dossiers), so the words of a
    search ("van an") are matched here, in a small table pg_trgm's GIN index answers (models/base.py makes
    the extension), and the dossiers and owners are then found by their whole folded names, which a plain
    index answers. Kept by the events below; a name nobody holds any more matches nothing and is pruned
    when a person's data is erased (services/erasure.py).
    """

    __tablename__ = "owner_name"
    __table_args__ = (
        Index("ix_owner_name_name_folded_trgm", "name_folded", postgresql_using="gin",
              postgresql_ops={"name_folded": "gin_trgm_ops"}).ddl_if(dialect="postgresql"),
    )

    name_folded: Mapped[str] = mapped_column(String(120), primary_key=True)


@event.listens_for(Owner, "after_insert")
@event.listens_for(Owner, "after_update")
def _keep_the_name(_mapper: Mapper[Owner], connection: Connection, owner: Owner) -> None:
    """Add the owner's folded name to owner_name when it is new there, in the same transaction."""
    if not inspect(owner).attrs.name_folded.history.has_changes() or not owner.name_folded:
        return
    dialect_insert = postgresql_insert if connection.dialect.name == "postgresql" else sqlite_insert
    connection.execute(dialect_insert(OwnerName).values(name_folded=owner.name_folded).on_conflict_do_nothing())


class Vessel(Base):
    __tablename__ = "vessel"
    # "1234" finds QNg-12345-TS: a prefix LIKE on the number, which PostgreSQL answers with pattern ops.
    __table_args__ = (
        Index("ix_vessel_registration_number_pattern", "registration_number",
              postgresql_ops={"registration_number": "varchar_pattern_ops"}).ddl_if(dialect="postgresql"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("owner.id"), index=True)
    registration_number: Mapped[str] = mapped_column(String(20), unique=True, info=personal(Personal.VESSEL))
    name: Mapped[str | None] = mapped_column(String(80), info=personal(Personal.VESSEL))
    length_m: Mapped[float | None]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    owner: Mapped[Owner] = relationship(back_populates="vessels")
