"""The browser suite: each person's day in headless Debian Chromium, at a desk's width and a phone's.

Every test here gets `page`, a fresh browser context at one of `VIEWPORTS` (the test runs once per width),
on a live server of the test app. The browser is started once per test session, from the system's
`chromium` (nothing downloads a browser). The day walks run on SQLite only: the rules they rely on are
tested on both databases by the fast tests, and a browser walk per database would double the slowest part
of the suite for nothing it could find.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from werkzeug.serving import make_server

from tests.conftest import empty_database
from tests.console.conftest import PASSWORD

VIEWPORTS = {"desk": {"width": 1366, "height": 768}, "phone": {"width": 390, "height": 844}}

# What a control's accessible name comes from, as a browser computes it closely enough for a check:
# a <label>, aria-label, aria-labelledby, a title, or a button's own text or value.
_UNLABELLED_CONTROLS = """() => {
  const named = (el) => {
    if (el.type === 'hidden' || el.closest('[hidden], [aria-hidden=true]')) return true;
    if (el.labels && el.labels.length && [...el.labels].some(l => l.textContent.trim())) return true;
    if ((el.getAttribute('aria-label') || '').trim()) return true;
    const by = el.getAttribute('aria-labelledby');
    if (by && by.split(/\\s+/).some(id => (document.getElementById(id)?.textContent || '').trim())) return true;
    if ((el.getAttribute('title') || '').trim()) return true;
    if (['BUTTON', 'A', 'SUMMARY'].includes(el.tagName) && el.textContent.trim()) return true;
    if (el.tagName === 'INPUT' && ['submit', 'button', 'reset'].includes(el.type) && el.value.trim()) return true;
    return false;
  };
  return [...document.querySelectorAll('input, select, textarea, button, a[href], summary')]
    .filter(el => !named(el)).map(el => el.outerHTML.slice(0, 160));
}"""


@pytest.fixture
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """SQLite only (see the module's note): a copy of the session's empty schema, as tests/conftest.py makes."""
    return empty_database(request, "sqlite", tmp_path / "browser.db")


@pytest.fixture
def live_url(app: Flask) -> Iterator[str]:
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join()


@pytest.fixture(params=sorted(VIEWPORTS))
def viewport(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def page(browser: Any, live_url: str, viewport: str) -> Iterator[Any]:
    """A page in a fresh context (no cookies) at the test's width; a machine set to US English, as here."""
    context = browser.new_context(viewport=VIEWPORTS[viewport], locale="en-US", base_url=live_url)
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


def follow(page: Any, target: Any) -> None:
    """Click a link or button that opens another page, and wait until that page has loaded.

    A check run straight after a bare click can land between the two documents, where the old one
    is gone and the new one has no root element yet.
    """
    with page.expect_navigation():
        target.click()
    page.wait_for_load_state()


def sign_in(page: Any, username: str, password: str = PASSWORD) -> None:
    page.goto("/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    follow(page, page.locator("button[type=submit]"))


def unlabelled_controls(page: Any) -> list[str]:
    """The page's controls with no accessible name (empty when every control is labelled)."""
    return list(page.evaluate(_UNLABELLED_CONTROLS))


def overflows_sideways(page: Any) -> bool:
    """True when the page is wider than the window, so a phone user has to scroll sideways."""
    return bool(page.evaluate("() => document.documentElement.scrollWidth > window.innerWidth + 1"))


def check_page(page: Any) -> None:
    """What every page of every day must be, at either width: every control labelled, nothing off the side."""
    assert unlabelled_controls(page) == [], page.url
    assert not overflows_sideways(page), page.url
