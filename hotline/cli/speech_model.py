"""`hotline model`: download, list and check the Vosk speech model."""

from __future__ import annotations

import time

import click
from flask import current_app
from flask.cli import with_appcontext

from hotline.speech.download import DEFAULT_BASE_URL
from hotline.speech.download import MODELS
from hotline.speech.download import ModelDownloadError
from hotline.speech.download import download_model
from hotline.speech.model_files import installed_models
from hotline.speech.model_files import looks_like_model
from hotline.speech.model_files import models_dir
from hotline.speech.model_files import resolve_model_path
from hotline.speech.recognizer import decode
from hotline.speech.recognizer import load_model
from hotline.speech.recognizer import read_wav
from hotline.speech.sample import SampleToolError
from hotline.speech.sample import synthesize

SAMPLE_TEXT = "Tôi muốn gia hạn giấy phép khai thác thủy sản cho tàu cá"


@click.group("model")
def model_group() -> None:
    """Vosk speech models."""


@model_group.command("download")
@click.argument("key", type=click.Choice(sorted(MODELS)))
@click.option("--base-url", default=DEFAULT_BASE_URL, show_default=True, help="Where the archives are.")
@click.option("--sha256", default=None, help="The archive's expected SHA-256, from a copy you trust.")
@click.option("--no-verify", is_flag=True, help="Install without a checksum (size and zip CRCs still checked).")
@with_appcontext
def download_command(key: str, base_url: str, sha256: str | None, no_verify: bool) -> None:
    """Download a Vietnamese model, check it and install it as the current model."""
    target = models_dir(current_app.config)
    spec = MODELS[key]
    click.echo(f"downloading {spec.archive} from {base_url}")
    try:
        path = download_model(key, target, base_url=base_url, sha256=sha256, verify=not no_verify)
    except ModelDownloadError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"installed {spec.name} at {path}; it is now the current model")


@model_group.command("list")
@with_appcontext
def list_command() -> None:
    """List the installed models and say which one the worker uses."""
    in_use = resolve_model_path(current_app.config)
    in_use_resolved = in_use.resolve() if in_use is not None else None
    for path in installed_models(current_app.config):
        mark = "*" if path.resolve() == in_use_resolved else " "
        click.echo(f"{mark} {path.name}")
    if in_use is None:
        click.echo("no model in use (hotline model download vi-small)")
    else:
        click.echo(f"in use: {in_use_resolved}")


@model_group.command("check")
@click.option("--voice", default="vi", show_default=True, help="espeak-ng voice for the sample.")
@click.option("--text", default=SAMPLE_TEXT, help="What the sample says.")
@with_appcontext
def check_command(voice: str, text: str) -> None:
    """Load the model the worker would use and decode a generated 8 kHz sample."""
    path = resolve_model_path(current_app.config)
    if path is None:
        raise click.ClickException("no speech model is installed (hotline model download vi-small, "
                                   "or set VOSK_MODEL_PATH)")
    if not looks_like_model(path):
        raise click.ClickException(f"{path} is not a usable speech model (hotline model download vi-small)")
    started = time.perf_counter()
    model = load_model(path)
    loaded = time.perf_counter() - started
    try:
        audio = read_wav(synthesize(text, rate=8000, voice=voice))
    except SampleToolError as exc:
        raise click.ClickException(str(exc)) from exc
    transcript = decode(model, audio)
    # A model's folder is often named "model" itself: name it by its whole path.
    click.echo(f"loaded the speech model at {path.resolve()} in {loaded:.1f} s")
    click.echo(f"sample: {audio.duration:.1f} s at {audio.sample_rate} Hz, decoded in "
               f"{transcript.decode_seconds:.2f} s (real-time factor "
               f"{transcript.decode_seconds / audio.duration:.2f})")
    click.echo(f"heard: {transcript.text!r} ({len(transcript.words)} words)")
