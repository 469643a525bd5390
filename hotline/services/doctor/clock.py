"""The clock rule: the host's time zone is the centre's, and its time agrees with the servers it talks to."""

from __future__ import annotations

from datetime import UTC
from datetime import datetime
from datetime import timedelta
from pathlib import Path

from flask import Flask
from redis import Redis
from redis.exceptions import RedisError
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from hotline.domain.workdays import LOCAL_TZ
from hotline.infra.db import READ_ONLY
from hotline.services.doctor.finding import Finding

# Hosts kept by NTP agree within milliseconds; seconds apart means one of them is not kept.
SKEW_LIMIT = timedelta(seconds=5)
# Written when the software was installed, so a clock earlier than it is certainly wrong.
INSTALLED_FILE = Path(__file__)


def now_utc() -> datetime:
    return datetime.now(UTC)


def format_offset(offset: timedelta | None) -> str:
    minutes = int((offset or timedelta()).total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def server_times(app: Flask) -> dict[str, datetime]:
    """The time of the database server (PostgreSQL: SQLite reads this host's clock) and of Redis, by the
    problem a skew from each would be.

    A server that does not answer is left out: its own rule says so.
    """
    times: dict[str, datetime] = {}
    engine = app.extensions["db"].engine
    if engine.dialect.name != "sqlite":
        try:
            with engine.execution_options(**{READ_ONLY: True}).connect() as conn:
                times["clock.skew_database"] = conn.execute(text("SELECT statement_timestamp()")).scalar_one()
        except SQLAlchemyError:
            pass
    redis: Redis | None = app.extensions.get("redis")
    if redis is not None:
        try:
            seconds, micros = redis.time()
            times["clock.skew_redis"] = datetime.fromtimestamp(seconds + micros / 1e6, UTC)
        except RedisError:
            pass
    return times


def check_clock(app: Flask) -> Finding:
    found = Finding("clock")
    now = now_utc()
    host = now.astimezone()  # the host's own zone: TZ, else /etc/localtime
    centre = now.astimezone(LOCAL_TZ)
    if host.utcoffset() != centre.utcoffset():
        found.problem("clock.zone", zone=host.tzname(), offset=format_offset(host.utcoffset()),
                      centre=LOCAL_TZ.key, centre_offset=format_offset(centre.utcoffset()))
    installed = datetime.fromtimestamp(INSTALLED_FILE.stat().st_mtime, UTC)
    if now < installed - SKEW_LIMIT:
        found.problem("clock.before_install", now=f"{centre:%Y-%m-%d %H:%M}",
                      installed=f"{installed.astimezone(LOCAL_TZ):%Y-%m-%d %H:%M}")
    for skew_problem, moment in server_times(app).items():
        skew = abs((now_utc() - moment).total_seconds())
        if skew > SKEW_LIMIT.total_seconds():
            found.problem(skew_problem, seconds=round(skew))
    found.note("clock.ok", now=f"{centre:%Y-%m-%d %H:%M:%S}", zone=LOCAL_TZ.key)
    return found
