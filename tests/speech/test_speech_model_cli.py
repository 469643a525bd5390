"""`hotline model`: download from a local stand-in for the Vosk site, install atomically, list, check."""

from __future__ import annotations

import hashlib
import io
import logging
import zipfile
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask.testing import FlaskCliRunner

from hotline.speech.model_files import model_status
from hotline.speech.model_files import models_dir
from hotline.worker import preload_speech_model
from tests.speech.conftest import AudioHost
from tests.tools import require_tool

SMALL = "vosk-model-small-vn-0.4"


def model_archive(ko_model_path: Path, top: str, broken: bool = False) -> bytes:
    """A zip shaped like the Vosk site's: one top directory holding a model (am/ and conf/ only, to stay small)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as zf:
        for sub in ("am", "conf"):
            for file in sorted((ko_model_path / sub).iterdir()):
                zf.write(file, f"{top}/{sub}/{file.name}")
        if broken:
            zf.writestr("../escape.txt", "outside")
    return buffer.getvalue()


def download(runner: FlaskCliRunner, host: AudioHost, *extra: str) -> tuple[int, str]:
    result = runner.invoke(args=["model", "download", "vi-small", "--base-url", host.base_url, *extra])
    return result.exit_code, result.output


def test_download_checks_the_checksum_and_installs_the_model_as_current(
        app: Flask, runner: FlaskCliRunner, client: FlaskClient, audio_host: AudioHost,
        ko_model_path: Path) -> None:
    body = model_archive(ko_model_path, SMALL)
    audio_host.serve(f"/{SMALL}.zip", body)
    root = models_dir(app.config)

    code, output = download(runner, audio_host)
    assert code == 1 and "no checksum is known" in output
    code, output = download(runner, audio_host, "--sha256", "0" * 64)
    assert code == 1 and "expected " + "0" * 64 in output
    assert not (root / "current").exists()
    assert [p.name for p in root.iterdir()] == []  # nothing half-installed is left behind

    code, output = download(runner, audio_host, "--sha256", hashlib.sha256(body).hexdigest())
    assert code == 0, output
    assert (root / "current").is_symlink() and (root / "current").resolve() == (root / SMALL).resolve()
    assert (root / SMALL / "am" / "final.mdl").stat().st_size == (ko_model_path / "am" / "final.mdl").stat().st_size

    listing = runner.invoke(args=["model", "list"])
    assert f"* {SMALL}" in listing.output
    assert client.get("/healthz").get_json()["speech"] == {"ok": True}
    speech = model_status(app.config)
    assert speech["ok"] is True and speech["name"] == SMALL and speech["source"] == "installed"


@pytest.mark.parametrize(("body", "reason"), [
    (b"PK\x03\x04 not really a zip", "not a zip archive"),
    (None, "outside the model"),
])
def test_a_bad_archive_is_never_installed(app: Flask, runner: FlaskCliRunner, audio_host: AudioHost,
                                          ko_model_path: Path, body: bytes | None, reason: str) -> None:
    data = body if body is not None else model_archive(ko_model_path, SMALL, broken=True)
    audio_host.serve(f"/{SMALL}.zip", data)
    code, output = download(runner, audio_host, "--no-verify")
    assert code == 1 and reason in output
    assert [p.name for p in models_dir(app.config).iterdir()] == []


def test_model_check_loads_the_model_and_decodes_a_generated_sample(
        app: Flask, runner: FlaskCliRunner, ko_model_path: Path) -> None:
    require_tool("espeak-ng")
    require_tool("sox")
    missing = runner.invoke(args=["model", "check"])
    assert missing.exit_code == 1 and "no speech model is installed" in missing.output
    assert "None" not in missing.output
    app.config["VOSK_MODEL_PATH"] = str(ko_model_path.parent)
    not_a_model = runner.invoke(args=["model", "check"])
    assert f"{ko_model_path.parent} is not a usable speech model" in not_a_model.output
    app.config["VOSK_MODEL_PATH"] = str(ko_model_path)
    result = runner.invoke(args=["model", "check", "--voice", "ko", "--text", "일 이 삼"])
    assert result.exit_code == 0, result.output
    assert f"loaded the speech model at {ko_model_path.resolve()} in " in result.output
    assert "at 8000 Hz" in result.output and "real-time factor" in result.output


def test_the_worker_says_plainly_when_no_model_is_installed(app: Flask, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="hotline.worker"):
        assert preload_speech_model(app) is None
    assert "no speech model is installed: recordings will wait" in caplog.text and "None" not in caplog.text
