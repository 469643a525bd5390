"""Synthetic speech for checks, tests and benchmarks: espeak-ng speaks, sox makes it telephone audio."""

from __future__ import annotations

import logging
import shutil
import subprocess
import tempfile
from pathlib import Path

log = logging.getLogger(__name__)


class SampleToolError(RuntimeError):
    """espeak-ng or sox is missing or failed."""


def synthesize(text: str, rate: int = 8000, voice: str = "vi") -> bytes:
    """Speak `text` with espeak-ng and return a mono 16-bit WAV at `rate` Hz."""
    for tool in ("espeak-ng", "sox"):
        if shutil.which(tool) is None:
            raise SampleToolError(f"`{tool}` is not installed (apt-get install {tool})")
    with tempfile.TemporaryDirectory() as work:
        spoken, converted = Path(work) / "spoken.wav", Path(work) / "sample.wav"
        _run(["espeak-ng", "-v", voice, "-w", str(spoken), text])
        _run(["sox", str(spoken), "-r", str(rate), "-c", "1", "-b", "16", "-e", "signed-integer", str(converted)])
        return converted.read_bytes()


def _run(command: list[str]) -> None:
    """Run a tool quietly: what it says on success (sox warns of clipped samples) is kept for the debug log,
    not printed among what the caller of `hotline call` hears."""
    try:
        done = subprocess.run(command, check=True, capture_output=True, timeout=60)
    except subprocess.CalledProcessError as exc:
        raise SampleToolError(f"{command[0]} failed: {exc.stderr.decode(errors='replace')}") from exc
    said = done.stderr.decode(errors="replace").strip()
    if said:
        log.debug("%s: %s", command[0], said)
