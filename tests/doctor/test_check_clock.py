"""`hotline check` on the clock: the host's time zone is the centre's, and its time is right."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC
from datetime import datetime
from datetime import timedelta

import pytest

from hotline.services.doctor import clock
from tests.doctor.conftest import Installation


def test_a_host_in_another_time_zone(ready: Installation, host_zone: Callable[[str], None]) -> None:
    assert ready.check("--only", "clock").exit_code == 0
    host_zone("UTC")
    result = ready.check("--only", "clock")
    assert result.exit_code == 1
    assert ready.problems(result) == [
        "✗ Clock and time zone: The host's time zone is UTC (UTC+00:00), not the centre's Asia/Ho_Chi_Minh "
        "(UTC+07:00): set the host to Asia/Ho_Chi_Minh so that logs and schedules agree with the due dates"]


def test_a_host_in_a_zone_with_the_same_offset_is_fine(ready: Installation,
                                                       host_zone: Callable[[str], None]) -> None:
    host_zone("Asia/Bangkok")  # UTC+07:00 all year, like Hanoi
    assert ready.check("--only", "clock").exit_code == 0


def test_a_clock_away_from_the_servers(ready: Installation, monkeypatch: pytest.MonkeyPatch) -> None:
    # The host's clock is the edge of the world here: the test moves this process's reading of it.
    monkeypatch.setattr(clock, "now_utc", lambda: datetime.now(UTC) + timedelta(minutes=2))
    result = ready.check("--only", "clock")
    assert result.exit_code == 1
    redis_line = ("✗ Clock and time zone: This host's clock is 120 s away from the Redis server's: turn on time "
                  "synchronisation (NTP) on both")
    database_line = ("✗ Clock and time zone: This host's clock is 120 s away from the database server's: turn on "
                     "time synchronisation (NTP) on both")
    # SQLite reads this host's own clock, so only a database server is compared.
    on_server = ready.app.extensions["db"].engine.dialect.name != "sqlite"
    expected = [database_line, redis_line] if on_server else [redis_line]
    assert ready.problems(result) == expected


def test_a_clock_earlier_than_the_installation(ready: Installation, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(clock, "now_utc", lambda: datetime(2001, 1, 1, tzinfo=UTC))
    result = ready.check("--only", "clock")
    assert result.exit_code == 1
    assert ready.problems(result)[0].startswith(
        "✗ Clock and time zone: The host's clock says 2001-01-01 07:00, earlier than this software was installed (")
