"""`hotline check` on the data callers depend on: the catalogue behind the keypad, the calendar of days off."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy import update

from hotline.models import Procedure
from tests.doctor.conftest import Installation
from tests.doctor.conftest import this_year
from tests.doctor.conftest import write_calendar
from tests.tools import open_session


def set_keys(ready: Installation, keys: dict[str, int]) -> None:
    with open_session(ready.app) as session:
        for code, key in keys.items():
            session.execute(update(Procedure).where(Procedure.code == code).values(keypad_key=key))
        session.commit()


def test_empty_catalogue(ready: Installation) -> None:
    assert ready.check("--only", "catalogue").exit_code == 0
    with open_session(ready.app) as session:
        session.execute(update(Procedure).values(active=False))
        session.commit()
    result = ready.check("--only", "catalogue")
    assert result.exit_code == 1
    assert ready.problems(result) == ["✗ Procedure catalogue: The procedure catalogue is empty: callers can choose "
                                      "no procedure. Run `hotline catalogue sync`"]


def test_two_procedures_on_one_key_or_a_key_off_the_keypad(ready: Installation) -> None:
    with open_session(ready.app) as session:
        first, second, third = session.scalars(select(Procedure.code).order_by(Procedure.keypad_key).limit(3))
    set_keys(ready, {second: 1, third: 10})
    result = ready.check("--only", "catalogue")
    assert result.exit_code == 1
    assert ready.problems(result) == [
        f"✗ Procedure catalogue: Key 1 leads to several procedures ({first}, {second}): each key must lead to one",
        f"✗ Procedure catalogue: Procedure {third} is on key 10, but keys run from 1 to 9",
    ]


def test_an_inactive_procedure_may_keep_its_old_key(ready: Installation) -> None:
    with open_session(ready.app) as session:
        retired = session.scalars(select(Procedure.code).where(Procedure.keypad_key == 2)).one()
        session.execute(update(Procedure).where(Procedure.code == retired).values(active=False, keypad_key=1))
        session.commit()
    assert ready.check("--only", "catalogue").exit_code == 0


def test_calendar_without_next_year(ready: Installation) -> None:
    assert ready.check("--only", "calendar").exit_code == 0
    write_calendar(ready.config_dir, [this_year()])
    result = ready.check("--only", "calendar")
    assert result.exit_code == 1
    next_year = this_year() + 1
    assert ready.problems(result) == [
        f"✗ Calendar of days off: {ready.config_dir / 'calendar.toml'} lists no day off or swapped working day in "
        f"{next_year}: add the days announced for {next_year} (the Lunar New Year schedule, the province's own "
        f"days off), or put {next_year} in checked_years if there are none beyond the national holidays"]


def test_a_year_with_nothing_announced_is_known_once_listed_as_checked(ready: Installation) -> None:
    write_calendar(ready.config_dir, [this_year()], checked=(this_year() + 1,))
    assert ready.check("--only", "calendar").exit_code == 0


def test_calendar_that_cannot_be_read(ready: Installation) -> None:
    (ready.config_dir / "calendar.toml").write_text('extra_days_off = ["2026-02-30"]\n', encoding="utf-8")
    result = ready.check("--only", "calendar")
    assert result.exit_code == 1
    assert ready.problems(result) == [
        f"✗ Calendar of days off: {ready.config_dir / 'calendar.toml'} cannot be read: extra_days_off has "
        "'2026-02-30', which is not an ISO date like '2026-01-02'"]
