"""The `hotline` command: migrations, demo data, accounts and API tokens."""

from __future__ import annotations

import stat
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy import func
from sqlalchemy import select
from sqlalchemy.orm import Session

from hotline.models import ApiToken
from hotline.models import Owner
from hotline.models import Role
from hotline.models import User
from hotline.services.accounts import token_digest
from hotline.services.accounts import verify_password
from hotline.services.places import wards_of


def test_seed_demo_prints_a_password_per_role_that_logs_in(runner: FlaskCliRunner, session: Session) -> None:
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    lines = {line.split()[0]: line.split() for line in result.output.splitlines() if line.startswith("  ")}
    assert set(lines) == {r.value for r in Role}
    for role, (_, username, password) in lines.items():
        user = session.scalars(select(User).where(User.username == username)).one()
        assert user.role.value == role
        assert verify_password(user.password_hash, password)


def _demo_passwords(output: str) -> dict[str, str]:
    return {line.split()[1]: line.split()[2] for line in output.splitlines() if line.startswith("  ")}


def test_seed_demo_keeps_the_demo_passwords_under_instance_for_the_next_run(
        app: Flask, runner: FlaskCliRunner, session: Session) -> None:
    first = runner.invoke(args=["seed-demo"])
    kept = Path(app.config["INSTANCE_PATH"]) / "demo-passwords.toml"
    assert first.exit_code == 0 and f"passwords kept in {kept}" in first.output
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600
    kept.chmod(0o644)
    again = runner.invoke(args=["seed-demo"])
    assert _demo_passwords(again.output) == _demo_passwords(first.output) == tomllib.loads(kept.read_text())
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600
    session.rollback()
    for username, password in _demo_passwords(again.output).items():
        account = session.scalars(select(User).where(User.username == username)).one()
        assert verify_password(account.password_hash, password)


def test_seed_demo_reset_passwords_makes_new_ones(app: Flask, runner: FlaskCliRunner, session: Session) -> None:
    old = _demo_passwords(runner.invoke(args=["seed-demo"]).output)
    reset = runner.invoke(args=["seed-demo", "--reset-passwords"])
    assert reset.exit_code == 0, reset.output
    new = _demo_passwords(reset.output)
    assert set(new) == set(old) and all(new[name] != old[name] for name in new)
    assert tomllib.loads((Path(app.config["INSTANCE_PATH"]) / "demo-passwords.toml").read_text()) == new
    session.rollback()
    admin = session.scalars(select(User).where(User.username == "admin")).one()
    assert verify_password(admin.password_hash, new["admin"]) and not verify_password(admin.password_hash, old["admin"])


def test_seed_demo_puts_owners_in_real_quang_ngai_communes(runner: FlaskCliRunner, session: Session) -> None:
    runner.invoke(args=["seed-demo"])
    again = runner.invoke(args=["seed-demo"])
    assert "0 new owners" in again.output
    owners = session.scalars(select(Owner)).all()
    communes = {code for code, _ in wards_of(51)}
    assert len(owners) == 6
    assert all(o.province_code == 51 and o.ward_code in communes and o.vessels for o in owners)


def test_user_add_creates_an_argon2id_account(runner: FlaskCliRunner, session: Session) -> None:
    result = runner.invoke(args=["user", "add", "--username", "lan", "--password", "mật khẩu dài",
                                 "--role", "supervisor"])
    assert result.exit_code == 0, result.output
    user = session.scalars(select(User).where(User.username == "lan")).one()
    assert user.role is Role.SUPERVISOR
    assert user.password_hash.startswith("$argon2id$")
    assert verify_password(user.password_hash, "mật khẩu dài")


def test_user_add_refuses_a_short_password_and_an_unknown_role(runner: FlaskCliRunner, session: Session) -> None:
    short = runner.invoke(args=["user", "add", "--username", "a", "--password", "short", "--role", "admin"])
    assert short.exit_code != 0 and "at least 8 characters" in short.output
    wrong = runner.invoke(args=["user", "add", "--username", "a", "--password", "longenough", "--role", "boss"])
    assert wrong.exit_code != 0 and "boss" in wrong.output
    assert session.scalar(select(func.count(User.id))) == 0


def test_user_add_refuses_a_username_outside_the_rule_without_a_traceback(runner: FlaskCliRunner,
                                                                          session: Session) -> None:
    refused = runner.invoke(args=["user", "add", "--username", "bưu tá/1", "--password", "longenough",
                                  "--role", "courier"])
    assert refused.exit_code == 2 and isinstance(refused.exception, SystemExit)
    assert "Invalid value for --username: A username must be 2–60 characters" in refused.output
    assert "Traceback" not in refused.output
    assert session.scalar(select(func.count(User.id))) == 0


def test_user_add_stores_the_username_in_lower_case(runner: FlaskCliRunner, session: Session) -> None:
    result = runner.invoke(args=["user", "add", "--username", " Lan ", "--password", "longenough",
                                 "--role", "operator"])
    assert result.exit_code == 0 and result.output == "user lan (operator) saved\n"
    again = runner.invoke(args=["user", "add", "--username", "LAN", "--password", "longenough2",
                                "--role", "admin"])
    assert again.exit_code == 0, again.output
    user = session.scalars(select(User)).one()
    assert (user.username, user.role) == ("lan", Role.ADMIN) and verify_password(user.password_hash, "longenough2")


def _account(session: Session, username: str) -> User | None:
    session.rollback()
    return session.scalars(select(User).where(User.username == username)).one_or_none()


def test_user_add_asks_for_the_password_twice_and_never_shows_it(runner: FlaskCliRunner, session: Session) -> None:
    typed = "ngắn\nmật khẩu dài\nmật khẩu khác\nmật khẩu dài\nmật khẩu dài\n"
    result = runner.invoke(args=["user", "add", "--username", "lan", "--role", "admin"], input=typed)
    assert result.exit_code == 0, result.output
    assert "at least 8 characters" in result.output and "do not match" in result.output
    assert "mật khẩu" not in result.output and "ngắn" not in result.output
    account = _account(session, "lan")
    assert account is not None and verify_password(account.password_hash, "mật khẩu dài")


def test_user_add_reads_the_password_from_stdin_for_scripts(runner: FlaskCliRunner, session: Session) -> None:
    result = runner.invoke(args=["user", "add", "--username", "admin", "--role", "admin", "--password-stdin"],
                           input="  dài và có dấu cách  \r\nthe next line is not read\n")
    assert result.exit_code == 0, result.output
    assert result.output == "user admin (admin) saved\n"
    account = _account(session, "admin")
    assert account is not None and verify_password(account.password_hash, "  dài và có dấu cách  ")


@pytest.mark.parametrize(("args", "given", "problem"), [
    (["--password-stdin"], "", "standard input gave no password"),
    (["--password-stdin"], "short\n", "at least 8 characters"),
    (["--password-stdin", "--password", "longenough"], "longenough\n", "not both"),
    ([], "", "Aborted"),
])
def test_user_add_without_a_usable_password_saves_nothing(runner: FlaskCliRunner, session: Session,
                                                          args: list[str], given: str, problem: str) -> None:
    result = runner.invoke(args=["user", "add", "--username", "admin", "--role", "admin", *args], input=given)
    assert result.exit_code != 0 and problem in result.output
    assert _account(session, "admin") is None


def test_api_token_create_prints_a_token_and_stores_only_its_hash(runner: FlaskCliRunner,
                                                                   session: Session) -> None:
    result = runner.invoke(args=["api-token", "create", "one-stop portal"])
    token = result.output.strip()
    assert result.exit_code == 0 and len(token) >= 40
    stored = session.scalars(select(ApiToken)).one()
    assert stored.name == "one-stop portal"
    assert stored.token_hash == token_digest(token) != token


def test_db_upgrade_migrates_a_new_database(app: Flask, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'fresh.db'}"
    env = {"DATABASE_URL": url, "PATH": "/usr/bin:/bin"}
    done = subprocess.run([str(Path(sys.executable).parent / "hotline"), "db", "upgrade"], env=env,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "database at head" in done.stdout


def test_hotline_help_shows_the_hotlines_options_not_flasks() -> None:
    from click.testing import CliRunner

    from hotline.cli import cli

    shown = CliRunner().invoke(cli, ["--help"])
    assert shown.exit_code == 0, shown.output
    for flasks in ("Flask version", "--app", "--debug", "--env-file"):
        assert flasks not in shown.output
    assert "Place a call to the hotline" in shown.output and "--version" in shown.output
    version = CliRunner().invoke(cli, ["--version"])
    assert version.output == f"hotline {tomllib.loads(Path('pyproject.toml').read_text())['project']['version']}\n"
