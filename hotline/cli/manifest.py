"""`hotline manifest build --date YYYY-MM-DD --courier USERNAME`."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from hotline.dispatch.files import manifest_directory
from hotline.dispatch.files import public_base_url
from hotline.dispatch.files import write_manifest_files
from hotline.domain.manifest import format_vnd
from hotline.infra.db import get_session
from hotline.infra.province import province
from hotline.services.catalogue import work_calendar
from hotline.services.courier_routes import RouteError
from hotline.services.courier_routes import courier_named
from hotline.services.courier_routes import fill_routes
from hotline.services.rounds import build_day_manifest
from hotline.services.rounds import waiting_without_commune


@click.group("manifest", cls=AppGroup)
def manifest_group() -> None:
    """Couriers' manifests (bảng kê giao nhận)."""


@manifest_group.command("build")
@click.option("--date", "day", required=True, type=click.DateTime(["%Y-%m-%d"]), help="YYYY-MM-DD")
@click.option("--courier", required=True, help="The courier's username.")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), help="Directory for the files.")
def build_command(day: datetime, courier: str, out: Path | None) -> None:
    """Put the courier's waiting shipments on the day's manifest; print it and the files written."""
    session = get_session()
    try:
        user = courier_named(session, courier)
    except RouteError as exc:
        raise click.BadParameter(str(exc), param_hint="--courier") from exc
    fill_routes(session, current_app.config["CONFIG_DIR"], province().province_code)
    manifest, sheet = build_day_manifest(session, day.date(), user, work_calendar(), public_base_url())
    # Read in the build's transaction: a read after the commit would start one more and hold SQLite's lock.
    without_commune = waiting_without_commune(session)
    session.commit()
    click.echo(sheet.title)
    for stop in sheet.stops:
        click.echo(f"{stop.number:>4}  {stop.tracking_code}  {stop.dossier_code}  {stop.recipient_name}  "
                   f"{stop.phone}  {stop.place}  {format_vnd(stop.amount_vnd)}")
    click.echo(f"Tổng: {sheet.total_stops} bưu gửi, thu hộ {format_vnd(sheet.total_amount_vnd)}")
    _report_without_commune(without_commune)
    try:
        paths = write_manifest_files(manifest.id, sheet, out or manifest_directory())
    except OSError as exc:
        raise click.ClickException(f"manifest {manifest.id} is saved, but its files could not be written "
                                   f"({exc.strerror}): run the command again to write them") from exc
    for path in paths:
        click.echo(f"wrote {path}")


def _report_without_commune(waiting: list[tuple[str, str]]) -> None:
    """Shipments no round can take until their dossier names a commune: said on every build, never left off."""
    if not waiting:
        return
    click.echo(f"Chưa lên bảng kê nào vì chưa có xã/phường ({len(waiting)} bưu gửi; sửa địa chỉ trên hồ sơ):")
    for tracking_code, dossier_code in waiting:
        click.echo(f"      {tracking_code}  hồ sơ {dossier_code}")
