"""Logs for journald: one line per event, each with its request's (or job's) id, and no personal data."""

from __future__ import annotations

import logging
import re

import pytest
from flask import Flask
from flask.testing import FlaskClient
from redis import Redis
from rq import Queue
from sqlalchemy.exc import IntegrityError

from hotline.infra.logs import HEADER
from hotline.infra.logs import configure
from hotline.infra.logs import tagged
from hotline.infra.settings import SettingsError
from hotline.models import MessageState
from hotline.models import Vessel
from hotline.worker import HotlineWorker
from tests.ivr.test_notify_sms import message
from tests.ivr.test_notify_sms import queued
from tests.ivr.test_notify_sms import send_in_app
from tests.tools import open_session

NGINX_ID = "5f2b9c0e8a7d4e1f9b3c6a2d8e0f1a4b"
REFUSED = "refused an unsigned or forged webhook to /ivr/voice"


def lines_with(text: str, output: str) -> list[str]:
    return [line for line in output.splitlines() if text in line]


def test_a_requests_lines_carry_the_id_nginx_gave_it_and_the_response_returns_it(
        client: FlaskClient, capsys: pytest.CaptureFixture[str]) -> None:
    response = client.post("/ivr/voice", data={"From": "+84912345678"}, headers={HEADER: NGINX_ID})
    assert response.status_code == 403
    assert response.headers[HEADER] == NGINX_ID
    assert lines_with(REFUSED, capsys.readouterr().err) == [
        f"WARNING hotline.web.twilio_signature [{NGINX_ID}] {REFUSED}"]


def test_without_a_well_formed_id_each_request_gets_a_new_one(client: FlaskClient,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    forged = "0912345678] INFO hotline [x] forged line"
    first = client.post("/ivr/voice", headers={HEADER: forged}).headers[HEADER]
    second = client.post("/ivr/voice").headers[HEADER]
    assert re.fullmatch(r"[0-9a-f]{32}", first) and re.fullmatch(r"[0-9a-f]{32}", second)
    assert first != second
    err = capsys.readouterr().err
    assert [line.split("[")[1].split("]")[0] for line in lines_with(REFUSED, err)] == [first, second]
    assert "0912345678" not in err and "forged line" not in err


def test_a_line_outside_any_request_says_so(app: Flask, client: FlaskClient,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    client.post("/ivr/voice", headers={HEADER: NGINX_ID})
    logging.getLogger("hotline.test").warning("after the request")
    assert lines_with("after the request", capsys.readouterr().err) == ["WARNING hotline.test [-] after the request"]


def test_a_traceback_stays_on_its_events_line(app: Flask, capsys: pytest.CaptureFixture[str]) -> None:
    with tagged("job-1"):
        try:
            raise ValueError("broken\nacross lines")
        except ValueError:
            logging.getLogger("hotline.test").exception("the step failed")
    err = capsys.readouterr().err
    [line] = lines_with("the step failed", err)
    assert line.startswith("ERROR hotline.test [job-1] the step failed\\nTraceback")
    assert "ValueError: broken\\nacross lines" in line
    assert "across lines" not in err.replace(line, "")


def test_a_wrong_log_level_stops_the_app_with_a_clear_message() -> None:
    with pytest.raises(SettingsError, match="LOG_LEVEL must be one of .* not 'LOUD'"):
        configure("LOUD")


def log_from_job() -> None:
    logging.getLogger("hotline.test").info("the job ran")


def test_a_jobs_lines_carry_the_jobs_id(app: Flask, redis_conn: Redis, capfd: pytest.CaptureFixture[str]) -> None:
    job = Queue("default", connection=redis_conn).enqueue(log_from_job)
    with app.app_context():
        HotlineWorker(["default"], connection=redis_conn, app=app).work(burst=True)
    assert lines_with("the job ran", capfd.readouterr().err) == [f"INFO hotline.test [{job.id}] the job ran"]


@pytest.mark.usefixtures("twilio_api")
def test_an_sms_sent_through_twilio_leaves_none_of_its_clients_lines(app: Flask,
                                                                     capsys: pytest.CaptureFixture[str]) -> None:
    sent = queued(app, "+84912345678", "Mã hồ sơ 1234")
    send_in_app(app, sent)
    assert message(app, sent).state is MessageState.SENT
    err = capsys.readouterr().err
    assert "Twilio API Request" not in err and "twilio.http_client" not in err


def test_a_database_error_does_not_repeat_the_values_it_was_given(app: Flask) -> None:
    with open_session(app) as session:
        session.add(Vessel(owner_id=999_999, registration_number="QNg-24680-TS", name="Tàu của ông Tư"))
        with pytest.raises(IntegrityError) as failed:
            session.flush()
    assert "QNg-24680-TS" not in str(failed.value)
    assert "Tàu của ông Tư" not in str(failed.value)
