"""The dossier page shows what became of each text to the owner, and a move made while Redis is down
still texts the owner once Redis is back."""

from __future__ import annotations

import re
from collections.abc import Callable
from collections.abc import Iterator
from html import unescape
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from redis import Redis
from sqlalchemy import select

from hotline.infra.embedded_redis import EmbeddedRedis
from hotline.models import DossierState
from hotline.models import MessageState
from hotline.models import OutgoingMessage
from hotline.models import Role
from hotline.services.catalogue import work_calendar
from hotline.services.sms import SmsFailedError
from hotline.services.sms import queue_sms
from hotline.services.sms import send_sms
from hotline.services.sms_retry import PERMANENT_REFUSALS
from hotline.services.workflow import move
from hotline.web.english import ENGLISH
from hotline.web.labels import SMS_FAILURES_VI
from hotline.worker import HotlineWorker
from tests.console.conftest import post_form
from tests.factories import make_dossier
from tests.factories import make_owner
from tests.tools import open_session
from tests.tools import use_redis
from tests.twilio_api import NOT_MOBILE
from tests.twilio_api import SERVER_ERROR
from tests.twilio_api import TwilioStandIn


def row_text(html: str, message_id: int) -> str:
    row = re.search(rf'<tr id="message-{message_id}">(.*?)</tr>', html, re.S)
    assert row is not None, f"no row for message {message_id}"
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", row.group(1))).split())


@pytest.fixture
def texted_dossier(app: Flask, twilio_api: TwilioStandIn) -> tuple[str, dict[str, int]]:
    """A dossier with three texts through the real sending: one sent, one waiting to retry, one refused."""
    with open_session(app) as session:
        dossier = make_dossier(session, make_owner(session))
        ids = {outcome: queue_sms(session, "+84912345678", f"Tin {outcome}", "test", dossier_id=dossier.id).id
               for outcome in ("sent", "retrying", "failed")}
        session.commit()
        code = dossier.code
    twilio_api.answer_next(SERVER_ERROR, NOT_MOBILE)
    with app.app_context():
        send_sms(ids["retrying"])
        with pytest.raises(SmsFailedError):
            send_sms(ids["failed"])
        send_sms(ids["sent"])
    return code, ids


def test_the_dossier_page_shows_each_text_sent_waiting_to_retry_or_failed_with_its_reason(
        texted_dossier: tuple[str, dict[str, int]], signed_in: Callable[[Role], FlaskClient]) -> None:
    code, ids = texted_dossier
    html = signed_in(Role.OPERATOR).get(f"/dossiers/{code}").get_data(as_text=True)
    sent, retrying, failed = (row_text(html, ids[k]) for k in ("sent", "retrying", "failed"))
    assert "Đã gửi" in sent and "lần thử thứ 1" in sent
    assert re.search(r"Chờ gửi lại .*Lần thử thứ 1 không thành công; thử lại lúc \d\d/\d\d/\d{4} \d\d:\d\d", retrying)
    assert "Lỗi lần trước: Twilio 500" in retrying
    assert "Không gửi được" in failed and "Lý do: Không phải số di động" in failed
    assert "not a valid mobile number" in failed  # Twilio's own words, for whoever calls the owner


def test_the_same_page_in_english(app: Flask, texted_dossier: tuple[str, dict[str, int]],
                                  signed_in: Callable[[Role], FlaskClient]) -> None:
    code, ids = texted_dossier
    client = signed_in(Role.OPERATOR)
    with client.session_transaction() as cookie:
        cookie["lang"] = "en"
    app.extensions.pop("i18n_misses", None)
    html = client.get(f"/dossiers/{code}").get_data(as_text=True)
    assert "Sent at" in row_text(html, ids["sent"])
    assert "Waiting to retry Attempt 1 failed; next try at" in row_text(html, ids["retrying"])
    assert "Could not be sent Reason: Not a mobile number" in row_text(html, ids["failed"])
    assert app.extensions.get("i18n_misses", set()) == set()


def test_every_final_refusal_has_a_reason_in_both_languages() -> None:
    assert set(SMS_FAILURES_VI) == set(PERMANENT_REFUSALS)
    assert [text for text in SMS_FAILURES_VI.values() if text not in ENGLISH] == []


@pytest.fixture
def own_redis(app: Flask, tmp_path: Path) -> Iterator[EmbeddedRedis]:
    """A Redis of this test's own, so it can be stopped; the app queues into it."""
    server = EmbeddedRedis(tmp_path / "redis", persist=False).start()
    use_redis(app, server.url)
    yield server
    use_redis(app, None)
    server.stop()


def test_a_move_while_redis_is_down_is_made_and_its_text_sent_once_redis_is_back(
        app: Flask, own_redis: EmbeddedRedis, twilio_api: TwilioStandIn,
        signed_in: Callable[[Role], FlaskClient]) -> None:
    with open_session(app) as session:
        dossier = make_dossier(session, make_owner(session))
        move(session, dossier, DossierState.IN_PROGRESS, actor="test", calendar=work_calendar())
        session.commit()
        code = dossier.code
    client = signed_in(Role.OPERATOR)
    own_redis.stop()

    response = post_form(client, f"/dossiers/{code}/move", {"to": "result_ready"}, page=f"/dossiers/{code}")
    assert response.status_code == 303
    with open_session(app) as session:
        [text] = session.scalars(select(OutgoingMessage).where(OutgoingMessage.purpose == "status:result_ready"))
    assert text.state is MessageState.QUEUED

    own_redis.start()
    conn = Redis.from_url(own_redis.url)
    assert conn.dbsize() == 0  # the job never reached Redis
    with app.app_context():
        HotlineWorker(["notification"], connection=conn, app=app).work(burst=True)
    conn.close()
    # Both texts went out once: this one, and the in-progress notice whose job the restart lost.
    with open_session(app) as session:
        texts = list(session.scalars(select(OutgoingMessage)))
    assert {t.purpose for t in texts} == {"status:in_progress", "status:result_ready"}
    assert {t.state for t in texts} == {MessageState.SENT}
    assert sorted(r["Body"] for r in twilio_api.requests) == sorted(t.body for t in texts)
