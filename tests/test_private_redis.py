"""Commands find the private Redis of `hotline run` when REDIS_URL is unset, and queue where its worker reads."""

from __future__ import annotations

from pathlib import Path

from flask import Flask
from flask.testing import FlaskCliRunner
from redis import Redis
from rq import Queue
from sqlalchemy.orm import Session

from hotline.infra import queue
from hotline.infra.embedded_redis import EmbeddedRedis
from hotline.services.sms import send_sms
from tests.dispatch.dispatch_helpers import DAY
from tests.dispatch.dispatch_helpers import couriers
from tests.dispatch.dispatch_helpers import ready_dossier


def without_redis_url(app: Flask) -> None:
    """The app as a command makes it from an environment without REDIS_URL."""
    app.config["REDIS_URL"] = None
    queue.init_app(app)


def test_manifest_build_without_redis_url_queues_its_sms_into_the_private_redis(
        app: Flask, session: Session, runner: FlaskCliRunner, tmp_path: Path) -> None:
    couriers(session, app)
    ready_dossier(session)
    session.commit()
    with EmbeddedRedis(Path(app.config["INSTANCE_PATH"]) / "redis", persist=False) as private:
        without_redis_url(app)
        result = runner.invoke(args=["manifest", "build", "--date", DAY.isoformat(), "--courier", "courier",
                                     "--out", str(tmp_path / "out")])
        assert result.exit_code == 0, result.output
        assert app.config["REDIS_URL"] == private.url
        [job] = Queue("notification", connection=Redis.from_url(private.url)).get_jobs()
    assert job.func == send_sms


def test_without_redis_url_and_without_a_private_redis_there_is_no_queue(app: Flask) -> None:
    without_redis_url(app)
    assert app.config["REDIS_URL"] is None
    assert app.extensions["redis"] is None


def test_a_private_redis_that_is_gone_is_not_used(app: Flask) -> None:
    server = EmbeddedRedis(Path(app.config["INSTANCE_PATH"]) / "redis", persist=False).start()
    server.process.kill()  # type: ignore[union-attr]
    server.process.wait()  # type: ignore[union-attr]
    assert server.url_file.exists()  # what a crashed `hotline run` leaves behind
    without_redis_url(app)
    assert app.extensions["redis"] is None
