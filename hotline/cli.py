"""The `hotline` command: a Flask CLI group."""

from __future__ import annotations

import click
from flask import Flask
from flask import current_app
from flask.cli import AppGroup
from flask.cli import FlaskGroup
from flask.cli import routes_command
from flask.cli import shell_command
from sqlalchemy import select

from hotline import migrate
from hotline.app import create_app
from hotline.db import get_session
from hotline.dispatch.cli import manifest_group
from hotline.ivr.phone import call_command
from hotline.models import ApiToken
from hotline.models import Role
from hotline.models import User
from hotline.passwords import hash_password
from hotline.passwords import new_api_token
from hotline.runner import run_command
from hotline.seed import seed_demo_command
from hotline.speech.cli import model_group
from hotline.worker import worker_command

cli = FlaskGroup(create_app=create_app, add_default_commands=False, help="The Tàu cá hotline.")
cli.add_command(shell_command)
cli.add_command(routes_command)


def register_commands(app: Flask) -> None:
    """Put every `hotline` subcommand on app.cli, so the test runner and the CLI see the same set."""
    for command in (run_command, worker_command, seed_demo_command, db, user, api_token, model_group, manifest_group,
                    call_command):
        app.cli.add_command(command)


@click.group(cls=AppGroup)
def db() -> None:
    """Database migrations."""


@db.command("upgrade")
@click.option("--revision", default="head", show_default=True)
def db_upgrade(revision: str) -> None:
    """Apply the migrations to DATABASE_URL."""
    migrate.upgrade(current_app.config["DATABASE_URL"], revision)
    click.echo(f"database at {revision}")


@click.group(cls=AppGroup)
def user() -> None:
    """Console accounts."""


@user.command("add")
@click.option("--username", required=True)
@click.option("--password", required=True, help="At least 8 characters.")
@click.option("--role", required=True, type=click.Choice([r.value for r in Role]))
@click.option("--full-name", default="")
def user_add(username: str, password: str, role: str, full_name: str) -> None:
    """Create a console account, or reset its password and role."""
    if len(password) < 8:
        raise click.BadParameter("the password must have at least 8 characters", param_hint="--password")
    session = get_session()
    account = session.scalar(select(User).where(User.username == username))
    if account is None:
        account = User(username=username)
        session.add(account)
    account.password_hash = hash_password(password)
    account.role = Role(role)
    account.full_name = full_name or account.full_name or username
    session.commit()
    click.echo(f"user {username} ({role}) saved")


@click.group("api-token", cls=AppGroup)
def api_token() -> None:
    """Bearer tokens for /api/v1."""


@api_token.command("create")
@click.argument("name")
def api_token_create(name: str) -> None:
    """Create a token and print it; it is shown only this once."""
    token, digest = new_api_token()
    session = get_session()
    session.add(ApiToken(name=name, token_hash=digest))
    session.commit()
    click.echo(token)
