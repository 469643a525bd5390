from flask.testing import FlaskClient


def test_healthz_says_only_ok_or_not_for_database_queue_and_speech(client: FlaskClient) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    # Public: no error text, path, count or backend name, only whether each part is ok.
    assert response.get_json() == {"database": {"ok": True}, "queue": {"ok": True}, "speech": {"ok": False}}


def test_healthz_says_not_ok_without_details_when_redis_does_not_answer(app, client: FlaskClient) -> None:
    from redis import Redis

    app.extensions["redis"] = Redis(unix_socket_path="/nonexistent-dir/redis.sock")
    response = client.get("/healthz")
    assert response.status_code == 200  # the phone line works without Redis; the queue catches up later
    assert response.get_json()["queue"] == {"ok": False}


def test_healthz_is_503_when_the_database_does_not_answer(app, client: FlaskClient) -> None:
    app.extensions["db"].engine.dispose()
    from hotline.infra.db import make_database

    app.extensions["db"] = make_database("sqlite:////nonexistent-dir/x.db")
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["database"] == {"ok": False}
