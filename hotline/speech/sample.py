"""Synthetic speech for checks, tests and benchmarks: espeak-ng speaks, sox makes it telephone audio."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path


class SampleToolError(RuntimeError):
    """espeak-ng or sox is missing or failed."""


def synthesize(text: str, rate: int = 8000, voice: str = "vi") -> bytes:
    """Speak `text` with espeak-ng and return a mono 16-bit WAV at `rate` Hz."""
    for tool in ("espeak-ng", "sox"):
        if shutil.which(tool) is None:
            raise SampleToolError(f"`{tool}` is not installed (apt-get install {tool})")
    with tempfile.TemporaryDirectory() as work:
        spoken, converted = Path(work) / "spoken.wav", Path(work) / "sample.wav"
        try:
            subprocess.run(["espeak-ng", "-v", voice, "-w", str(spoken), text],
                           check=True, capture_output=True, timeout=60)
            subprocess.run(["sox", str(spoken), "-r", str(rate), "-c", "1", "-b", "16", "-e", "signed-integer",
                            str(converted)], check=True, capture_output=True, timeout=60)
        except subprocess.CalledProcessError as exc:
            raise SampleToolError(f"{exc.cmd[0]} failed: {exc.stderr.decode(errors='replace')}") from exc
        return converted.read_bytes()
