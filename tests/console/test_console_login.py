"""Signing in and out: argon2 accounts, fresh sessions, idle timeout, lockout, audit."""

from __future__ import annotations

import time
from collections.abc import Callable

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from hotline.models import AuditEntry
from hotline.models import Role
from hotline.web.security import MAX_FAILURES_PER_ACCOUNT
from tests.console.conftest import csrf_token
from tests.console.conftest import login
from tests.console.conftest import post_form
from tests.ivr.conftest import Caller
from tests.tools import open_session


def _actions(app: Flask) -> list[str]:
    with open_session(app) as session:
        return list(session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))


def test_login_lands_on_the_board_and_is_audited(client: FlaskClient, accounts: dict[Role, str],
                                                 app: Flask) -> None:
    response = login(client, "operator")
    assert response.status_code == 302
    assert response.headers["Location"] == "/board"
    assert client.get("/board").status_code == 200
    assert _actions(app) == ["login"]


def test_wrong_password_is_refused_and_audited(client: FlaskClient, accounts: dict[Role, str],
                                               app: Flask) -> None:
    response = login(client, "operator", "wrong")
    assert response.status_code == 401
    assert "Sai tên đăng nhập hoặc mật khẩu" in response.get_data(as_text=True)
    assert client.get("/board").status_code == 302
    assert _actions(app) == ["login_failed"]


def test_login_starts_a_new_session(client: FlaskClient, accounts: dict[Role, str]) -> None:
    csrf_token(client)
    with client.session_transaction() as before:
        before["planted"] = "by an attacker"
        anonymous_secret = before["csrf_token"]
    login(client, "operator")
    csrf_token(client, "/board")
    with client.session_transaction() as after:
        assert "planted" not in after
        assert after["csrf_token"] != anonymous_secret
        assert after["_user_id"].count(":") == 1


def test_logout_leaves_no_session_and_old_cookies_are_worthless(app: Flask, client: FlaskClient,
                                                                 accounts: dict[Role, str]) -> None:
    login(client, "operator")
    with client.session_transaction() as live:
        stolen = dict(live)
    assert post_form(client, "/logout", {}, page="/board").status_code == 302
    with client.session_transaction() as after:
        assert "_user_id" not in after
    assert client.get("/board").status_code == 302
    replay = app.test_client()
    with replay.session_transaction() as copied:
        copied.update(stolen)
    assert replay.get("/board").status_code == 302


def test_idle_session_ends(client: FlaskClient, accounts: dict[Role, str]) -> None:
    login(client, "operator")
    assert client.get("/board").status_code == 200
    with client.session_transaction() as sess:
        sess["last_seen"] = int(time.time()) - 31 * 60
    assert client.get("/board").status_code == 302


def test_account_locks_after_repeated_failures(client: FlaskClient, accounts: dict[Role, str],
                                               app: Flask) -> None:
    for _ in range(MAX_FAILURES_PER_ACCOUNT):
        assert login(client, "operator", "wrong").status_code == 401
    blocked = login(client, "operator")
    assert blocked.status_code == 429
    assert client.get("/board").status_code == 302
    assert _actions(app)[-1] == "login_blocked"


def test_lockout_is_shared_through_redis(app: Flask, accounts: dict[Role, str]) -> None:
    first, second = app.test_client(), app.test_client()
    for _ in range(MAX_FAILURES_PER_ACCOUNT):
        login(first, "supervisor", "wrong")
    assert login(second, "supervisor").status_code == 429


def test_lockout_falls_back_to_the_audit_trail_without_redis(app: Flask, accounts: dict[Role, str],
                                                             redis_conn: object) -> None:
    app.extensions["redis"] = None
    client = app.test_client()
    for _ in range(MAX_FAILURES_PER_ACCOUNT):
        assert login(client, "admin", "wrong").status_code == 401
    assert login(client, "admin").status_code == 429
    assert login(client, "operator").status_code == 302


def test_forms_refuse_missing_or_wrong_csrf(client: FlaskClient, accounts: dict[Role, str]) -> None:
    assert client.post("/login", data={"username": "operator", "password": "x"}).status_code == 400
    bad = {"username": "operator", "password": "x", "csrf_token": "forged"}
    assert client.post("/login", data=bad).status_code == 400


def test_security_headers(client: FlaskClient) -> None:
    headers = client.get("/login").headers
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert "default-src 'self'" in headers["Content-Security-Policy"]
    assert "Strict-Transport-Security" not in headers
    secure = client.get("/login", base_url="https://hotline.test").headers
    assert secure["Strict-Transport-Security"].startswith("max-age=")


def test_webhooks_leave_the_console_cookie_alone(signed_in: Callable[[Role], FlaskClient]) -> None:
    """A webhook opens no cookie session: a browser's cookie on the same host is neither read nor renewed."""
    client = signed_in(Role.OPERATOR)
    assert "session=" in client.get("/board").headers.get("Set-Cookie", "")  # the idle clock, renewed
    phone = Caller(client)
    answer = phone.post("/ivr/voice", phone.fields())
    assert answer.status_code == 200 and answer.mimetype == "text/xml"
    assert "Set-Cookie" not in answer.headers
    assert client.get("/board").status_code == 200  # still signed in
