"""The centre's own copies of its recordings, kept under RECORDINGS_DIR.

A file is written beside its final name, synced, and renamed into place, so nobody ever reads half of
one. Its name comes from the recording's id and the audio's checksum, never from anything a caller or
the provider sent. Voices are personal data: files are 0600 and the directories this module makes
0700 (a umask only takes bits away), so only the service's user can read them.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

DIR_MODE = 0o700
OCTET_STREAM = "application/octet-stream"
# The types the console hands a browser as audio, each with the suffix its files get.
AUDIO_TYPES = {"audio/wav": ".wav", "audio/mpeg": ".mp3", "audio/ogg": ".ogg", "audio/flac": ".flac"}
# Recordings per subdirectory: keeps any one directory small enough to list.
PER_DIRECTORY = 1000


class StorageError(RuntimeError):
    """A file could not be stored, or a stored name leads outside the storage directory."""


@dataclass(frozen=True)
class StoredAudio:
    """A stored copy: its path relative to the storage directory, and what its bytes are."""

    path: str
    sha256: str
    size: int
    content_type: str


def sniff_audio_type(data: bytes) -> str:
    """The audio type the bytes themselves show; anything else is an octet stream."""
    if data[:4] == b"RIFF" and data[8:12] == b"WAVE":
        return "audio/wav"
    if data[:4] == b"OggS":
        return "audio/ogg"
    if data[:4] == b"fLaC":
        return "audio/flac"
    if data[:3] == b"ID3" or data[:2] in (b"\xff\xfb", b"\xff\xf3", b"\xff\xf2"):
        return "audio/mpeg"
    return OCTET_STREAM


def audio_name(recording_id: int, sha256: str, content_type: str) -> str:
    """Where a recording's audio is stored, relative to the storage directory."""
    suffix = AUDIO_TYPES.get(content_type, ".bin")
    return f"{recording_id // PER_DIRECTORY:04d}/{recording_id}-{sha256}{suffix}"


def inside(root: Path, relative: str) -> Path:
    """The file `relative` names under `root`; StorageError if it would lead anywhere else."""
    base = Path(root).resolve()
    path = (base / relative).resolve()
    if path == base or not path.is_relative_to(base):
        raise StorageError(f"stored path {relative!r} leads outside the storage directory")
    return path


def _make_directories(directory: Path) -> None:
    """Make `directory` and its missing parents, each 0700."""
    missing = []
    while not directory.exists():
        missing.append(directory)
        directory = directory.parent
    for path in reversed(missing):
        path.mkdir(mode=DIR_MODE, exist_ok=True)


def write_atomically(path: Path, data: bytes) -> None:
    """Write `data` to `path` through a synced temporary file (0600, as mkstemp makes it) renamed over it."""
    fd, temp = tempfile.mkstemp(prefix=".incoming-", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    # The rename itself must reach the disk, or a crash could forget the file after the row names it.
    dir_fd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def store_audio(root: Path, recording_id: int, data: bytes) -> StoredAudio:
    """Keep a recording's audio under `root` and say what was stored."""
    sha256 = hashlib.sha256(data).hexdigest()
    content_type = sniff_audio_type(data)
    stored = StoredAudio(audio_name(recording_id, sha256, content_type), sha256, len(data), content_type)
    try:
        path = inside(root, stored.path)
        _make_directories(path.parent)
        write_atomically(path, data)
    except OSError as exc:
        raise StorageError(f"could not store the audio under {root}: {exc}") from exc
    return stored


def read_stored(root: Path, stored: StoredAudio) -> bytes | None:
    """The stored copy's bytes, or None when the file is gone or no longer holds what was stored."""
    path = inside(root, stored.path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise StorageError(f"could not read the stored audio {stored.path}: {exc}") from exc
    if len(data) != stored.size or hashlib.sha256(data).hexdigest() != stored.sha256:
        return None
    return data


def discard(root: Path, relative: str) -> None:
    """Remove a stored copy that no row names any longer."""
    try:
        inside(root, relative).unlink(missing_ok=True)
    except OSError as exc:
        raise StorageError(f"could not remove the stored audio {relative}: {exc}") from exc
