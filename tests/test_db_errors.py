"""A database error names what was refused but never the values bound to it (phone numbers, names)."""

from __future__ import annotations

import logging
import traceback
from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Engine
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from hotline.infra.db import get_database
from hotline.models import Call
from hotline.models import CallStatus
from tests.ivr.conftest import KNOWN_PHONE
from tests.ivr.conftest import Caller
from tests.ivr.conftest import said

PHONE = "+84912345678"
NATIONAL_DIGITS = "912345678"


def engine_of(app: Flask) -> Engine:
    with app.app_context():
        return get_database().engine


def insert_call(engine: Engine, **values: object) -> IntegrityError:
    row = {"call_sid": "CA" + "7" * 32, "from_number": PHONE, "language": "vi",
           "status": CallStatus.IN_PROGRESS, **values}
    with pytest.raises(IntegrityError) as caught, engine.begin() as conn:
        conn.execute(Call.__table__.insert(), row)
    return caught.value


def everything_said(exc: BaseException) -> str:
    """The exception as a traceback shows it, with the driver's exception it was raised from."""
    return "".join(traceback.format_exception(exc))


def test_a_duplicate_names_its_column_and_hides_the_phone_bound_beside_it(app: Flask) -> None:
    engine = engine_of(app)
    with engine.begin() as conn:
        conn.execute(Call.__table__.insert(), {"call_sid": "CA" + "7" * 32, "from_number": "+84900000001",
                                               "language": "vi", "status": CallStatus.IN_PROGRESS})
    exc = insert_call(engine)
    assert "call_sid" in str(exc)
    assert PHONE not in everything_said(exc)
    assert "hidden" in str(exc)  # SQLAlchemy says that the parameters were left out


def test_a_missing_value_names_its_column_and_hides_the_row(app: Flask) -> None:
    """PostgreSQL's own text quotes the whole row ("Failing row contains (…)"): that goes too."""
    exc = insert_call(engine_of(app), status=None)
    assert "status" in str(exc)
    assert PHONE not in everything_said(exc)
    assert NATIONAL_DIGITS not in everything_said(exc)


@pytest.fixture
def refusing_calls_from_the_known_phone(app: Flask) -> Iterator[None]:
    """The database refuses a call row from KNOWN_PHONE, as any constraint could refuse a row."""
    engine = engine_of(app)
    with engine.begin() as conn:
        if engine.dialect.name == "sqlite":
            conn.execute(text(f"CREATE TRIGGER refuse_call BEFORE INSERT ON call WHEN NEW.from_number = "
                              f"'{KNOWN_PHONE}' BEGIN SELECT RAISE(ABORT, 'refused'); END"))
        else:
            conn.execute(text(f"ALTER TABLE call ADD CONSTRAINT refuse_call CHECK (from_number <> '{KNOWN_PHONE}')"))
    yield
    with engine.begin() as conn:
        if engine.dialect.name == "sqlite":
            conn.execute(text("DROP TRIGGER refuse_call"))
        else:
            conn.execute(text("ALTER TABLE call DROP CONSTRAINT refuse_call"))


def test_a_webhook_that_fails_in_the_database_logs_no_phone_number(
        client: FlaskClient, caplog: pytest.LogCaptureFixture, refusing_calls_from_the_known_phone: None) -> None:
    phone = Caller(client)
    with caplog.at_level(logging.INFO):
        apology = phone.dial()
    assert "Xin lỗi" in said(apology)
    failures = [r for r in caplog.records if r.levelno >= logging.ERROR and r.exc_info]
    assert failures, "the failed webhook must be logged with its traceback"
    assert "IntegrityError" in caplog.text
    assert KNOWN_PHONE not in caplog.text
    assert NATIONAL_DIGITS not in caplog.text
