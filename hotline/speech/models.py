"""Where the Vosk model lives and whether one is installed."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from hotline.settings import PROJECT_ROOT

MODELS_DIR_NAME = "models"


def models_dir(config: Mapping[str, Any]) -> Path:
    """Models installed by `hotline model download` live under instance/models."""
    instance = config.get("INSTANCE_PATH") or PROJECT_ROOT / "instance"
    return Path(instance) / MODELS_DIR_NAME


def looks_like_model(path: Path) -> bool:
    """A Vosk model directory has an acoustic model and a graph."""
    return (path / "am").is_dir() and ((path / "graph").is_dir() or (path / "conf").is_dir())


def resolve_model_path(config: Mapping[str, Any]) -> Path | None:
    """VOSK_MODEL_PATH when set, else the model `hotline model` installed as current."""
    explicit = config.get("VOSK_MODEL_PATH")
    if explicit:
        return Path(explicit)
    current = models_dir(config) / "current"
    return current if current.exists() else None


def model_status(config: Mapping[str, Any]) -> dict[str, Any]:
    path = resolve_model_path(config)
    if path is None:
        return {"ok": False, "error": "no speech model installed (hotline model download vi-small)"}
    if not looks_like_model(path):
        return {"ok": False, "path": str(path), "error": "not a Vosk model directory"}
    return {"ok": True, "path": str(path.resolve())}
