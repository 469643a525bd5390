"""The procedure catalogue, loaded from config/procedures.toml and edited by admins in the console."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean
from sqlalchemy import Integer
from sqlalchemy import String
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column

from hotline.models.base import Base
from hotline.models.base import UTCDateTime


class Procedure(Base):
    __tablename__ = "procedure"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    # Unique among active procedures only: a retired one keeps the key it had, for its dossiers' history.
    keypad_key: Mapped[int] = mapped_column(Integer)
    name_vi: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200))
    working_days: Mapped[int] = mapped_column(Integer)
    fee_vnd: Mapped[int] = mapped_column(Integer, default=0)
    needs_papers: Mapped[bool] = mapped_column(Boolean, default=False)
    needs_vessel: Mapped[bool] = mapped_column(Boolean, default=True)
    # Registers a vessel that has no registration number yet: nobody is asked for one.
    new_vessel: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Set when a catalogue sync no longer found the procedure in the file: off the menu, never deleted.
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Fields an admin changed in the console since the last sync (comma-separated), so that the sync
    # can say which console edits the file overwrites.
    console_edits: Mapped[str] = mapped_column(String(200), default="", server_default="")

    @property
    def asks_vessel_number(self) -> bool:
        """Whether filing asks for an existing registration number: not for a vessel registered anew."""
        return self.needs_vessel and not self.new_vessel

    @property
    def retired(self) -> bool:
        return self.retired_at is not None
