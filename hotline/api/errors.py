"""Every error under /api/v1 is JSON, whether a view raised it or routing did."""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from flask import Response
from flask import jsonify
from flask import request
from werkzeug.exceptions import HTTPException

PREFIX = "/api/v1/"


class ApiError(HTTPException):
    """An answer to a bad request, with a machine-readable list of what was wrong."""

    def __init__(self, code: int, message: str, details: list[dict[str, str]] | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.details = details or []


def error_response(status: int, message: str, details: list[dict[str, str]] | None = None) -> Response:
    body: dict[str, Any] = {"status": status, "error": HTTPStatus(status).phrase, "message": message}
    if details:
        body["details"] = details
    response = jsonify(body)
    response.status_code = status
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="hotline"'
    return response


def json_error(exc: HTTPException) -> Response:
    """Answer an error raised inside an API view."""
    status = exc.code or 500
    return error_response(status, exc.description or HTTPStatus(status).phrase, getattr(exc, "details", None))


def json_routing_errors(response: Response) -> Response:
    """Turn the HTML pages Flask gives for unknown URLs, wrong methods and crashes under /api/v1 into JSON.

    Routing errors never reach a blueprint's error handlers, so this looks at the response instead.
    """
    if not request.path.startswith(PREFIX) or response.status_code < 400 or response.is_json:
        return response
    replacement = error_response(response.status_code, HTTPStatus(response.status_code).phrase)
    if "Allow" in response.headers:
        replacement.headers["Allow"] = response.headers["Allow"]
    return replacement
