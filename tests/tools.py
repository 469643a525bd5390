"""System tools some tests need: skipped on a person's machine, a failure under CI."""

from __future__ import annotations

import os
import shutil
import sys
from http.server import ThreadingHTTPServer
from typing import Any

import pytest


def require_tool(name: str, package: str | None = None) -> str:
    """Return the tool's path; skip (or fail when CI=true) if it is not installed."""
    path = shutil.which(name)
    if path:
        return path
    message = f"needs `{name}` (apt-get install {package or name})"
    if os.environ.get("CI") == "true":
        pytest.fail(message + " — CI must install it")
    pytest.skip(message)


def require_postgres() -> str:
    """Return TEST_DATABASE_URL; skip without it (or fail when CI=true, where CI always sets it)."""
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        return url
    if os.environ.get("CI") == "true":
        pytest.fail("TEST_DATABASE_URL is not set — CI must run the PostgreSQL half of the suite")
    pytest.skip("TEST_DATABASE_URL is not set")


class LocalHTTPServer(ThreadingHTTPServer):
    """A test's stand-in server: closing it waits for its handlers, and a client hanging up is not an error.

    Otherwise a handler still writing to a client the test killed prints its traceback later, into
    whatever test runs next.
    """

    daemon_threads = False

    def handle_error(self, request: Any, client_address: Any) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)
