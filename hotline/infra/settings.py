"""Settings from the environment and the data files under config/."""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parents[2]

# Settings read from the environment, with their defaults (None: not set).
ENV_SETTINGS: dict[str, str | None] = {
    "DATABASE_URL": None,
    "REDIS_URL": None,
    "SECRET_KEY": None,
    "TWILIO_ACCOUNT_SID": None,
    "TWILIO_AUTH_TOKEN": None,
    "TWILIO_FROM": None,
    # Twilio's REST API at another address (a proxy, or a stand-in in end-to-end tests).
    "TWILIO_API_URL": None,
    "PUBLIC_BASE_URL": None,
    "VOSK_MODEL_PATH": None,
    "MAX_RECORDING_SECONDS": "300",
    # `hotline check` wants this much free space (MB) on the disk that keeps the recordings.
    "RECORDINGS_MIN_FREE_MB": "1024",
    "RECORDING_HOSTS": None,
    "TRANSCRIPTION_LEASE_SECONDS": "900",
    "SWEEP_GRACE_SECONDS": "120",
    # Processes `hotline worker` forks from one parent that loads the speech model once for them all.
    "WORKER_PROCESSES": "1",
    # Texts to owners (services/sms_retry.RetryPolicy holds the defaults).
    "SMS_MAX_ATTEMPTS": None,
    "SMS_RETRY_SECONDS": None,
    "SMS_RETRY_CAP_SECONDS": None,
    "SMS_LEASE_SECONDS": None,
    "HOTLINE_ENV": "development",
    "LOG_LEVEL": "INFO",
    "CONFIG_DIR": str(PROJECT_ROOT / "config"),
    # Where the centre keeps its copies of the recordings; every web and worker host must share it.
    "RECORDINGS_DIR": None,
    # Reverse proxies in front of the app whose X-Forwarded-For and -Proto are believed; 0: none.
    "TRUSTED_PROXY_COUNT": "0",
    # Bytes a request body may hold (webhooks and forms); the owner import's file may hold more.
    "MAX_CONTENT_LENGTH": str(64 * 1024),
    "MAX_IMPORT_LENGTH": str(10 * 1024 * 1024),
    # Fields a form may have, and bytes one field (not a file) may hold.
    "MAX_FORM_PARTS": "200",
    "MAX_FORM_MEMORY_SIZE": str(64 * 1024),
}

REQUIRED_IN_PRODUCTION = ("SECRET_KEY", "TWILIO_AUTH_TOKEN")

DEV_SECRET = "dev-only-secret-not-for-production"
# Development signs webhooks too, so `hotline call` and the app agree without a Twilio account.
DEV_TWILIO_AUTH_TOKEN = "dev-only-twilio-token"


class SettingsError(RuntimeError):
    """The app cannot start with the settings it was given."""


def from_environment(environ: Mapping[str, str]) -> dict[str, Any]:
    """Read the documented settings, plain or with the HOTLINE_ prefix (the prefix wins)."""
    settings: dict[str, Any] = {}
    for name, default in ENV_SETTINGS.items():
        value = environ.get(f"HOTLINE_{name}", environ.get(name, default))
        settings[name] = value or default
    return settings


def check_production(settings: Mapping[str, Any]) -> None:
    """Refuse to start in production without the secrets, naming each one missing."""
    if settings.get("HOTLINE_ENV") != "production":
        return
    missing = [name for name in REQUIRED_IN_PRODUCTION if not settings.get(name)]
    if missing:
        raise SettingsError(f"missing required setting(s) for production: {', '.join(missing)}")


def whole_number(settings: Mapping[str, Any], name: str) -> int:
    """The setting `name` as a whole number of at least 0, or a SettingsError naming it."""
    value = settings.get(name)
    try:
        number = int(str(value))
    except ValueError:
        raise SettingsError(f"{name} must be a whole number, not {value!r}") from None
    if number < 0:
        raise SettingsError(f"{name} must be 0 or more, not {number}")
    return number


def worker_processes(settings: Mapping[str, Any]) -> int:
    """WORKER_PROCESSES: how many processes `hotline worker` forks from the parent that loads the model."""
    number = whole_number(settings, "WORKER_PROCESSES")
    if number < 1:
        raise SettingsError(f"WORKER_PROCESSES must be 1 or more, not {number}")
    return number


def load_toml(config_dir: str | Path, name: str) -> dict[str, Any]:
    """Load one data file from the config directory."""
    path = Path(config_dir) / name
    with path.open("rb") as fh:
        return tomllib.load(fh)


def default_database_url(instance_path: str) -> str:
    """SQLite under instance/ when DATABASE_URL is not set."""
    os.makedirs(instance_path, exist_ok=True)
    return f"sqlite:///{Path(instance_path) / 'hotline.db'}"


def recordings_dir(config: Mapping[str, Any]) -> Path:
    """RECORDINGS_DIR when set, else recordings/ in the instance folder."""
    explicit = config.get("RECORDINGS_DIR")
    if explicit:
        return Path(explicit)
    return Path(config.get("INSTANCE_PATH") or PROJECT_ROOT / "instance") / "recordings"


def manifests_dir(config: Mapping[str, Any]) -> Path:
    """Where the manifests' files (PDF, CSV, Excel) are written: manifests/ in the instance folder."""
    return Path(config.get("INSTANCE_PATH") or PROJECT_ROOT / "instance") / "manifests"
