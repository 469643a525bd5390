"""The suite itself: bare `pytest` finds the same tests as `python -m pytest`."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _collected(*command: str) -> list[str]:
    """The test ids `command --collect-only` lists from the project root, with no PYTHONPATH to help it."""
    env = {name: value for name, value in os.environ.items() if name != "PYTHONPATH"}
    done = subprocess.run([*command, "--collect-only", "-q", "-p", "no:cacheprovider"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return [line for line in done.stdout.splitlines() if "::" in line]


@pytest.mark.slow
def test_bare_pytest_collects_what_python_m_pytest_collects() -> None:
    # `python -m` puts the working directory on sys.path; the `pytest` script does not, so only the
    # project's own settings let it import `tests.factories` and the rest.
    script = Path(sys.executable).with_name("pytest")
    if not script.exists():
        pytest.skip(f"no pytest script beside {sys.executable}")
    by_module = _collected(sys.executable, "-m", "pytest")
    assert by_module
    assert _collected(str(script)) == by_module
