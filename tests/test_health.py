from flask.testing import FlaskClient


def test_healthz_reports_database_queue_and_speech(client: FlaskClient) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.get_json()
    assert body["database"]["ok"] is True
    assert body["queue"]["ok"] is True
    assert body["speech"]["ok"] is False
    assert "no speech model" in body["speech"]["error"]


def test_healthz_is_503_when_the_database_does_not_answer(app, client: FlaskClient) -> None:
    app.extensions["db"].engine.dispose()
    from hotline.infra.db import make_database

    app.extensions["db"] = make_database("sqlite:////nonexistent-dir/x.db")
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["database"]["ok"] is False
