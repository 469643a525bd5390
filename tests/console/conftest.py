"""Console fixtures: accounts per role and a browser-like client that signs in with a CSRF token."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from hotline.models import Role
from tests.factories import make_user
from tests.tools import open_session

PASSWORD = "correct horse battery"
_TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf_token(client: FlaskClient, path: str = "/login") -> str:
    """The CSRF token a page hands out, read from its form as a browser would."""
    page = client.get(path)
    match = _TOKEN.search(page.get_data(as_text=True))
    assert match, f"no CSRF token on {path}"
    return match.group(1)


def post_form(client: FlaskClient, path: str, data: dict[str, str], page: str = "/login") -> TestResponse:
    return client.post(path, data={**data, "csrf_token": csrf_token(client, page)})


def login(client: FlaskClient, username: str, password: str = PASSWORD) -> TestResponse:
    return post_form(client, "/login", {"username": username, "password": password})


@pytest.fixture
def accounts(app: Flask) -> dict[Role, str]:
    """One active account per role; the value is the username."""
    with open_session(app) as session:
        names = {role: make_user(session, role, username=role.value).username for role in Role}
        session.commit()
    return names


@pytest.fixture
def signed_in(app: Flask, accounts: dict[Role, str]) -> Callable[[Role], FlaskClient]:
    """A fresh client signed in with the given role."""

    def sign_in(role: Role) -> FlaskClient:
        client = app.test_client()
        response = login(client, accounts[role])
        assert response.status_code == 302, response.get_data(as_text=True)
        return client

    return sign_in
