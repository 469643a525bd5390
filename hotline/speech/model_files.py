"""Where the Vosk model lives and whether one is installed."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from hotline.infra.settings import PROJECT_ROOT

MODELS_DIR_NAME = "models"
CURRENT = "current"


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
    current = models_dir(config) / CURRENT
    return current if current.exists() else None


def installed_models(config: Mapping[str, Any]) -> list[Path]:
    """The model directories `hotline model download` installed, by name."""
    root = models_dir(config)
    if not root.is_dir():
        return []
    return sorted(p for p in root.iterdir() if p.name != CURRENT and not p.name.startswith(".")
                  and p.is_dir() and looks_like_model(p))


def model_status(config: Mapping[str, Any]) -> dict[str, Any]:
    path = resolve_model_path(config)
    if path is None:
        return {"ok": False, "error": "no speech model installed (hotline model download vi-small)"}
    if not looks_like_model(path):
        return {"ok": False, "path": str(path), "error": "not a Vosk model directory"}
    resolved = path.resolve()
    return {"ok": True, "path": str(resolved), "name": resolved.name,
            "source": "VOSK_MODEL_PATH" if config.get("VOSK_MODEL_PATH") else "installed"}
