"""`hotline check` as a whole: a ready installation exits 0, each problem is one line, and the texts agree."""

from __future__ import annotations

import string
from pathlib import Path

from click.testing import CliRunner
from flask import Flask
from flask.cli import ScriptInfo

from hotline.app import create_app
from hotline.cli import cli as hotline_cli
from hotline.cli.check import ALL_RULES
from hotline.services.doctor.settings import SMS_PATH
from hotline.services.doctor.settings import STATUS_PATH
from hotline.services.doctor.settings import VOICE_PATH
from hotline.services.doctor.texts import PARTS
from hotline.services.doctor.texts import TEXTS
from tests.doctor.conftest import Installation


def test_a_ready_installation_passes_every_part_and_exits_0(ready: Installation, ko_model_dir: Path) -> None:
    ready.app.config["VOSK_MODEL_PATH"] = str(ko_model_dir)
    result = ready.check("--verbose")
    assert result.exit_code == 0, result.output
    assert ready.problems(result) == []
    passed = {line.split(":")[0].removeprefix("✓ ") for line in result.output.splitlines() if line.startswith("✓")}
    assert passed == {PARTS[part]["en"] for part in ALL_RULES if part != "twilio_number"}
    assert f"✓ Speech model: {ko_model_dir.resolve()} loads" in result.output
    assert result.output.splitlines()[-1] == "All 10 parts are ready."


def test_problems_are_one_line_each_and_the_summary_counts_them(ready: Installation) -> None:
    ready.app.config.update(SECRET_KEY="too-short", TWILIO_FROM="12345")
    result = ready.check("--only", "secret_key", "--only", "twilio")
    assert result.exit_code == 1
    assert len(ready.problems(result)) == 2
    assert result.output.splitlines()[-1] == "2 problems in 2 of 2 parts: fix them before the hotline takes calls."


def test_one_part_and_one_problem_are_counted_in_the_singular(ready: Installation) -> None:
    assert ready.check("--only", "disk").output.splitlines()[-1] == "The part checked is ready."
    ready.app.config["SECRET_KEY"] = "too-short"
    result = ready.check("--only", "secret_key")
    assert result.output.splitlines()[-1] == "1 problem in 1 of 1 part: fix it before the hotline takes calls."


def test_only_checks_the_parts_it_names(ready: Installation) -> None:
    ready.app.config["SECRET_KEY"] = "too-short"
    assert ready.check("--only", "disk").exit_code == 0
    assert ready.check("--only", "disk", "--only", "secret_key").exit_code == 1


def test_a_production_app_without_its_secrets_is_one_line_not_a_traceback(app: Flask) -> None:
    def refused_app() -> Flask:
        return create_app({"HOTLINE_ENV": "production", "SECRET_KEY": None, "TWILIO_AUTH_TOKEN": None,
                           "DATABASE_URL": app.config["DATABASE_URL"]})

    result = CliRunner().invoke(hotline_cli, ["check"], obj=ScriptInfo(create_app=refused_app))
    assert result.exit_code == 1
    assert result.output == "✗ missing required setting(s) for production: SECRET_KEY, TWILIO_AUTH_TOKEN\n"


def test_every_text_says_the_same_in_vietnamese_and_english() -> None:
    def fields(template: str) -> set[str]:
        return {name for _, name, _, _ in string.Formatter().parse(template) if name}

    assert set(PARTS) == set(ALL_RULES)
    for key, languages in {**TEXTS, **PARTS}.items():
        assert set(languages) == {"vi", "en"}, key
        assert fields(languages["vi"]) == fields(languages["en"]), key


def test_the_webhooks_twilio_is_told_about_are_routes_of_the_app(app: Flask) -> None:
    routes = {rule.rule: rule.methods for rule in app.url_map.iter_rules()}
    for path in (VOICE_PATH, SMS_PATH, STATUS_PATH):
        assert "POST" in routes[path], path
