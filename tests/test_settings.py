"""Settings from the environment; production refuses to start without its secrets."""

from __future__ import annotations

from pathlib import Path

import pytest

from hotline.app import create_app
from hotline.infra.settings import PROJECT_ROOT
from hotline.infra.settings import SettingsError
from hotline.infra.settings import check_production
from hotline.infra.settings import from_environment
from hotline.services.catalogue import CatalogueError
from hotline.services.catalogue import read_catalogue


def test_environment_names_and_the_hotline_prefix() -> None:
    settings = from_environment({"DATABASE_URL": "sqlite://", "HOTLINE_REDIS_URL": "redis://x/1",
                                 "REDIS_URL": "redis://ignored/0"})
    assert settings["DATABASE_URL"] == "sqlite://"
    assert settings["REDIS_URL"] == "redis://x/1"
    assert settings["HOTLINE_ENV"] == "development"


def test_a_worker_process_finds_where_to_send_texts_in_its_environment() -> None:
    # A worker has only its environment: a proxy (or a stand-in Twilio) must be reachable from there.
    assert from_environment({"TWILIO_API_URL": "http://127.0.0.1:8089"})["TWILIO_API_URL"] == "http://127.0.0.1:8089"
    assert from_environment({})["TWILIO_API_URL"] is None


@pytest.mark.parametrize(("given", "missing"), [
    ({}, "SECRET_KEY, TWILIO_AUTH_TOKEN"),
    ({"SECRET_KEY": "s"}, "TWILIO_AUTH_TOKEN"),
    ({"TWILIO_AUTH_TOKEN": "t"}, "SECRET_KEY"),
])
def test_production_names_each_missing_secret(given: dict[str, str], missing: str) -> None:
    with pytest.raises(SettingsError, match=f"missing required setting\\(s\\) for production: {missing}$"):
        check_production({"HOTLINE_ENV": "production", **given})


def test_production_app_starts_with_its_secrets(tmp_path: Path) -> None:
    app = create_app({"HOTLINE_ENV": "production", "SECRET_KEY": "s", "TWILIO_AUTH_TOKEN": "t",
                      "DATABASE_URL": f"sqlite:///{tmp_path / 'p.db'}"})
    assert app.config["SECRET_KEY"] == "s"


def test_production_app_refuses_without_secrets() -> None:
    with pytest.raises(SettingsError, match="SECRET_KEY"):
        create_app({"HOTLINE_ENV": "production", "SECRET_KEY": None, "TWILIO_AUTH_TOKEN": None})


def test_the_shipped_catalogue_gives_keys_in_order() -> None:
    entries = read_catalogue(str(PROJECT_ROOT / "config"))
    assert [e["keypad_key"] for e in entries] == list(range(1, len(entries) + 1))
    assert all(e["name_vi"] and e["name_en"] and e["working_days"] > 0 for e in entries)


def test_a_catalogue_entry_without_its_fields_is_refused(tmp_path: Path) -> None:
    (tmp_path / "procedures.toml").write_text('[[procedure]]\ncode = "x"\nname_vi = "X"\n')
    with pytest.raises(CatalogueError, match=r"procedure 1 \(x\) lacks name_en, working_days, .*, key$"):
        read_catalogue(str(tmp_path))


def test_development_signs_webhooks_with_a_dev_token_that_production_never_uses(tmp_path: Path) -> None:
    from hotline.infra.settings import DEV_TWILIO_AUTH_TOKEN

    dev = create_app({"TWILIO_AUTH_TOKEN": None, "DATABASE_URL": f"sqlite:///{tmp_path / 'd.db'}"})
    assert dev.config["TWILIO_AUTH_TOKEN"] == DEV_TWILIO_AUTH_TOKEN
    with pytest.raises(SettingsError, match="TWILIO_AUTH_TOKEN"):
        create_app({"HOTLINE_ENV": "production", "SECRET_KEY": "s", "TWILIO_AUTH_TOKEN": None})


def test_request_limits_and_proxies_come_from_the_environment(tmp_path: Path) -> None:
    settings = from_environment({"HOTLINE_TRUSTED_PROXY_COUNT": "1", "MAX_IMPORT_LENGTH": "0"})
    assert (settings["TRUSTED_PROXY_COUNT"], settings["MAX_CONTENT_LENGTH"]) == ("1", str(64 * 1024))
    app = create_app({**settings, "DATABASE_URL": f"sqlite:///{tmp_path / 'l.db'}"})
    assert app.config["MAX_CONTENT_LENGTH"] == 64 * 1024
    assert app.config["MAX_IMPORT_LENGTH"] is None  # 0 turns a limit off


def test_a_limit_that_is_not_a_number_stops_the_app_and_names_itself(tmp_path: Path) -> None:
    with pytest.raises(SettingsError, match="MAX_CONTENT_LENGTH must be a whole number, not '64k'"):
        create_app({"MAX_CONTENT_LENGTH": "64k", "DATABASE_URL": f"sqlite:///{tmp_path / 'l.db'}"})
