"""The speech model's rule for `hotline check`: a model is installed, and it loads."""

from __future__ import annotations

from flask import Flask

from hotline.services.doctor import Finding
from hotline.speech.model_files import looks_like_model
from hotline.speech.model_files import resolve_model_path
from hotline.speech.recognizer import load_model


def check_speech_model(app: Flask, load: bool = True) -> Finding:
    """Find the model the worker would load and, with `load`, load it as the worker would."""
    # Loading costs seconds and hundreds of MB: the CLI does it, a web page does not.
    found = Finding("speech")
    path = resolve_model_path(app.config)
    if path is None:
        found.problem("speech.none")
    elif not path.exists():
        found.problem("speech.missing", path=path)
    elif not looks_like_model(path):
        found.problem("speech.not_a_model", path=path)
    elif not load:
        found.note("speech.present", path=path.resolve())
    else:
        try:
            load_model(path)
        # Vosk reports a model it cannot read with a bare Exception ("Failed to create a model").
        except Exception as exc:
            found.problem("speech.unloadable", path=path, error=str(exc))
        else:
            found.note("speech.loaded", path=path.resolve())
    return found


def page_check_speech_model(app: Flask) -> Finding:
    """The rule as a web page runs it: without loading a model into the web process."""
    return check_speech_model(app, load=False)
