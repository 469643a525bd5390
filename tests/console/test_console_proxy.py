"""Behind a reverse proxy: X-Forwarded-For names the client only when TRUSTED_PROXY_COUNT says so."""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from werkzeug.test import TestResponse

from hotline.app import create_app
from hotline.models import AuditEntry
from hotline.models import Role
from hotline.web import security
from tests.console.conftest import PASSWORD
from tests.console.conftest import csrf_token
from tests.tools import open_session

LIMIT = 3


@pytest.fixture(autouse=True)
def few_failures_per_address(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(security, "MAX_FAILURES_PER_ADDRESS", LIMIT)


@pytest.fixture
def app_behind(app: Flask) -> Iterator[Callable[[int], Flask]]:
    """The test app as it would run behind `n` proxies (same database, same Redis)."""
    made: list[Flask] = []

    def behind(n: int) -> Flask:
        made.append(create_app({**app.config, "TRUSTED_PROXY_COUNT": str(n)}))
        return made[-1]

    yield behind
    for other in made:
        other.extensions["db"].engine.dispose()


def log_in(client: FlaskClient, forwarded_for: str, username: str, password: str) -> TestResponse:
    """A login from 127.0.0.1 (the proxy, if there is one) for the client `forwarded_for` names."""
    token = csrf_token(client)
    return client.post("/login", data={"username": username, "password": password, "csrf_token": token},
                       headers={"X-Forwarded-For": forwarded_for})


def fail_from(client: FlaskClient, forwarded_for: str) -> None:
    for n in range(LIMIT):
        assert log_in(client, f"{forwarded_for}", f"nobody{n}", "wrong").status_code == 401


def test_without_trusted_proxies_a_forged_forwarded_for_does_not_escape_the_limit(
        app: Flask, accounts: dict[Role, str]) -> None:
    client = app.test_client()
    for n in range(LIMIT):
        assert log_in(client, f"198.51.100.{n}", f"nobody{n}", "wrong").status_code == 401
    assert log_in(client, "198.51.100.99", "operator", PASSWORD).status_code == 429
    assert "Strict-Transport-Security" not in client.get("/login", headers={"X-Forwarded-Proto": "https"}).headers


def test_behind_one_proxy_each_client_has_its_own_limit(app_behind: Callable[[int], Flask],
                                                        accounts: dict[Role, str]) -> None:
    app = app_behind(1)
    first, second = app.test_client(), app.test_client()
    fail_from(first, "203.0.113.7")
    assert log_in(first, "203.0.113.7", "operator", PASSWORD).status_code == 429
    # What the client itself wrote comes before what the proxy added, and is not believed.
    assert log_in(first, "198.51.100.1, 203.0.113.7", "operator", PASSWORD).status_code == 429
    assert log_in(second, "203.0.113.8", "operator", PASSWORD).status_code == 302
    with open_session(app) as session:
        addresses = set(session.scalars(select(AuditEntry.address)))
    assert addresses == {"203.0.113.7", "203.0.113.8"}
    assert "Strict-Transport-Security" in first.get("/login", headers={"X-Forwarded-Proto": "https"}).headers
