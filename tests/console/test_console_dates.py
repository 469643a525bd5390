"""Dates typed in the console are dd/mm/yyyy whatever the browser's locale, read on the server."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC
from datetime import date
from datetime import datetime

import pytest
from flask import Flask
from flask.testing import FlaskClient

from hotline.models import Role
from hotline.web.dates import DayError
from hotline.web.dates import parse_day
from tests.factories import make_dossier
from tests.factories import make_owner
from tests.tools import open_session


@pytest.mark.parametrize(("typed", "day"), [
    ("05/03/2026", date(2026, 3, 5)), ("5/3/2026", date(2026, 3, 5)), (" 31/12/2026 ", date(2026, 12, 31)),
    ("05.03.2026", date(2026, 3, 5)), ("2026-03-05", date(2026, 3, 5)), ("", None), ("  ", None),
])
def test_a_day_is_read_day_first(typed: str, day: date | None, app: Flask) -> None:
    with app.test_request_context():
        assert parse_day(typed) == day


@pytest.mark.parametrize("typed", ["03/05", "31/02/2026", "13/13/2026", "2026/03/05", "hôm qua", "05-03-26"])
def test_anything_else_is_refused_naming_the_form_to_use(typed: str, app: Flask) -> None:
    with app.test_request_context(), pytest.raises(DayError) as refused:
        parse_day(typed)
    assert "ngày/tháng/năm" in str(refused.value)


def test_the_queue_filters_on_a_day_typed_day_first_and_shows_it_back_so(
        app: Flask, signed_in: Callable[[Role], FlaskClient]) -> None:
    with open_session(app) as session:
        owner = make_owner(session)
        march = make_dossier(session, owner, now=datetime(2026, 3, 5, 3, 0, tzinfo=UTC)).code
        may = make_dossier(session, owner, now=datetime(2026, 5, 3, 3, 0, tzinfo=UTC)).code
        session.commit()
    client = signed_in(Role.OPERATOR)
    # 04/03 is the 4th of March: read month-first it would be the 3rd of April and let March through.
    page = client.get("/dossiers?received_from=04/03/2026&received_to=06/03/2026").get_data(as_text=True)
    assert march in page and may not in page
    assert 'name="received_from" value="04/03/2026"' in page
    assert 'type="date"' not in page
    refused = client.get("/dossiers?received_to=31/02/2026").get_data(as_text=True)
    assert "Ngày không hợp lệ: 31/02/2026" in refused
    assert 'name="received_to" value="31/02/2026"' in refused  # what was typed stays to be corrected
