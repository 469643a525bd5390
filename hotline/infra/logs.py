"""One line per event on stderr, each tagged with the request (or job) it belongs to.

Under systemd, stderr goes to journald, which stamps and keeps every line: no log files, no rotation.
A request's id comes from nginx (`X-Request-Id: $request_id`) or is made here, and goes back in the
response, where gunicorn's access line picks it up, so one id finds every line a request left. The
worker tags a job's lines with the job's id.
"""

from __future__ import annotations

import logging
import re
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TextIO

from flask import Flask
from flask import Response
from flask import g
from flask import request

from hotline.infra.settings import SettingsError

HEADER = "X-Request-Id"
FORMAT = "%(levelname)s %(name)s [%(request_id)s] %(message)s"
NO_ID = "-"
# gunicorn's access line, for `hotline run` and deploy/gunicorn.conf.py alike: the request's id and its path
# only, never %(r)s, %(q)s or %(f)s, which hold query strings (the console's searches hold phone numbers).
ACCESS_LOG_FORMAT = "access [%({x-request-id}o)s] %(m)s %(U)s %(s)s %(B)s %(M)sms"
# nginx's $request_id is 32 hex digits. Only ids of that shape are taken from a client, so nobody can
# put arbitrary text (a fake log line, a phone number) into every line their request leaves.
WELL_FORMED = re.compile(r"[0-9A-Fa-f-]{16,64}")

# Libraries that write a line per detail at INFO: twilio's REST client logs every request's headers and
# query (which can hold phone numbers); alembic names each of its plugins whenever it reads the migrations.
# They speak up for warnings only.
CHATTY = ("twilio.http_client", "alembic.runtime.plugins")

_current: ContextVar[str] = ContextVar("hotline_request_id", default=NO_ID)


def current_request_id() -> str:
    return _current.get()


@contextmanager
def tagged(request_id: str) -> Iterator[None]:
    """Tag every line logged inside the block with `request_id`."""
    token = _current.set(request_id)
    try:
        yield
    finally:
        _current.reset(token)


class _RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = _current.get()
        return True


class OneLineFormatter(logging.Formatter):
    """Keep a traceback on its event's line: journald makes every line of stderr an entry of its own."""

    def format(self, record: logging.LogRecord) -> str:
        return super().format(record).replace("\r", "").replace("\n", "\\n")


class StderrLines(logging.StreamHandler):
    """Write to sys.stderr as it is at each line, not as it was when logging was set up."""

    def __init__(self) -> None:
        super().__init__()
        self.addFilter(_RequestIdFilter())
        self.setFormatter(OneLineFormatter(FORMAT))

    @property
    def stream(self) -> TextIO:
        return sys.stderr

    @stream.setter
    def stream(self, _value: TextIO) -> None:
        pass


def configure(level: str = "INFO") -> None:
    """Send every logger's lines through one stderr handler, once per process, at `level`."""
    name = level.strip().upper()
    if name not in logging.getLevelNamesMapping():
        raise SettingsError(f"LOG_LEVEL must be one of DEBUG, INFO, WARNING, ERROR, CRITICAL, not {level!r}")
    root = logging.getLogger()
    if not any(isinstance(handler, StderrLines) for handler in root.handlers):
        root.addHandler(StderrLines())
    root.setLevel(name)
    for chatty in CHATTY:
        logging.getLogger(chatty).setLevel(logging.WARNING)


def init_app(app: Flask) -> None:
    """Set up logging for the app, and give every request an id that its lines and its response carry."""
    configure(app.config.get("LOG_LEVEL") or "INFO")
    app.before_request(_take_request_id)
    app.after_request(_return_request_id)
    app.teardown_request(_forget_request_id)


def _take_request_id() -> None:
    given = request.headers.get(HEADER, "")
    g.request_id = given if WELL_FORMED.fullmatch(given) else uuid.uuid4().hex
    _current.set(g.request_id)


def _return_request_id(response: Response) -> Response:
    if "request_id" in g:
        response.headers[HEADER] = g.request_id
    return response


def _forget_request_id(_exc: BaseException | None) -> None:
    # A server thread goes on to other requests: none of them may inherit this one's id.
    _current.set(NO_ID)
