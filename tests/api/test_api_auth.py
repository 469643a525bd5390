"""Bearer tokens: only a known, unrevoked token reaches the data, and every refusal is JSON."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy import update

from hotline.models import ApiToken
from tests.tools import open_session


def _assert_401(response) -> None:  # type: ignore[no-untyped-def]
    assert response.status_code == 401
    assert response.is_json
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert response.get_json()["status"] == 401


def test_missing_token_is_refused_with_json(client: FlaskClient, seeded) -> None:  # type: ignore[no-untyped-def]
    _assert_401(client.get("/api/v1/dossiers"))


def test_wrong_token_and_wrong_scheme_are_refused(client: FlaskClient, seeded) -> None:  # type: ignore[no-untyped-def]
    _assert_401(client.get("/api/v1/dossiers", headers={"Authorization": "Bearer not-the-token"}))
    _assert_401(client.get("/api/v1/shipments", headers={"Authorization": f"Basic {seeded.token}"}))
    _assert_401(client.get("/api/v1/dossiers", headers={"Authorization": "Bearer "}))


def test_revoked_token_is_refused(app: Flask, client: FlaskClient, seeded) -> None:  # type: ignore[no-untyped-def]
    assert client.get("/api/v1/dossiers", headers=seeded.headers).status_code == 200
    with open_session(app) as session:
        session.execute(update(ApiToken).values(revoked=True))
        session.commit()
    _assert_401(client.get("/api/v1/dossiers", headers=seeded.headers))


def test_a_valid_token_records_when_it_was_last_used(app: Flask, client: FlaskClient, seeded) -> None:  # type: ignore[no-untyped-def]
    with open_session(app) as session:
        assert session.scalar(select(ApiToken.last_used_at)) is None
    assert client.get("/api/v1/shipments", headers=seeded.headers).status_code == 200
    with open_session(app) as session:
        assert session.scalar(select(ApiToken.last_used_at)) is not None


def test_transitions_need_a_token_too(client: FlaskClient, seeded) -> None:  # type: ignore[no-untyped-def]
    _assert_401(client.post(f"/api/v1/dossiers/{seeded.codes['an']}/transitions", json={"to": "in_progress"}))


def test_unknown_urls_and_wrong_methods_answer_json(client: FlaskClient, seeded) -> None:  # type: ignore[no-untyped-def]
    missing = client.get("/api/v1/no-such-thing", headers=seeded.headers)
    assert missing.status_code == 404
    assert missing.get_json()["error"] == "Not Found"
    wrong_method = client.put("/api/v1/dossiers/x/transitions", headers=seeded.headers)
    assert wrong_method.status_code == 405
    assert wrong_method.is_json
    assert wrong_method.get_json()["status"] == 405
    unrouted = client.post("/api/v1/no-such-thing", headers=seeded.headers, json={})
    assert unrouted.status_code == 404
    assert unrouted.get_json()["status"] == 404


def test_csrf_still_guards_routed_console_forms_and_not_unrouted_paths(client: FlaskClient) -> None:
    assert client.post("/login", data={"username": "a", "password": "b"}).status_code == 400
    assert client.post("/no-such-page", data={}).status_code == 404
    assert client.post("/healthz", data={}).status_code == 405


def test_the_openapi_document_is_public(client: FlaskClient) -> None:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response.get_json()["openapi"].startswith("3.")
