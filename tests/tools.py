"""What many tests share: a session on the app's database, and system tools that are skipped on a
person's machine but a failure under CI."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import zxingcpp
from flask import Flask
from PIL import Image
from sqlalchemy.orm import Session

from hotline.infra import queue
from hotline.infra.db import READ_ONLY
from hotline.infra.db import get_database


@contextmanager
def open_session(app: Flask) -> Iterator[Session]:
    """A session on the app's database, inside an app context of its own; it commits only when told to.

    Its transactions begin without SQLite's write lock. The app's engine takes that lock at the start of
    every transaction, so a test that had only looked at a row would keep the lock until it ended its
    transaction, and the request it sent next would wait out the busy timeout and fail. Writing still
    works: a deferred BEGIN takes the lock at the first write.

    The app context is the helper's own, pushed for the block and popped after it. Flask runs a request
    inside whatever app context is pushed, sharing its `g`, where Flask-Login keeps the signed-in user
    and Flask-Babel the language: a request sent inside a test's long-lived context would inherit them
    from the one before. A test that signs in sends its requests outside the block.
    """
    with app.app_context():
        database = get_database()
        engine = database.engine.execution_options(**{READ_ONLY: True})
        with database.sessions(bind=engine) as session:
            yield session


def require_tool(name: str, package: str | None = None) -> str:
    """Return the tool's path; skip (or fail when CI=true) if it is not installed."""
    path = shutil.which(name)
    if path:
        return path
    message = f"needs `{name}` (apt-get install {package or name})"
    if os.environ.get("CI") == "true":
        pytest.fail(message + " — CI must install it")
    pytest.skip(message)


def scanned_codes(pdf: bytes, tmp_path: Path, page: int = 1) -> dict[str, list[str]]:
    """What a scanner reads off one page of a PDF printed at 300 dpi: the texts of its codes, by format.

    poppler draws the page as a printer would; zxing-cpp reads it as a courier's phone would.
    """
    source = tmp_path / "scanned.pdf"
    source.write_bytes(pdf)
    subprocess.run([require_tool("pdftoppm", "poppler-utils"), "-r", "300", "-gray", "-png", "-f", str(page),
                    "-l", str(page), "-singlefile", str(source), str(tmp_path / "scanned")], check=True)
    found: dict[str, list[str]] = {}
    with Image.open(tmp_path / "scanned.png") as image:
        for code in zxingcpp.read_barcodes(image, try_rotate=False, try_invert=False):
            found.setdefault(code.format.name, []).append(code.text)
    return found


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


def use_redis(app: Flask, url: str | None) -> None:
    """Point the app at another Redis (None: no Redis configured), closing its old client.

    The old client's open sockets would otherwise be reported unclosed whenever it is collected,
    as a warning (an error here) in whatever test runs then.
    """
    old = app.extensions.get("redis")
    if old is not None:
        old.close()
    app.config["REDIS_URL"] = url
    queue.init_app(app)
