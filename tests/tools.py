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
