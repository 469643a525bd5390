"""The centre's copies of its recordings: written whole, named by id and checksum, readable only by the service."""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from hotline.app import create_app
from hotline.infra import storage
from hotline.infra.settings import recordings_dir
from hotline.infra.storage import StorageError
from hotline.infra.storage import StoredAudio
from hotline.infra.storage import inside
from hotline.infra.storage import read_stored
from hotline.infra.storage import store_audio

WAV = b"RIFF\x24\x00\x00\x00WAVEfmt " + bytes(28)


@pytest.fixture
def open_umask() -> Iterator[None]:
    """A umask that would leave new files and directories readable by everyone."""
    previous = os.umask(0o022)
    yield
    os.umask(previous)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_audio_is_stored_under_a_derived_name_with_its_checksum_size_and_type(tmp_path: Path,
                                                                              open_umask: None) -> None:
    root = tmp_path / "instance" / "recordings"
    stored = store_audio(root, 1234, WAV)
    sha256 = hashlib.sha256(WAV).hexdigest()
    assert stored == StoredAudio(f"0001/1234-{sha256}.wav", sha256, len(WAV), "audio/wav")
    path = root / stored.path
    assert path.read_bytes() == WAV
    assert mode(path) == 0o600
    assert [mode(d) for d in (tmp_path / "instance", root, path.parent)] == [0o700, 0o700, 0o700]
    assert [p.name for p in path.parent.iterdir()] == [path.name]  # no temporary file left behind


@pytest.mark.parametrize(("head", "content_type", "suffix"), [
    (b"OggS\x00\x02", "audio/ogg", ".ogg"),
    (b"ID3\x04\x00", "audio/mpeg", ".mp3"),
    (b"fLaC\x00\x00", "audio/flac", ".flac"),
    (b"<!doctype html><script>alert(1)</script>", "application/octet-stream", ".bin"),
    (b"RIFF\x00\x00\x00\x00AVI LIST", "application/octet-stream", ".bin"),
])
def test_the_type_comes_from_the_bytes_and_anything_unknown_is_an_octet_stream(
        tmp_path: Path, head: bytes, content_type: str, suffix: str) -> None:
    stored = store_audio(tmp_path, 7, head)
    assert (stored.content_type, Path(stored.path).suffix) == (content_type, suffix)


def test_a_write_cut_short_leaves_the_earlier_copy_whole_and_no_partial_file(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = store_audio(tmp_path, 5, WAV)

    def disk_failure(_fd: int) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(storage.os, "fsync", disk_failure)
    with pytest.raises(StorageError, match="Input/output error"):
        store_audio(tmp_path, 5, WAV)
    with pytest.raises(StorageError):
        store_audio(tmp_path, 5, WAV + b"more")
    assert [p.name for p in (tmp_path / first.path).parent.iterdir()] == [Path(first.path).name]
    assert (tmp_path / first.path).read_bytes() == WAV


def test_a_storage_directory_that_cannot_be_made_is_a_storage_error(tmp_path: Path) -> None:
    (tmp_path / "recordings").write_text("a file where the directory should be")
    with pytest.raises(StorageError, match="could not store the audio"):
        store_audio(tmp_path / "recordings", 1, WAV)


@pytest.mark.parametrize("name", ["../outside.wav", "0000/../../outside.wav", "/etc/passwd", ".", ""])
def test_a_stored_name_never_leads_outside_the_storage_directory(tmp_path: Path, name: str) -> None:
    (tmp_path / "outside.wav").write_bytes(WAV)
    with pytest.raises(StorageError, match="leads outside"):
        inside(tmp_path / "recordings", name)


def test_a_symlink_out_of_the_storage_directory_is_refused(tmp_path: Path) -> None:
    root = tmp_path / "recordings"
    root.mkdir()
    (tmp_path / "secret").write_bytes(b"not audio")
    (root / "link.wav").symlink_to(tmp_path / "secret")
    with pytest.raises(StorageError, match="leads outside"):
        inside(root, "link.wav")


def test_a_stored_copy_is_read_back_only_while_it_holds_what_was_stored(tmp_path: Path) -> None:
    stored = store_audio(tmp_path, 9, WAV)
    assert read_stored(tmp_path, stored) == WAV
    (tmp_path / stored.path).write_bytes(WAV[:-1] + b"\x01")
    assert read_stored(tmp_path, stored) is None
    (tmp_path / stored.path).unlink()
    assert read_stored(tmp_path, stored) is None


def test_recordings_dir_is_the_setting_or_recordings_in_the_instance_folder(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    database = f"sqlite:///{tmp_path / 'h.db'}"
    default = create_app({"DATABASE_URL": database, "INSTANCE_PATH": str(tmp_path / "instance")})
    assert recordings_dir(default.config) == tmp_path / "instance" / "recordings"
    monkeypatch.setenv("HOTLINE_RECORDINGS_DIR", str(tmp_path / "shared"))
    assert recordings_dir(create_app({"DATABASE_URL": database}).config) == tmp_path / "shared"
