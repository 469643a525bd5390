"""Fetch a Vosk model archive, check it, and install it atomically under instance/models.

Every step works in a temporary file or directory beside the destination; only a complete,
checked model is renamed into place, and `current` is switched by renaming a new symlink over it,
so a worker never sees a half-downloaded model.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import uuid
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from pathlib import PurePosixPath

import requests

from hotline.speech.model_files import CURRENT
from hotline.speech.model_files import looks_like_model

DEFAULT_BASE_URL = "https://alphacephei.com/vosk/models/"


@dataclass(frozen=True)
class ModelSpec:
    name: str
    size: int | None
    sha256: str | None

    @property
    def archive(self) -> str:
        return f"{self.name}.zip"


# The Vosk site lists these as about 32 MB and 78 MB but publishes no exact size or checksum, and
# this table was written without network access to measure them. Rather than invent numbers, the
# download needs `--sha256` from a copy you trust (or `--no-verify`); fill in the figures here once known.
MODELS: dict[str, ModelSpec] = {
    "vi-small": ModelSpec(name="vosk-model-small-vn-0.4", size=None, sha256=None),
    "vi": ModelSpec(name="vosk-model-vn-0.4", size=None, sha256=None),
}


class ModelDownloadError(RuntimeError):
    """The archive could not be fetched, failed a check, or does not hold a Vosk model."""


def _stream_to(url: str, target: Path, progress: Callable[[int], None] | None) -> tuple[int, str]:
    """Write the body at `url` into `target`; return its size and SHA-256."""
    digest = hashlib.sha256()
    size = 0
    try:
        with requests.get(url, stream=True, timeout=(10, 60)) as resp:
            if resp.status_code != 200:
                raise ModelDownloadError(f"{url} answered {resp.status_code}")
            declared = resp.headers.get("Content-Length")
            with target.open("wb") as fh:
                for chunk in resp.iter_content(1024 * 1024):
                    fh.write(chunk)
                    digest.update(chunk)
                    size += len(chunk)
                    if progress is not None:
                        progress(size)
    except requests.RequestException as exc:
        raise ModelDownloadError(f"download of {url} failed: {exc}") from exc
    if declared is not None and int(declared) != size:
        raise ModelDownloadError(f"download of {url} was cut short: {size} of {declared} bytes")
    return size, digest.hexdigest()


def check_archive(size: int, sha256: str, spec: ModelSpec, expected_sha256: str | None) -> None:
    if spec.size is not None and size != spec.size:
        raise ModelDownloadError(f"{spec.archive} is {size} bytes, expected {spec.size}")
    if expected_sha256 is not None and sha256 != expected_sha256.lower():
        raise ModelDownloadError(f"{spec.archive} has SHA-256 {sha256}, expected {expected_sha256.lower()}")


def unpack_model(archive: Path, into: Path) -> Path:
    """Extract the archive safely into `into` and return the model directory inside it."""
    try:
        with zipfile.ZipFile(archive) as zf:
            for member in zf.namelist():
                parts = PurePosixPath(member).parts
                if member.startswith("/") or ".." in parts:
                    raise ModelDownloadError(f"archive member {member!r} would land outside the model")
            broken = zf.testzip()
            if broken is not None:
                raise ModelDownloadError(f"archive member {broken!r} is corrupt")
            zf.extractall(into)
    except zipfile.BadZipFile as exc:
        raise ModelDownloadError(f"not a zip archive: {exc}") from exc
    candidates = [into] + sorted(p for p in into.iterdir() if p.is_dir())
    for candidate in candidates:
        if looks_like_model(candidate):
            return candidate
    raise ModelDownloadError("the archive holds no Vosk model (no am/ with graph/ or conf/)")


def switch_current(models_dir: Path, name: str) -> None:
    """Point `current` at `name` by renaming a fresh symlink over it (atomic on POSIX)."""
    temp_link = models_dir / f".{CURRENT}-{uuid.uuid4().hex}"
    temp_link.symlink_to(name, target_is_directory=True)
    os.replace(temp_link, models_dir / CURRENT)


def install(model_dir: Path, models_dir: Path, name: str) -> Path:
    """Rename the checked model into models_dir/name, replacing an older copy, and make it current."""
    final = models_dir / name
    old = models_dir / f".old-{name}-{uuid.uuid4().hex}"
    if final.exists():
        os.replace(final, old)
    os.replace(model_dir, final)
    switch_current(models_dir, name)
    shutil.rmtree(old, ignore_errors=True)
    return final


def download_model(key: str, models_dir: Path, base_url: str = DEFAULT_BASE_URL,
                   sha256: str | None = None, verify: bool = True,
                   progress: Callable[[int], None] | None = None) -> Path:
    """Download, check, unpack and install the model `key` (vi or vi-small); return its directory."""
    spec = MODELS[key]
    expected = sha256 or spec.sha256
    if verify and expected is None:
        raise ModelDownloadError(f"no checksum is known for {spec.archive}: pass --sha256 <hex> from a "
                                 "copy you trust, or --no-verify to install it unchecked")
    models_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".download-", dir=models_dir) as work:
        archive = Path(work) / spec.archive
        size, digest = _stream_to(base_url.rstrip("/") + "/" + spec.archive, archive, progress)
        check_archive(size, digest, spec, expected)
        unpacked = Path(work) / "unpacked"
        unpacked.mkdir()
        model_dir = unpack_model(archive, unpacked)
        return install(model_dir, models_dir, spec.name)
