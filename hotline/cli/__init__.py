"""The `hotline` command: a Flask CLI group with every subcommand of the hotline."""

from __future__ import annotations

import sys

import click
from flask import current_app
from flask.cli import AppGroup
from flask.cli import FlaskGroup
from flask.cli import routes_command
from flask.cli import shell_command

from hotline import migrations
from hotline.app import create_app
from hotline.cli.catalogue import catalogue
from hotline.cli.check import check_command
from hotline.cli.manifest import manifest_group
from hotline.cli.phone import call_command
from hotline.cli.privacy import privacy_group
from hotline.cli.run import run_command
from hotline.cli.seed import seed_demo_command
from hotline.cli.speech_model import model_group
from hotline.infra.db import get_session
from hotline.models import Role
from hotline.services.accounts import MIN_PASSWORD_LENGTH
from hotline.services.accounts import AccountError
from hotline.services.accounts import create_api_token
from hotline.services.accounts import save_account
from hotline.web.english import ENGLISH
from hotline.worker import worker_command


@click.group(cls=AppGroup)
def db() -> None:
    """Database migrations."""


@db.command("upgrade")
@click.option("--revision", default="head", show_default=True)
def db_upgrade(revision: str) -> None:
    """Apply the migrations to DATABASE_URL."""
    migrations.upgrade(current_app.config["DATABASE_URL"], revision)
    click.echo(f"database at {revision}")


@click.group(cls=AppGroup)
def user() -> None:
    """Console accounts."""


@user.command("add")
@click.option("--username", required=True)
@click.option("--password", default=None,
              help="The password on the command line, where shell history and `ps` keep it: prefer the prompt "
                   "(when neither this nor --password-stdin is given) or --password-stdin.")
@click.option("--role", required=True, type=click.Choice([r.value for r in Role]))
@click.option("--full-name", default="")
@click.option("--password-stdin", is_flag=True, help="Read the password from the first line of standard input.")
def user_add(username: str, password: str | None, role: str, full_name: str, password_stdin: bool) -> None:
    """Create a console account, or reset its password and role; the password is asked for, never shown."""
    if password is not None and password_stdin:
        raise click.UsageError("give --password or --password-stdin, not both")
    if password_stdin:
        password = _password_from_stdin()
    elif password is None:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True, value_proc=_long_enough)
    _long_enough(password)
    session = get_session()
    try:
        account = save_account(session, username, password, Role(role), full_name)
    except AccountError as exc:
        english = ENGLISH.get(exc.message, exc.message)
        raise click.BadParameter(english.format(**exc.values), param_hint="--username") from exc
    session.commit()
    click.echo(f"user {account.username} ({role}) saved")


def _password_from_stdin() -> str:
    line = sys.stdin.readline()
    password = line.removesuffix("\n").removesuffix("\r")
    if not password:
        raise click.BadParameter("standard input gave no password", param_hint="--password-stdin")
    return password


def _long_enough(password: str) -> str:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise click.BadParameter(f"the password must have at least {MIN_PASSWORD_LENGTH} characters",
                                 param_hint="password")
    return password


@click.group("api-token", cls=AppGroup)
def api_token() -> None:
    """Bearer tokens for /api/v1."""


@api_token.command("create")
@click.argument("name")
def api_token_create(name: str) -> None:
    """Create a token and print it; it is shown only this once."""
    session = get_session()
    token = create_api_token(session, name)
    session.commit()
    click.echo(token)


# Flask's options for running any Flask app: the hotline's command always runs the hotline, in the mode its
# settings give (the environment, .env), and shows its own version.
FLASK_OPTIONS = frozenset({"env_file", "app", "debug", "version"})


class HotlineGroup(FlaskGroup):
    """The `hotline` command: Flask's CLI group, which gives every command the app, without Flask's options."""

    def __init__(self) -> None:
        super().__init__(create_app=create_app, add_default_commands=False, add_version_option=False,
                         help="The Tàu cá hotline: phone line, console and post for fishing-vessel owners' "
                              "procedures.")
        self.params = [param for param in self.params if param.name not in FLASK_OPTIONS]


cli = click.version_option(package_name="tauca-hotline", prog_name="hotline", message="%(prog)s %(version)s",
                           help="Show the hotline's version.")(HotlineGroup())
for command in (run_command, worker_command, seed_demo_command, db, user, api_token, model_group, manifest_group,
                call_command, check_command, privacy_group, shell_command, routes_command, catalogue):
    cli.add_command(command)
