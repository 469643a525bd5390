"""GET /healthz: the state of the database, the queue and the speech model."""

from __future__ import annotations

from typing import Any

from flask import Blueprint
from flask import current_app
from flask import jsonify
from flask.typing import ResponseReturnValue
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from hotline.infra.db import get_database
from hotline.infra.queue import queue_health

bp = Blueprint("health", __name__)


def database_health() -> dict[str, Any]:
    try:
        with get_database().engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except SQLAlchemyError as exc:
        return {"ok": False, "error": str(exc.__cause__ or exc)}
    return {"ok": True, "backend": get_database().engine.dialect.name}


def speech_health() -> dict[str, Any]:
    from hotline.speech.model_files import model_status

    return model_status(current_app.config)


@bp.get("/healthz")
def healthz() -> ResponseReturnValue:
    """Report each part; 200 while the database answers, 503 when it does not."""
    body = {"database": database_health(), "queue": queue_health(current_app), "speech": speech_health()}
    return jsonify(body), 200 if body["database"]["ok"] else 503
