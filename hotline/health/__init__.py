"""GET /healthz: whether the database, the queue and the speech model are ok, and nothing more.

The endpoint is public (load balancers and monitors call it unsigned), so it names no error, path,
count or backend; admins read those on the console's health page and from `hotline check`.
"""

from __future__ import annotations

from flask import Blueprint
from flask import current_app
from flask import jsonify
from flask.typing import ResponseReturnValue
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from hotline.infra.db import get_database
from hotline.infra.queue import queue_health

bp = Blueprint("health", __name__)


def database_ok() -> bool:
    try:
        with get_database().engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except SQLAlchemyError:
        return False
    return True


def speech_ok() -> bool:
    from hotline.speech.model_files import model_status

    return bool(model_status(current_app.config)["ok"])


@bp.get("/healthz")
def healthz() -> ResponseReturnValue:
    """Say ok or not for each part; 200 while the database answers, 503 when it does not."""
    body = {"database": {"ok": database_ok()}, "queue": {"ok": bool(queue_health(current_app)["ok"])},
            "speech": {"ok": speech_ok()}}
    return jsonify(body), 200 if body["database"]["ok"] else 503
