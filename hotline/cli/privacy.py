"""`hotline privacy …`: personal data (SPEC §11): the retention purge, and a person's data on request."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

from hotline.cli.privacy_requests import erase_command
from hotline.cli.privacy_requests import export_command
from hotline.infra.db import get_session
from hotline.infra.retention import retention_schedule
from hotline.infra.settings import recordings_dir
from hotline.models import utcnow
from hotline.services.retention import purge


@click.group("privacy", cls=AppGroup)
def privacy_group() -> None:
    """Personal data: the retention schedule, and a person's data on request."""


@privacy_group.command("purge")
@click.option("--dry-run", is_flag=True, help="Count what is due without changing anything.")
def purge_command(dry_run: bool) -> None:
    """Delete, blank or mask what config/retention.toml no longer lets the centre keep; print the counts."""
    counts = purge(get_session(), utcnow(), retention_schedule(), recordings_dir(current_app.config),
                   dry_run=dry_run, source="cli")
    click.echo("due now (dry run, nothing changed):" if dry_run else "purged, and written to the audit trail:")
    width = max(len(kind) for kind in counts)
    for kind, count in counts.items():
        click.echo(f"  {kind:<{width}}  {count}")


privacy_group.add_command(export_command)
privacy_group.add_command(erase_command)
