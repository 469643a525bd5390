"""The marker every column holding personal data carries, and the walk that finds them all.

A column is marked `mapped_column(..., info=personal(Personal.PHONE))`. Export and erasure
(services/privacy.py, services/erasure.py) are checked against this walk by the tests, so a column
added without its marker, or a marked column that export or erasure forgets, fails the suite.
Most personal data is a caller's (an owner, a relative who called, a recipient); the console's own
staff have theirs too, marked `of=STAFF`: a caller's export never shows it.
"""

from __future__ import annotations

import enum
from typing import Any

from sqlalchemy import Column
from sqlalchemy import MetaData

CALLER = "caller"
STAFF = "staff"


class Personal(str, enum.Enum):
    """What kind of personal data a column holds."""

    PHONE = "phone"
    NAME = "name"
    ADDRESS = "address"
    VESSEL = "vessel"
    # What the caller keyed or chose on the phone.
    KEYS = "keys"
    # A voice recording, or where it is kept.
    VOICE = "voice"
    TRANSCRIPT = "transcript"
    # Text written by or about the person: notes, answers, texts sent, errors that quote a number.
    FREE_TEXT = "free_text"
    OPINION = "opinion"
    NETWORK_ADDRESS = "network_address"


def personal(kind: Personal, of: str = CALLER) -> dict[str, Any]:
    """The `info` of a column holding personal data of kind `kind`, about a caller or a member of staff."""
    return {"personal": kind, "personal_of": of}


def personal_columns(metadata: MetaData, of: str = CALLER) -> list[Column[Any]]:
    """Every column of `metadata` marked as holding personal data about `of`, in table order."""
    return [column for table in metadata.sorted_tables for column in table.columns
            if "personal" in column.info and column.info["personal_of"] == of]


def kind_of(column: Column[Any]) -> Personal:
    kind: Personal = column.info["personal"]
    return kind
