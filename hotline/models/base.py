"""Declarative base and the column types every aggregate shares."""

from __future__ import annotations

import enum
from datetime import UTC
from datetime import datetime
from typing import Any

from sqlalchemy import DDL
from sqlalchemy import DateTime
from sqlalchemy import Enum as SAEnum
from sqlalchemy import MetaData
from sqlalchemy import event
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.types import TypeDecorator

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


# The name search's GIN indexes use pg_trgm's operator class, so a schema made from the models (the tests, the
# bench) needs the extension first; migration 0011 does the same and says what to do when it is refused.
event.listen(Base.metadata, "before_create",
             DDL("CREATE EXTENSION IF NOT EXISTS pg_trgm").execute_if(dialect="postgresql"))


def utcnow() -> datetime:
    """Return the current time, timezone-aware, in UTC."""
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """Store naive UTC in every database and hand back aware UTC datetimes."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


def enum_column(enum_cls: type[enum.Enum], length: int = 24) -> SAEnum:
    """Store an enum by its value in a fixed-length string column, not a native type."""
    return SAEnum(
        enum_cls,
        native_enum=False,
        create_constraint=False,
        length=length,
        values_callable=lambda members: [m.value for m in members],
        validate_strings=True,
    )


def as_dict(obj: Any, *names: str) -> dict[str, Any]:
    """Pick attributes of a model into a plain dict."""
    return {name: getattr(obj, name) for name in names}
