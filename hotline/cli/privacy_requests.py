"""`hotline privacy export` and `hotline privacy erase`: a person's request, carried out from the command line.

Each run is logged as a privacy request (with its deadlines) and audited with counts only, as the
console's page does. Neither prints a number, name or address except into the export it was asked for.
"""

from __future__ import annotations

import json
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from hotline.domain.phone import PhoneNumberError
from hotline.domain.workdays import LOCAL_TZ
from hotline.infra.db import get_session
from hotline.infra.province import province
from hotline.infra.storage import StorageError
from hotline.models import PrivacyRequest
from hotline.models import RequestKind
from hotline.models import utcnow
from hotline.services.catalogue import work_calendar
from hotline.services.erasure import ErasureRefusedError
from hotline.services.erasure import open_dossiers
from hotline.services.erasure import stores_of
from hotline.services.privacy import find
from hotline.services.privacy_archive import build_archive
from hotline.services.privacy_pdf import build_pdf
from hotline.services.privacy_requests import carry_out_erasure
from hotline.services.privacy_requests import give_export
from hotline.services.privacy_requests import log_request

PHONE_HELP = "The person's number, in any usual form (0905 111 222, +84905111222)."


def _logged(kind: RequestKind, phone: str, note: str) -> PrivacyRequest:
    try:
        return log_request(get_session(), work_calendar(), phone, kind, note)
    except PhoneNumberError as exc:
        raise click.BadParameter(str(exc), param_hint="--phone") from exc


@click.command("export")
@click.option("--phone", required=True, help=PHONE_HELP)
@click.option("--format", "file_format", type=click.Choice(["json", "pdf", "zip"]), default="json",
              show_default=True, help="JSON for machines, a PDF for the person, or a ZIP of both with the recordings.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path),
              help="The file to write. JSON goes to standard output without it; a PDF or ZIP needs it.")
@with_appcontext
def export_command(phone: str, file_format: str, out: Path | None) -> None:
    """Export everything the centre holds about a phone number; logged as an access request and audited."""
    if file_format != "json" and out is None:
        raise click.UsageError(f"a {file_format.upper()} needs --out FILE")
    session = get_session()
    request = _logged(RequestKind.ACCESS, phone, "hotline privacy export")
    data = give_export(session, request, file_format, None)
    if file_format == "json":
        payload = (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode()
    else:
        payload = build_pdf(data, province().centre_name, utcnow().astimezone(LOCAL_TZ).date())
    if file_format == "zip":
        payload = build_archive(data, payload, stores_of(current_app.config).recordings)
    if out is None:
        click.echo(payload, nl=False)
    else:
        try:
            out.write_bytes(payload)
        except OSError as exc:
            session.rollback()
            raise click.ClickException(f"could not write {out} ({exc.strerror}); nothing was logged") from exc
    session.commit()
    click.echo(f"privacy request {request.id}: export given ({file_format})", err=True)


@click.command("erase")
@click.option("--phone", required=True, help=PHONE_HELP)
@click.option("--reason", required=True, help="Why: the person's request, and how it reached the centre.")
@click.option("--yes", is_flag=True, help="Erase without asking for confirmation.")
@with_appcontext
def erase_command(phone: str, reason: str, yes: bool) -> None:
    """Erase what the centre holds about a phone number: delete, mask, keep what a closed dossier must keep."""
    if not reason.strip():
        raise click.BadParameter("give the reason for the erasure", param_hint="--reason")
    session = get_session()
    try:
        footprint = find(session, phone)
    except PhoneNumberError as exc:
        raise click.BadParameter(str(exc), param_hint="--phone") from exc
    held = {table: n for table, n in footprint.counts().items() if n and table != "privacy_request"}
    click.echo("Held about this number: " + (", ".join(f"{t} {n}" for t, n in held.items()) or "nothing"))
    if not open_dossiers(session, footprint) and not yes:
        click.confirm("Erase it? This cannot be undone", abort=True)
    request = _logged(RequestKind.ERASURE, phone, "hotline privacy erase")
    try:
        erased = carry_out_erasure(session, request, reason, None, stores_of(current_app.config))
    except ErasureRefusedError as exc:
        session.commit()  # the request stays open, with its deadlines, until the dossiers close
        raise click.ClickException(
            f"nothing erased: {exc}. Privacy request {request.id} stays open "
            f"(answer due {request.answer_due:%d/%m/%Y}, act due {request.act_due:%d/%m/%Y}).") from exc
    except StorageError as exc:
        session.rollback()
        raise click.ClickException(f"nothing erased: {exc}") from exc
    session.commit()
    click.echo(f"privacy request {request.id}: erased {erased.summary()}")
