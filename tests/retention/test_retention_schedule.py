"""config/retention.toml read into a typed schedule that stops the app at start when it is wrong; masked numbers."""

from __future__ import annotations

import shutil
import tomllib
from datetime import UTC
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from hotline.app import create_app
from hotline.domain.phone import mask_phone
from hotline.infra.retention import RetentionConfigError
from hotline.infra.retention import RetentionSchedule
from hotline.infra.retention import parse_schedule
from hotline.infra.settings import PROJECT_ROOT


def shipped() -> dict[str, Any]:
    with (PROJECT_ROOT / "config" / "retention.toml").open("rb") as fh:
        return tomllib.load(fh)


def test_the_shipped_schedule_reads_as_the_documented_periods() -> None:
    assert parse_schedule(shipped()) == RetentionSchedule(
        audio_days=90, transcript_days=365, call_days=180, draft_days=30, message_days=90, audit_days=1825,
        dossier_contact_days=730)


def test_a_cutoff_is_the_period_before_now() -> None:
    now = datetime(2027, 6, 1, tzinfo=UTC)
    assert parse_schedule(shipped()).cutoff("draft_days", now) == datetime(2027, 5, 2, tzinfo=UTC)


@pytest.mark.parametrize(("change", "named"), [
    (lambda d: d.pop("audio_days"), "lacks audio_days"),
    (lambda d: d.update(audio_dayz=90), "unknown setting.*audio_dayz"),
    (lambda d: d.update(call_days=0), "call_days .* at least 1, not 0"),
    (lambda d: d.update(message_days="90"), "message_days .* not '90'"),
    (lambda d: d.update(audit_days=1.5), "audit_days .* not 1.5"),
    (lambda d: d.update(draft_days=True), "draft_days .* not True"),
])
def test_a_wrong_period_is_named(change: Any, named: str) -> None:
    data = shipped()
    change(data)
    with pytest.raises(RetentionConfigError, match=named):
        parse_schedule(data)


@pytest.mark.parametrize("broken", ["remove", "bad"])
def test_the_app_refuses_to_start_without_a_sound_schedule(tmp_path: Path, broken: str) -> None:
    config = tmp_path / "config"
    shutil.copytree(PROJECT_ROOT / "config", config)
    target = config / "retention.toml"
    if broken == "remove":
        target.unlink()
    else:
        target.write_text(target.read_text().replace("audio_days = 90", "audio_days = -1"))
    with pytest.raises(RetentionConfigError, match="missing|audio_days"):
        create_app({"DATABASE_URL": f"sqlite:///{tmp_path / 'a.db'}", "CONFIG_DIR": str(config)})


def test_the_app_reads_the_schedule_once(tmp_path: Path) -> None:
    app = create_app({"DATABASE_URL": f"sqlite:///{tmp_path / 'a.db'}"})
    assert app.extensions["retention"] == parse_schedule(shipped())


@pytest.mark.parametrize(("number", "masked"), [
    ("+84912345678", "+8491*****78"),
    ("+84255382200", "+8425*****00"),
    ("+14155550100", "+141******00"),
    ("0912345678", "********78"),
    ("anonymous", "*******us"),
    ("+84", "***"),
    ("", "*"),
])
def test_a_masked_number_keeps_its_network_and_last_two_digits_only(number: str, masked: str) -> None:
    assert mask_phone(number) == masked
    assert mask_phone(masked) == masked  # masking again changes nothing
