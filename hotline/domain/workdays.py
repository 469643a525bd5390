"""Count working days for dossier deadlines and judge results early, on time or late."""

from __future__ import annotations

from collections.abc import Iterable
from collections.abc import Mapping
from datetime import date
from datetime import datetime
from datetime import time
from datetime import timedelta
from enum import StrEnum
from typing import Any
from typing import NamedTuple
from zoneinfo import ZoneInfo

import holidays

LOCAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
DEFAULT_OFFICE_HOURS = (time(7, 0), time(17, 0))
_CONFIG_KEYS = frozenset({"extra_days_off", "extra_working_days", "checked_years", "office_hours"})


class CalendarConfigError(ValueError):
    """A calendar configuration that cannot be used."""


class Timeliness(StrEnum):
    """When a result came relative to its due date."""

    EARLY = "early"
    ON_TIME = "on_time"
    LATE = "late"


class WorkCalendar:
    """Vietnam's working days, with the province's swaps and extra days off.

    A working day is Monday to Friday, less the public holidays of the `holidays` package,
    plus the weekend days it lists as make-up working days. The province's own lists win
    over both: `extra_days_off` are never working days, `extra_working_days` always are.
    """

    def __init__(
        self,
        extra_days_off: Iterable[date] = (),
        extra_working_days: Iterable[date] = (),
        office_hours: tuple[time, time] = DEFAULT_OFFICE_HOURS,
        checked_years: Iterable[int] = (),
    ) -> None:
        """Build a calendar; refuse overlapping day lists and empty office hours.

        `checked_years` are the years whose announcements the centre has entered in full, even when the
        province announced no day beyond the national holidays (`hotline check` asks for this year and next).
        """
        self.checked_years = frozenset(checked_years)
        self.extra_days_off = frozenset(extra_days_off)
        self.extra_working_days = frozenset(extra_working_days)
        clash = self.extra_days_off & self.extra_working_days
        if clash:
            days = ", ".join(sorted(d.isoformat() for d in clash))
            raise CalendarConfigError(f"days listed both as days off and as working days: {days}")
        opens, closes = office_hours
        if not opens < closes:
            raise CalendarConfigError(f"office hours must open before they close; got {opens}-{closes}")
        self.office_hours = (opens, closes)
        self._holidays_by_year: dict[int, _YearOff] = {}

    @classmethod
    def from_config(cls, data: Mapping[str, Any]) -> WorkCalendar:
        """Build a calendar from a config mapping of ISO dates and "HH:MM" office hours."""
        if not isinstance(data, Mapping):
            raise CalendarConfigError(f"calendar config must be a mapping; got {type(data).__name__}")
        unknown = set(data) - _CONFIG_KEYS
        if unknown:
            raise CalendarConfigError(
                f"unknown calendar keys {sorted(unknown)}; expected only {sorted(_CONFIG_KEYS)}"
            )
        hours = data.get("office_hours", {"open": "07:00", "close": "17:00"})
        if not isinstance(hours, Mapping) or set(hours) != {"open", "close"}:
            raise CalendarConfigError(
                f"office_hours must be a mapping with 'open' and 'close', e.g. "
                f'{{"open": "07:00", "close": "17:00"}}; got {hours!r}'
            )
        return cls(
            extra_days_off=_parse_dates(data.get("extra_days_off", []), "extra_days_off"),
            extra_working_days=_parse_dates(data.get("extra_working_days", []), "extra_working_days"),
            office_hours=(_parse_time(hours["open"], "open"), _parse_time(hours["close"], "close")),
            checked_years=_parse_years(data.get("checked_years", [])),
        )

    def is_announced(self, year: int) -> bool:
        """Whether the province's days of `year` are entered: the year is checked, or it lists some day."""
        return year in self.checked_years or any(
            day.year == year for day in self.extra_days_off | self.extra_working_days)

    def is_working_day(self, d: date) -> bool:
        """Tell whether the centre works on day `d`."""
        if d in self.extra_days_off:
            return False
        if d in self.extra_working_days:
            return True
        public = self._public_holidays(d.year)
        if d in public.holidays:
            return False
        return d.weekday() < 5 or d in public.weekend_workdays

    def is_office_open(self, at: datetime) -> bool:
        """Tell whether the office is open at the aware moment `at` (local time)."""
        local = _to_local(at)
        opens, closes = self.office_hours
        return self.is_working_day(local.date()) and opens <= local.time() < closes

    def add_working_days(self, start: date, n: int) -> date:
        """Return the `n`-th working day after `start` (`start` itself not counted)."""
        if n < 0:
            raise ValueError(f"number of working days must be 0 or more; got {n}")
        day = start
        while n > 0:
            day += timedelta(days=1)
            if self.is_working_day(day):
                n -= 1
        return day

    def due_date(self, accepted_at: datetime, n: int) -> date:
        """Return the due date of a dossier accepted at `accepted_at` with `n` working days.

        `accepted_at` must be timezone-aware; it is read in Vietnam's local time.
        Accepted on a working day inside office hours (open <= time < close): the due date
        is that day plus `n` working days. Accepted before opening on a working day: it
        counts as accepted at that day's opening, so the same rule applies. Accepted at or
        after closing, or on a day that is not a working day: it counts as accepted on the
        next working day, and the due date is that day plus `n` working days.
        """
        local = _to_local(accepted_at)
        accepted_day = local.date()
        if not self.is_working_day(accepted_day) or local.time() >= self.office_hours[1]:
            accepted_day = self.add_working_days(accepted_day, 1)
        return self.add_working_days(accepted_day, n)

    def classify(self, due: date, resolved_at: datetime) -> Timeliness:
        """Judge a result by its local date: before `due` early, on it on time, after it late."""
        resolved_day = _to_local(resolved_at).date()
        if resolved_day < due:
            return Timeliness.EARLY
        if resolved_day == due:
            return Timeliness.ON_TIME
        return Timeliness.LATE

    def _public_holidays(self, year: int) -> _YearOff:
        """Return Vietnam's public holidays for `year`, loading each year once.

        Kept as plain sets: the library's own lookup converts its key on every test, and a due date
        tests a dozen days.
        """
        if year not in self._holidays_by_year:
            public = holidays.country_holidays("VN", years=year)
            self._holidays_by_year[year] = _YearOff(frozenset(public.keys()), frozenset(public.weekend_workdays))
        return self._holidays_by_year[year]


class _YearOff(NamedTuple):
    """One year of Vietnam's public holidays, and the Saturdays and Sundays worked to make up for them."""

    holidays: frozenset[date]
    weekend_workdays: frozenset[date]


def _to_local(moment: datetime) -> datetime:
    """Convert an aware datetime to Vietnam's local time; refuse naive ones."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"datetime {moment.isoformat()} has no timezone; expected an aware datetime")
    return moment.astimezone(LOCAL_TZ)


def _parse_dates(values: object, key: str) -> set[date]:
    """Read a list of ISO date strings from the config entry `key`."""
    if isinstance(values, str | bytes) or not isinstance(values, Iterable):
        raise CalendarConfigError(f"{key} must be a list of ISO dates like '2026-01-02'; got {values!r}")
    days: set[date] = set()
    for value in values:
        if isinstance(value, date) and not isinstance(value, datetime):
            days.add(value)  # YAML loaders already turn unquoted ISO dates into dates
            continue
        try:
            days.add(date.fromisoformat(value))
        except (TypeError, ValueError) as exc:
            raise CalendarConfigError(
                f"{key} has {value!r}, which is not an ISO date like '2026-01-02'"
            ) from exc
    return days


def _parse_years(values: object) -> set[int]:
    """Read checked_years, a list of years such as [2026, 2027]."""
    if not isinstance(values, list) or not all(type(year) is int and 2000 <= year <= 2100 for year in values):
        raise CalendarConfigError(f"checked_years must be a list of years like [2026, 2027]; got {values!r}")
    return set(values)


def _parse_time(value: object, key: str) -> time:
    """Read an "HH:MM" office-hours time from the config entry `key`."""
    if not isinstance(value, str):
        raise CalendarConfigError(f"office_hours.{key} must be a string 'HH:MM'; got {value!r}")
    try:
        parsed = time.fromisoformat(value)
    except ValueError as exc:
        raise CalendarConfigError(f"office_hours.{key} is {value!r}; expected 'HH:MM' like '07:00'") from exc
    if parsed.tzinfo is not None:
        raise CalendarConfigError(f"office_hours.{key} is {value!r}; give local time without a UTC offset")
    return parsed
