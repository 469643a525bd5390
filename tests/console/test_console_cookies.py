"""The session cookie's flags and lifetime, sign-ins that end after a working day, CSRF tokens that expire."""

from __future__ import annotations

import time
from datetime import UTC
from datetime import datetime
from datetime import timedelta
from email.utils import parsedate_to_datetime
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from hotline.app import create_app
from hotline.models import Role
from hotline.web.security import SESSION_LIFETIME
from tests.console.conftest import PASSWORD
from tests.console.conftest import csrf_token
from tests.console.conftest import login

STALE = "Biểu mẫu đã quá hạn nên chưa được lưu"
REFUSED = "Biểu mẫu thiếu mã bảo vệ hoặc mã không đúng"


def session_cookie(response: TestResponse) -> dict[str, str]:
    """The attributes of the session's Set-Cookie header, names lower-cased ("" for a bare flag)."""
    (header,) = [h for h in response.headers.getlist("Set-Cookie") if h.startswith("session=")]
    attributes = {}
    for part in header.split(";")[1:]:
        name, _, value = part.strip().partition("=")
        attributes[name.lower()] = value
    return attributes


def test_the_session_cookie_is_lax_http_only_and_lasts_a_working_day(client: FlaskClient,
                                                                    accounts: dict[Role, str]) -> None:
    cookie = session_cookie(login(client, "operator"))
    assert cookie["samesite"] == "Lax"
    assert "httponly" in cookie
    assert "secure" not in cookie  # the tests' public address is plain http, as in local development
    expires = parsedate_to_datetime(cookie["expires"])
    assert abs(expires - (datetime.now(UTC) + timedelta(hours=12))) < timedelta(minutes=1)


@pytest.mark.parametrize("settings", [{"PUBLIC_BASE_URL": "https://hotline.example"},
                                      {"HOTLINE_ENV": "production", "TWILIO_AUTH_TOKEN": "t"}])
def test_the_cookie_is_secure_on_https_and_in_production(tmp_path: Path, settings: dict[str, str]) -> None:
    app = create_app({"TESTING": True, "SECRET_KEY": "s", "DATABASE_URL": f"sqlite:///{tmp_path / 'c.db'}",
                      **settings})
    cookie = session_cookie(app.test_client().get("/login"))  # the login form's CSRF half lives in it
    assert "secure" in cookie and cookie["samesite"] == "Lax"


def test_a_sign_in_ends_after_a_working_day_however_busy(client: FlaskClient, accounts: dict[Role, str]) -> None:
    login(client, "operator")
    with client.session_transaction() as cookie:
        cookie["signed_in_at"] = int(time.time()) - 11 * 3600
    assert client.get("/board").status_code == 200
    with client.session_transaction() as cookie:
        cookie["signed_in_at"] = int(time.time()) - int(SESSION_LIFETIME.total_seconds()) - 60
    assert client.get("/board").status_code == 302  # the busy user's idle clock was fresh


def form_from_the_past(client: FlaskClient, monkeypatch: pytest.MonkeyPatch, seconds: int, page: str,
                       signed_in_as: str | None = None) -> str:
    """The CSRF token of `page` as it was handed out `seconds` ago (to a user who had just signed in)."""
    real = time.time
    with monkeypatch.context() as past:
        past.setattr(time, "time", lambda: real() - seconds)
        if signed_in_as is not None:
            assert login(client, signed_in_as).status_code == 302
        return csrf_token(client, page)


def test_a_login_form_left_open_overnight_is_shown_again_with_a_word_why(
        client: FlaskClient, accounts: dict[Role, str], monkeypatch: pytest.MonkeyPatch) -> None:
    token = form_from_the_past(client, monkeypatch, 13 * 3600, "/login")
    response = client.post("/login", data={"username": "operator", "password": PASSWORD, "csrf_token": token})
    assert (response.status_code, response.headers["Location"]) == (303, "/login")
    page = client.get("/login").get_data(as_text=True)
    assert STALE in page and 'name="csrf_token"' in page
    assert client.get("/board").status_code == 302  # not signed in
    assert login(client, "operator").status_code == 302  # the fresh form works


def test_an_expired_token_in_a_live_session_gets_the_page_again(
        app: Flask, client: FlaskClient, accounts: dict[Role, str], monkeypatch: pytest.MonkeyPatch) -> None:
    app.config["WTF_CSRF_TIME_LIMIT"] = 60
    token = form_from_the_past(client, monkeypatch, 120, "/board", signed_in_as="operator")
    response = client.post("/logout", data={"csrf_token": token}, headers={"Referer": "http://localhost/board"})
    assert (response.status_code, response.headers["Location"]) == (303, "/board")  # /logout is POST only
    assert STALE in client.get("/board").get_data(as_text=True)  # still signed in: the logout did not happen


def test_a_form_without_our_token_is_refused_in_words(client: FlaskClient, accounts: dict[Role, str]) -> None:
    for token in ("", "forged", "eyJhbGciOiJIUzI1NiJ9.e30.forged"):
        response = client.post("/login", data={"username": "operator", "password": PASSWORD, "csrf_token": token})
        assert response.status_code == 400
        assert REFUSED in response.get_data(as_text=True)
    assert client.get("/board").status_code == 302


def test_a_stale_form_on_an_odd_address_lands_on_the_home_page(app: Flask, client: FlaskClient,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """Sending the form's page again must not put a decoded line break into the Location header."""
    app.add_url_rule("/probe/<name>", "probe", lambda name: name, methods=["GET", "POST"])
    token = form_from_the_past(client, monkeypatch, 13 * 3600, "/login")
    response = client.post("/probe/a%0Ab", data={"csrf_token": token})
    assert response.status_code == 303, (response.status_code, response.get_data(as_text=True)[:300])
    assert response.headers["Location"] == "/"
