"""`next` after signing in or switching language: only a page of this site, never a 500."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from flask import Flask
from flask.testing import FlaskClient

from hotline.models import Role
from hotline.web.redirects import safe_next
from tests.console.conftest import PASSWORD
from tests.console.conftest import csrf_token

# As they arrive in the view, once the query string or form is decoded.
OFF_SITE = [
    "/\t/evil.example",              # the report: /login?next=/%09/evil.example
    "/\n/evil.example",
    "/\r/evil.example",
    "//evil.example",
    "/\\evil.example",
    "/\\/evil.example",
    "https://evil.example",
    "http:/evil.example",
    "evil.example",
    " /evil.example",
    "/x\nSet-Cookie: planted=1",     # a header split: the report's 500
    "/x\r\nLocation: https://evil.example",
    "/%09/evil.example",             # decoded once more by a careless proxy or browser
    "/%2F/evil.example",
    "/%5Cevil.example",
    "/%252F%252Fevil.example",
    "/%0d%0aSet-Cookie:%20planted=1",
    "/\x00board",
    "/\u202eboard",                 # a right-to-left override, which disguises what a link says
]
ON_SITE = ["/board", "/owners?q=Nguy%E1%BB%85n%20V%C4%83n", "/owners?q=Nguyễn Văn", "/dossiers/12?tab=history#events",
           "/courier/"]


@pytest.mark.parametrize("target", OFF_SITE)
def test_anything_that_could_leave_the_site_is_refused(target: str) -> None:
    assert safe_next(target) is None


@pytest.mark.parametrize("target", ON_SITE)
def test_a_page_of_this_site_is_kept_as_written(target: str) -> None:
    assert safe_next(target) == target


def sign_in(client: FlaskClient, query: str) -> str:
    token = csrf_token(client)
    response = client.post(f"/login?{query}", data={"username": "operator", "password": PASSWORD,
                                                    "csrf_token": token})
    assert response.status_code == 302, response.get_data(as_text=True)
    return response.headers["Location"]


def test_login_lands_on_the_board_whatever_next_says(app: Flask, accounts: dict[Role, str]) -> None:
    for raw_query in ("next=/%09/evil.example", "next=//evil.example", "next=/%5Cevil.example", "next=https://evil",
                      "next=/x%0ASet-Cookie:%20planted=1", "next=/x%0D%0ALocation:%20//evil.example",
                      "next=/%2509/evil.example"):
        client = app.test_client()
        assert sign_in(client, raw_query) == "/board", raw_query
        assert client.get("/board").status_code == 200  # the login itself went through


def test_login_follows_next_within_the_site(client: FlaskClient, accounts: dict[Role, str]) -> None:
    assert sign_in(client, "next=" + quote("/owners?q=Nguyễn Văn", safe="/")) == "/owners?q=Nguy%E1%BB%85n%20V%C4%83n"


def test_the_language_switch_stays_on_the_site(client: FlaskClient) -> None:
    for target in OFF_SITE:
        response = client.post("/language", data={"lang": "en", "next": target, "csrf_token": csrf_token(client)})
        assert (response.status_code, response.headers["Location"]) == (302, "/login"), target


def test_the_language_switch_returns_to_the_page_it_was_on(client: FlaskClient) -> None:
    response = client.post("/language", data={"lang": "en", "next": "/owners?q=a", "csrf_token": csrf_token(client)})
    assert response.headers["Location"] == "/owners?q=a"
