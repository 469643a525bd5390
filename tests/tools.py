"""System tools some tests need: skipped on a person's machine, a failure under CI."""

from __future__ import annotations

import os
import shutil

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
