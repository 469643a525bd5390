"""The retention schedule (config/retention.toml), read and checked once when the app is made."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import fields
from datetime import datetime
from datetime import timedelta
from pathlib import Path
from typing import Any

from flask import current_app

from hotline.infra.settings import load_toml

RETENTION_FILE = "retention.toml"


class RetentionConfigError(ValueError):
    """retention.toml is missing, lacks a period, has one that is not a whole number of days, or an unknown one."""


@dataclass(frozen=True)
class RetentionSchedule:
    """How many days each kind of personal data is kept; config/retention.toml says from when and why."""

    audio_days: int
    transcript_days: int
    call_days: int
    draft_days: int
    message_days: int
    audit_days: int
    dossier_contact_days: int

    def cutoff(self, period: str, now: datetime) -> datetime:
        """The moment before which data kept for `period` (a field's name) is due."""
        days: int = getattr(self, period)
        return now - timedelta(days=days)


def parse_schedule(data: Mapping[str, Any]) -> RetentionSchedule:
    """Check the file's periods and build the schedule; every problem is named in the error."""
    names = [f.name for f in fields(RetentionSchedule)]
    unknown = sorted(set(data) - set(names))
    if unknown:
        raise RetentionConfigError(f"unknown setting(s) in {RETENTION_FILE}: {', '.join(unknown)}")
    missing = [name for name in names if name not in data]
    if missing:
        raise RetentionConfigError(f"{RETENTION_FILE} lacks {', '.join(missing)}")
    for name in names:
        value = data[name]
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise RetentionConfigError(f"{name} in {RETENTION_FILE} must be a whole number of days, at least 1, "
                                       f"not {value!r}")
    return RetentionSchedule(**{name: data[name] for name in names})


def load_schedule(config_dir: str | Path) -> RetentionSchedule:
    try:
        data = load_toml(config_dir, RETENTION_FILE)
    except FileNotFoundError as exc:
        raise RetentionConfigError(f"{RETENTION_FILE} is missing from {config_dir}: personal data must have "
                                   "a retention schedule") from exc
    return parse_schedule(data)


def retention_schedule() -> RetentionSchedule:
    """This app's retention schedule, as read when the app was made."""
    found: RetentionSchedule = current_app.extensions["retention"]
    return found
