"""Tests for working-day due dates and on-time classification.

Expected dates are counted by hand from a printed 2026 calendar and from what the
`holidays` package marks for Vietnam (checked in test_package_marks_these_vietnamese_holidays):
Tết Mon 16 – Fri 20 Feb; Hùng Kings Sun 26 Apr, observed Mon 27 Apr; 30/4 Thu and 1/5 Fri;
National Day Tue 1 and Wed 2 Sep with Mon 31 Aug off, made up by working Sat 22 Aug.
"""

from datetime import UTC
from datetime import date
from datetime import datetime
from datetime import time
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st

from hotline.domain.workdays import CalendarConfigError
from hotline.domain.workdays import Timeliness
from hotline.domain.workdays import WorkCalendar

VN = ZoneInfo("Asia/Ho_Chi_Minh")
CALENDAR = WorkCalendar(office_hours=(time(7, 0), time(17, 0)))


def local(year: int, month: int, day: int, hour: int = 10, minute: int = 0) -> datetime:
    """Return an aware datetime in Vietnam's local time."""
    return datetime(year, month, day, hour, minute, tzinfo=VN)


@pytest.mark.parametrize(
    "day",
    [date(2026, 1, 1), *(date(2026, 2, d) for d in range(16, 21)), date(2026, 4, 27)]
    + [date(2026, 4, 30), date(2026, 5, 1), date(2026, 8, 31), date(2026, 9, 1), date(2026, 9, 2)],
)
def test_package_marks_these_vietnamese_holidays(day: date) -> None:
    assert day.weekday() < 5
    assert not CALENDAR.is_working_day(day)


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2026, 1, 9), True),  # Friday
        (date(2026, 1, 10), False),  # Saturday
        (date(2026, 1, 11), False),  # Sunday
        (date(2026, 1, 12), True),  # Monday
        (date(2026, 8, 22), True),  # Saturday worked to make up for Mon 31 Aug
    ],
)
def test_weekends_are_off_except_announced_make_up_saturdays(day: date, working: bool) -> None:
    assert CALENDAR.is_working_day(day) is working


@pytest.mark.parametrize(
    ("accepted_at", "days", "due"),
    [
        (local(2026, 2, 12), 2, date(2026, 2, 23)),  # Thu: Fri 13, then Tết week and weekends
        (local(2026, 2, 13), 1, date(2026, 2, 23)),  # Fri before Tết: next working day Mon 23
        (local(2026, 2, 13), 3, date(2026, 2, 25)),  # Mon 23, Tue 24, Wed 25
        (local(2026, 2, 18), 1, date(2026, 2, 24)),  # accepted mid-Tết: counts from Mon 23
        (local(2026, 4, 24), 1, date(2026, 4, 28)),  # Fri: weekend, Mon 27 observed Hùng Kings
        (local(2026, 4, 29), 1, date(2026, 5, 4)),  # Wed: 30/4, 1/5, weekend
        (local(2026, 4, 29), 2, date(2026, 5, 5)),
        (local(2026, 8, 28), 1, date(2026, 9, 3)),  # Fri: weekend, 31/8, 1/9, 2/9
        (local(2026, 8, 28), 2, date(2026, 9, 4)),
        (local(2026, 8, 21), 1, date(2026, 8, 22)),  # Fri: the make-up Saturday counts
        (local(2026, 1, 9), 1, date(2026, 1, 12)),  # Fri inside hours: weekend skipped
        (local(2026, 1, 12), 0, date(2026, 1, 12)),  # zero days: due the day accepted
    ],
)
def test_due_date_skips_holidays_and_weekends(accepted_at: datetime, days: int, due: date) -> None:
    assert CALENDAR.due_date(accepted_at, days) == due


@pytest.mark.parametrize(
    ("accepted_at", "due"),
    [
        (local(2026, 1, 9, 16, 59), date(2026, 1, 12)),  # Fri just before closing: accepted Fri
        (local(2026, 1, 9, 17, 0), date(2026, 1, 13)),  # Fri at closing: accepted Mon
        (local(2026, 1, 9, 17, 30), date(2026, 1, 13)),  # Fri 17:30: accepted Mon
        (local(2026, 1, 10, 10, 0), date(2026, 1, 13)),  # Saturday: accepted Mon
        (local(2026, 1, 11, 23, 0), date(2026, 1, 13)),  # Sunday night: accepted Mon
        (local(2026, 1, 12, 6, 30), date(2026, 1, 13)),  # Mon before opening: accepted Mon
        (local(2026, 1, 12, 7, 0), date(2026, 1, 13)),  # Mon at opening
    ],
)
def test_acceptance_outside_office_hours_moves_to_next_working_day(accepted_at: datetime, due: date) -> None:
    assert CALENDAR.due_date(accepted_at, 1) == due


@pytest.mark.parametrize(
    ("accepted_at", "due"),
    [
        (datetime(2026, 1, 9, 9, 30, tzinfo=UTC), date(2026, 1, 12)),  # Fri 16:30 local
        (datetime(2026, 1, 9, 10, 30, tzinfo=UTC), date(2026, 1, 13)),  # Fri 17:30 local
        (datetime(2026, 1, 11, 23, 30, tzinfo=UTC), date(2026, 1, 13)),  # Mon 06:30 local
    ],
)
def test_due_date_reads_acceptance_in_vietnam_local_time(accepted_at: datetime, due: date) -> None:
    assert CALENDAR.due_date(accepted_at, 1) == due


def test_due_date_refuses_a_naive_datetime() -> None:
    with pytest.raises(ValueError, match="no timezone"):
        CALENDAR.due_date(datetime(2026, 1, 9, 10, 0), 1)


def test_add_working_days_refuses_a_negative_count() -> None:
    with pytest.raises(ValueError, match="0 or more"):
        CALENDAR.add_working_days(date(2026, 1, 9), -1)


def test_extra_day_off_from_config_is_skipped() -> None:
    calendar = WorkCalendar.from_config({"extra_days_off": ["2026-01-02"]})
    # Wed 31 Dec: Thu 1 Jan is New Year, Fri 2 Jan the province's day off, then the weekend.
    assert CALENDAR.due_date(local(2025, 12, 31), 1) == date(2026, 1, 2)
    assert calendar.due_date(local(2025, 12, 31), 1) == date(2026, 1, 5)


def test_swapped_working_saturday_from_config_counts() -> None:
    calendar = WorkCalendar.from_config({"extra_working_days": ["2026-01-10"]})
    assert calendar.is_working_day(date(2026, 1, 10))
    assert calendar.due_date(local(2026, 1, 9), 1) == date(2026, 1, 10)
    assert calendar.due_date(local(2026, 1, 10, 9, 0), 1) == date(2026, 1, 12)


def test_province_lists_override_the_package() -> None:
    calendar = WorkCalendar(extra_days_off={date(2026, 8, 22)}, extra_working_days={date(2026, 2, 16)})
    assert not calendar.is_working_day(date(2026, 8, 22))
    assert calendar.is_working_day(date(2026, 2, 16))


@pytest.mark.parametrize(
    ("resolved_at", "expected"),
    [
        (local(2026, 1, 12, 16, 0), Timeliness.EARLY),
        (local(2026, 1, 13, 0, 5), Timeliness.ON_TIME),
        (local(2026, 1, 13, 23, 59), Timeliness.ON_TIME),
        (local(2026, 1, 14, 8, 0), Timeliness.LATE),
        (datetime(2026, 1, 12, 17, 30, tzinfo=UTC), Timeliness.ON_TIME),  # 00:30 on 13th
        (datetime(2026, 1, 13, 18, 0, tzinfo=UTC), Timeliness.LATE),  # 01:00 on 14th
    ],
)
def test_classify_compares_the_local_resolution_date_with_the_due_date(
    resolved_at: datetime, expected: Timeliness
) -> None:
    assert CALENDAR.classify(date(2026, 1, 13), resolved_at) is expected


def test_timeliness_values_are_stable_strings() -> None:
    assert [t.value for t in Timeliness] == ["early", "on_time", "late"]
    assert Timeliness("on_time") == "on_time"


def test_office_is_open_only_inside_hours_on_working_days() -> None:
    assert CALENDAR.is_office_open(local(2026, 1, 9, 7, 0))
    assert not CALENDAR.is_office_open(local(2026, 1, 9, 17, 0))
    assert not CALENDAR.is_office_open(local(2026, 1, 10, 10, 0))
    assert not CALENDAR.is_office_open(local(2026, 2, 17, 10, 0))


def test_from_config_reads_the_documented_shape() -> None:
    calendar = WorkCalendar.from_config(
        {
            "extra_days_off": ["2026-01-02"],
            "extra_working_days": ["2026-01-10", date(2026, 1, 17)],
            "checked_years": [2027],
            "office_hours": {"open": "07:30", "close": "16:30"},
        }
    )
    assert [calendar.is_announced(year) for year in (2025, 2026, 2027)] == [False, True, True]
    assert calendar.extra_days_off == {date(2026, 1, 2)}
    assert calendar.extra_working_days == {date(2026, 1, 10), date(2026, 1, 17)}
    assert calendar.office_hours == (time(7, 30), time(16, 30))


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"extra_days_off": ["2026-13-01"]}, "not an ISO date"),
        ({"extra_days_off": "2026-01-02"}, "must be a list"),
        ({"extra_working_days": [20260110]}, "not an ISO date"),
        ({"extra_day_off": ["2026-01-02"]}, "unknown calendar keys"),
        ({"office_hours": {"open": "17:00", "close": "07:00"}}, "open before they close"),
        ({"office_hours": {"open": "07:00"}}, "'open' and 'close'"),
        ({"office_hours": {"open": 420, "close": "17:00"}}, "must be a string"),
        ({"office_hours": {"open": "7h", "close": "17:00"}}, "expected 'HH:MM'"),
        ({"office_hours": {"open": "07:00+07:00", "close": "17:00"}}, "without a UTC offset"),
        ({"extra_days_off": ["2026-01-02"], "extra_working_days": ["2026-01-02"]}, "both"),
        (["2026-01-02"], "must be a mapping"),
        ({"checked_years": 2027}, "list of years"),
        ({"checked_years": ["2027"]}, "list of years"),
    ],
)
def test_from_config_refuses_bad_input_and_says_why(data: object, message: str) -> None:
    with pytest.raises(CalendarConfigError, match=message):
        WorkCalendar.from_config(data)  # type: ignore[arg-type]


@settings(deadline=None)
@given(start=st.dates(date(2024, 1, 1), date(2027, 12, 31)), days=st.integers(1, 40))
def test_adding_n_working_days_passes_exactly_n_working_days(start: date, days: int) -> None:
    end = CALENDAR.add_working_days(start, days)
    span = (start + timedelta(days=offset) for offset in range(1, (end - start).days + 1))
    assert CALENDAR.is_working_day(end)
    assert sum(CALENDAR.is_working_day(day) for day in span) == days
