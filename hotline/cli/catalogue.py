"""`hotline catalogue sync`: the procedure catalogue from config/procedures.toml, with no demo data."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from hotline.infra.db import get_session
from hotline.services.catalogue import CatalogueError
from hotline.services.catalogue import ProcedureSync
from hotline.services.catalogue import SyncAction
from hotline.services.catalogue import SyncReport
from hotline.services.catalogue import audit_sync
from hotline.services.catalogue import sync_catalogue


@click.group(cls=AppGroup)
def catalogue() -> None:
    """The procedure catalogue."""


@catalogue.command("sync")
@click.option("--dry-run", is_flag=True, help="Say what would change, and write nothing.")
def catalogue_sync(dry_run: bool) -> None:
    """Load config/procedures.toml: add, change and retire procedures; the file wins for every field it gives."""
    path = Path(current_app.config["CONFIG_DIR"]) / "procedures.toml"
    session = get_session()
    try:
        report = sync_catalogue(session, current_app.config["CONFIG_DIR"])
    except CatalogueError as exc:
        session.rollback()
        raise click.ClickException(f"{path} is not usable; nothing was written.\n{exc}") from exc
    for line in report_lines(report):
        click.echo(line)
    if dry_run:
        session.rollback()
        click.echo("dry run: nothing written")
    else:
        audit_sync(session, report)
        session.commit()


def report_lines(report: SyncReport) -> Iterator[str]:
    """One line per procedure added, changed, restored or retired, then how many were left as they were."""
    for done in report.done:
        yield f"{done.action.value:<9} key {done.procedure.keypad_key}  {done.procedure.code}  {_what(done)}".rstrip()
    yield f"unchanged {report.unchanged}"


def _what(done: ProcedureSync) -> str:
    if done.action is SyncAction.ADDED:
        return done.procedure.name_vi
    if done.action is SyncAction.RETIRED:
        return "(off the phone menu; kept for its dossiers)"
    return "; ".join(str(c) + (" (overwrites a console edit)" if c.console_edit else "") for c in done.changes)
