"""Days typed as dd/mm/yyyy, whatever the browser's locale: read the way people here write them."""

from __future__ import annotations

from datetime import date

import pytest

from hotline.web.dates import parse_day


@pytest.mark.parametrize(("text", "day"), [
    ("03/02/2026", date(2026, 2, 3)),
    ("3/2/2026", date(2026, 2, 3)),
    (" 31.12.2026 ", date(2026, 12, 31)),
    ("29-02-2024", date(2024, 2, 29)),
    ("2026-02-03", date(2026, 2, 3)),
])
def test_a_day_is_read_day_first(text: str, day: date) -> None:
    assert parse_day(text) == day


def test_an_empty_field_is_no_day() -> None:
    assert parse_day("") is None and parse_day("   ") is None


@pytest.mark.parametrize("text", ["02/03", "2/3/26", "31/02/2026", "13/13/2026", "03/02/2026 x", "hôm nay"])
def test_what_is_not_a_day_is_refused(text: str) -> None:
    with pytest.raises(ValueError):
        parse_day(text)
