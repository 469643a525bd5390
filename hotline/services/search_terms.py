"""What a search's words and digits match: vessel numbers from their start, and any word of a name.

The building blocks the dossier queue and the owners page share (services/search.py), and the list of
names in use they read first (models/owner.py: OwnerName), which erasure prunes.
"""

from __future__ import annotations

import re

from sqlalchemy import ColumnElement
from sqlalchemy import and_
from sqlalchemy import delete
from sqlalchemy import false
from sqlalchemy import or_
from sqlalchemy import select
from sqlalchemy.orm import InstrumentedAttribute
from sqlalchemy.orm import Session

from hotline.domain.vessel import VesselNumberError
from hotline.domain.vessel import canonical_prefix
from hotline.infra.text import fold
from hotline.infra.text import strip_diacritics
from hotline.models import Owner
from hotline.models import OwnerName
from hotline.models import Vessel

# Vessel digits from their start, with or without the province's letters: "1234", "QNg 12345", "qng-123";
# with the suffix, a whole number: "QNg-91234-TS".
_VESSEL_START = re.compile(r"^(?:([A-Z]+)[\s.\-]*)?([0-9]{3,5})(?:[\s.\-]*(TS))?$")
# More vessels than this under one start of digits is no search an operator means; the ids stay few.
MAX_VESSELS = 2_000


def vessel_number_start(text: str, default_prefix: str) -> str | None:
    """The start of canonical registration numbers that `text` (3 to 5 vessel digits) asks for, or None.

    "12345" gives "QNg-12345" (QNg-12345-TS); "123" gives "QNg-123", which QNg-12345-TS and QNg-1230-TS start with.
    """
    match = _VESSEL_START.match(strip_diacritics(text.strip()).upper())
    if match is None:
        return None
    letters, digits, suffix = match.groups()
    try:
        prefix = canonical_prefix(letters if letters is not None else default_prefix)
    except VesselNumberError:
        return None
    return f"{prefix}-{digits}-{suffix}" if suffix else f"{prefix}-{digits}"


def registered_vessel_ids(session: Session, start: str) -> list[int]:
    """Ids of the registered vessels whose number starts with `start` (the pattern index answers)."""
    found = select(Vessel.id).where(Vessel.registration_number.startswith(start, autoescape=True))
    return list(session.scalars(found.limit(MAX_VESSELS)))


def name_words(text: str) -> list[str]:
    """The accent-free, lower-case words of a name as searched: "Văn  An" → ["van", "an"]."""
    return fold(text).split()


def name_condition(column: InstrumentedAttribute[str] | InstrumentedAttribute[str | None],
                   text: str) -> ColumnElement[bool]:
    """Names in `column` (folded) with a word starting with each word of `text`, in any order.

    "van an", "Văn An" and "an van" find "Nguyễn Văn An"; "bich" finds "Trần Thị Bích"; "an" does not find
    "Trần Văn Toàn" (a word must start with it). Each word is two LIKEs (the name's start, or a space then
    the word), which pg_trgm's GIN index on owner_name answers on PostgreSQL; SQLite reads the names.
    """
    words = name_words(text)
    if not words:
        return false()
    return and_(*(or_(column.startswith(word, autoescape=True), column.contains(" " + word, autoescape=True))
                  for word in words))


# More names than this fit a search's words only when the words are few and common ("van"): the
# dossiers are then read newest first through the words themselves, which find a page soon.
MAX_NAMES = 2_000


def matching_names(session: Session, text: str) -> list[str] | None:
    """The folded owner names in use with a word starting with each word of `text`; None when too many.

    owner_name holds each name once, so its trigram index reads a few thousand rows where the
    dossiers' names would be a million (models/owner.py: OwnerName).
    """
    found = select(OwnerName.name_folded).where(name_condition(OwnerName.name_folded, text)).limit(MAX_NAMES + 1)
    names = list(session.scalars(found))
    return None if len(names) > MAX_NAMES else names


def named(session: Session, column: InstrumentedAttribute[str] | InstrumentedAttribute[str | None],
           text: str) -> ColumnElement[bool]:
    """Rows whose folded name `column` is one of the names `text` finds: equality on an indexed column."""
    names = matching_names(session, text)
    if names is None:
        return name_condition(column, text)
    return column.in_(names)


def prune_owner_names(session: Session) -> None:
    """Forget the names no owner holds any more (renamed or erased owners)."""
    held = select(Owner.name_folded).where(Owner.name_folded == OwnerName.name_folded).exists()
    session.execute(delete(OwnerName).where(~held))
