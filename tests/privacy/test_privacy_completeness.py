"""Export and erasure are complete by construction: the tests walk the models' personal markers.

A column marked personal (models/personal.py) that the export leaves out, or that erasure leaves holding
its value, fails here; so does a marked column the test person does not fill, so the check cannot pass
by having nothing to look at.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Column
from sqlalchemy import select
from sqlalchemy.orm import Session

from hotline.models import Base
from hotline.models.personal import STAFF
from hotline.models.personal import personal_columns
from hotline.services.erasure import KEPT
from hotline.services.erasure import Stores
from hotline.services.erasure import erase
from hotline.services.privacy import EXPORTED
from hotline.services.privacy import HOLDINGS
from hotline.services.privacy import export
from tests.privacy.person import OPERATOR_NAME
from tests.privacy.person import PHONE
from tests.privacy.person import STRANGER_PHONE
from tests.privacy.person import Person
from tests.privacy.person import fill_person
from tests.privacy.person import fill_stranger

# Columns that plainly hold personal data: if any loses its marker, the walks below would miss it.
KNOWN_PERSONAL = {
    ("owner", "full_name"), ("owner", "phone"), ("owner", "address_line"), ("vessel", "registration_number"),
    ("call", "from_number"), ("call_step", "digits"), ("call_step", "context"), ("recording", "transcript"),
    ("recording", "audio_path"), ("dossier", "note"), ("dossier", "recipient_name"), ("dossier", "caller_phone"),
    ("feedback", "text"), ("shipment", "recipient_name"), ("shipment", "recipient_phone"),
    ("shipment", "address_line"), ("outgoing_message", "to_number"), ("outgoing_message", "body"),
    ("callback_task", "phone"), ("audit_entry", "detail"), ("privacy_request", "phone"),
}
KNOWN_STAFF = {("audit_entry", "address"), ("app_user", "full_name"), ("app_user", "phone")}


@pytest.fixture
def audio_root(tmp_path: Path) -> Path:
    return tmp_path / "recordings"


@pytest.fixture
def person(session: Session, audio_root: Path) -> Person:
    filled = fill_person(session, audio_root)
    fill_stranger(session)
    session.commit()
    return filled


def values_by_column(session: Session, person: Person, theirs: bool = True) -> dict[Column[Any], list[Any]]:
    """Each personal column's values in the person's rows (or, with theirs=False, in everybody else's)."""
    found = {}
    for column in personal_columns(Base.metadata):
        (key,) = column.table.primary_key.columns
        mine = key.in_(person.rows.get(column.table.name, []))
        query = select(column).where(mine if theirs else ~mine).order_by(key)
        found[column] = [value for value in session.scalars(query) if value is not None]
    return found


def test_the_markers_cover_the_known_personal_columns_of_callers_and_of_staff() -> None:
    marked = {(c.table.name, c.name) for c in personal_columns(Base.metadata)}
    staff = {(c.table.name, c.name) for c in personal_columns(Base.metadata, of=STAFF)}
    assert KNOWN_PERSONAL <= marked
    assert KNOWN_STAFF <= staff
    assert len(marked) >= 40


def test_every_table_with_personal_columns_says_how_its_rows_are_found_and_exported() -> None:
    tables = {c.table for c in personal_columns(Base.metadata)}
    assert {model.__table__ for model in HOLDINGS} == tables
    assert {model.__table__ for model in EXPORTED} == tables


def test_the_test_person_fills_every_personal_column(session: Session, person: Person) -> None:
    empty = [f"{c.table.name}.{c.name}" for c, values in values_by_column(session, person).items() if not values]
    assert empty == [], "fill these in tests/privacy/person.py, or the export and erasure checks miss them"


def test_every_personal_value_of_the_person_is_in_the_export(session: Session, person: Person) -> None:
    data = export(session, PHONE)
    missing = []
    for column, values in values_by_column(session, person).items():
        exported = [row.get(column.name) for row in data["tables"][column.table.name]]
        missing += [f"{column.table.name}.{column.name}={value!r}" for value in values if value not in exported]
    assert missing == []


def test_the_export_holds_no_staff_data_and_nothing_of_a_stranger(session: Session, person: Person) -> None:
    text = json.dumps(export(session, PHONE), ensure_ascii=False)
    assert OPERATOR_NAME not in text and "+84988777666" not in text and "10.1.2.3" not in text
    assert STRANGER_PHONE not in text and "Phạm Thị Sáu" not in text and "QNg-96666-TS" not in text


def test_erasure_leaves_no_personal_value_but_those_the_law_keeps(session: Session, person: Person,
                                                                     audio_root: Path) -> None:
    before = values_by_column(session, person)
    others_before = values_by_column(session, person, theirs=False)
    erase(session, PHONE, Stores(audio_root, audio_root.parent / "manifests"))
    session.commit()
    after = values_by_column(session, person)
    left = [f"{c.table.name}.{c.name}={value!r}" for c, values in after.items() if c not in KEPT
            for value in values if value in before[c]]
    assert left == []
    assert {c: after[c] for c in KEPT} == {c: before[c] for c in KEPT}
    assert values_by_column(session, person, theirs=False) == others_before


def test_every_kept_column_is_a_personal_one_with_the_reason_it_is_kept() -> None:
    marked = set(personal_columns(Base.metadata))
    for column, reason in KEPT.items():
        assert column in marked, column
        assert len(reason) > 40 and reason[0].isupper(), column
