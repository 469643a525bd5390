"""The feedback page (assign, answer, close, with who and when) and the admin system page on a real Redis."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from flask import Flask
from flask.testing import FlaskClient
from redis import Redis
from rq import Queue
from rq.worker import Worker
from sqlalchemy import select

from hotline.models import AuditEntry
from hotline.models import Feedback
from hotline.models import FeedbackState
from hotline.models import Recording
from hotline.models import RecordingPurpose
from hotline.models import Role
from hotline.models import User
from tests.console.conftest import csrf_token
from tests.tools import open_session


def _feedback_with_recording(app: Flask) -> int:
    with open_session(app) as session:
        item = Feedback(phone="+84905333444", text=None)
        session.add(item)
        session.flush()
        session.add(Recording(recording_sid="RE-fb-1", purpose=RecordingPurpose.FEEDBACK, url="http://127.0.0.1:9/f",
                              feedback_id=item.id, transcript_original="bưu tá giao chậm ba ngày",
                              transcript="bưu tá giao chậm ba ngày"))
        session.commit()
        return item.id


def _user_id(app: Flask, username: str) -> int:
    with open_session(app) as session:
        return session.scalars(select(User.id).where(User.username == username)).one()


def test_an_operator_reads_the_transcript_assigns_answers_and_closes(
        app: Flask, signed_in: Callable[[Role], FlaskClient], accounts: dict[Role, str]) -> None:
    feedback_id = _feedback_with_recording(app)
    operator = signed_in(Role.OPERATOR)
    page = operator.get(f"/feedback/{feedback_id}").get_data(as_text=True)
    assert "bưu tá giao chậm ba ngày" in page
    assert "/recordings/" in page and "Bản ghi âm chưa được lưu về trung tâm" in page
    token = csrf_token(operator, f"/feedback/{feedback_id}")
    supervisor_id = _user_id(app, accounts[Role.SUPERVISOR])

    assigned = operator.post(f"/feedback/{feedback_id}/assign", data={"user_id": supervisor_id, "csrf_token": token})
    assert assigned.status_code == 303
    empty = operator.post(f"/feedback/{feedback_id}/answer", data={"answer": "  ", "csrf_token": token},
                          follow_redirects=True)
    assert "Hãy ghi nội dung trả lời." in empty.get_data(as_text=True)
    with open_session(app) as session:
        item = session.get_one(Feedback, feedback_id)
        assert (item.state, item.assigned_to, item.answer) == (FeedbackState.ASSIGNED, supervisor_id, None)

    answer = "Đã nhắc bưu cục, lần sau giao trong ngày."
    answered = operator.post(f"/feedback/{feedback_id}/answer", data={"answer": answer, "csrf_token": token},
                             follow_redirects=True)
    shown = answered.get_data(as_text=True)
    assert answer in shown
    assert re.search(r'id="answered">Trả lời bởi Test operator lúc \d\d/\d\d/\d{4} \d\d:\d\d<', shown)
    operator_id = _user_id(app, accounts[Role.OPERATOR])
    with open_session(app) as session:
        item = session.get_one(Feedback, feedback_id)
        assert (item.state, item.answer, item.answered_by) == (FeedbackState.ANSWERED, answer, operator_id)
        assert item.answered_at is not None

    assert operator.post(f"/feedback/{feedback_id}/close", data={"csrf_token": token}).status_code == 303
    late = operator.post(f"/feedback/{feedback_id}/answer", data={"answer": "thêm", "csrf_token": token},
                         follow_redirects=True)
    assert "Phản ánh đã đóng." in late.get_data(as_text=True)
    with open_session(app) as session:
        item = session.get_one(Feedback, feedback_id)
        assert (item.state, item.answer) == (FeedbackState.CLOSED, answer)
        trail = session.scalars(select(AuditEntry.action).where(AuditEntry.object_type == "feedback")
                                .order_by(AuditEntry.id)).all()
        assert trail == ["feedback_assign", "feedback_answer", "feedback_close"]


@pytest.mark.parametrize("action", ["assign", "answer", "close"])
@pytest.mark.parametrize("token", [None, "forged"])
def test_feedback_forms_refuse_a_missing_or_wrong_csrf_token(
        app: Flask, signed_in: Callable[[Role], FlaskClient], accounts: dict[Role, str],
        action: str, token: str | None) -> None:
    feedback_id = _feedback_with_recording(app)
    operator = signed_in(Role.OPERATOR)
    data = {"user_id": str(_user_id(app, accounts[Role.OPERATOR])), "answer": "Đã xử lý."}
    if token is not None:
        data["csrf_token"] = token
    assert operator.post(f"/feedback/{feedback_id}/{action}", data=data).status_code == 400
    with open_session(app) as session:
        assert session.get_one(Feedback, feedback_id).state is FeedbackState.OPEN


def test_the_system_page_shows_queues_and_a_registered_worker(
        signed_in: Callable[[Role], FlaskClient], redis_conn: Redis) -> None:
    Queue("transcription", connection=redis_conn).enqueue(len, "abc")
    Queue("transcription", connection=redis_conn).enqueue(len, "abc")
    worker = Worker(["transcription", "notification"], connection=redis_conn, name="tau-ca-worker-1")
    admin = signed_in(Role.ADMIN)
    before = admin.get("/admin/system").get_data(as_text=True)
    assert "Không có tiến trình nào đang chạy." in before
    worker.register_birth()
    try:
        page = admin.get("/admin/system")
        html = page.get_data(as_text=True)
    finally:
        worker.register_death()
    assert page.status_code == 200
    assert re.search(r"<td>transcription</td><td>2</td>", html)
    assert re.search(r"<td>notification</td><td>0</td>", html)
    assert "Tiến trình xử lý (1)" in html
    assert "tau-ca-worker-1 · " in html and "transcription, notification" in html


def test_the_system_page_says_when_redis_is_down(app: Flask, signed_in: Callable[[Role], FlaskClient]) -> None:
    admin = signed_in(Role.ADMIN)
    app.extensions["redis"] = Redis(host="127.0.0.1", port=1, socket_connect_timeout=0.5)
    page = admin.get("/admin/system").get_data(as_text=True)
    assert "Redis không hoạt động" in page
    assert "Danh mục thủ tục" in page


@pytest.mark.parametrize("role", [Role.OPERATOR, Role.SUPERVISOR, Role.COURIER])
def test_only_admins_see_the_system_page(role: Role, signed_in: Callable[[Role], FlaskClient]) -> None:
    assert signed_in(role).get("/admin/system").status_code in (403, 404)
