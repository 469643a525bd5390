"""Where manifests go: their three files (PDF, CSV, Excel) side by side, and the links their codes carry.

A file's name is made of the manifest's id, its day and a slug of the courier's username, never of the
username itself: an account made before usernames were checked may hold "/" or "..". `hotline manifest build`
writes each file whole under a hidden name and then renames it, so a failure leaves the previous file or none,
never half of one. The console draws a file from the database each time it is downloaded: whichever way the
manifest was built, its file is there, with the stops and results it has at that moment.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Callable
from datetime import date
from io import BytesIO
from pathlib import Path

from flask import current_app
from sqlalchemy.orm import Session

from hotline.dispatch.render_pdf import render_pdf
from hotline.dispatch.render_pdf import write_pdf
from hotline.dispatch.render_tabular import csv_bytes
from hotline.dispatch.render_tabular import render_xlsx
from hotline.dispatch.render_tabular import write_csv
from hotline.dispatch.render_tabular import write_xlsx
from hotline.domain.manifest import ManifestSheet
from hotline.infra.text import slug
from hotline.models import Manifest
from hotline.models import User
from hotline.services.rounds import manifest_sheet

SUFFIXES = (".pdf", ".csv", ".xlsx")
# At most nine digits: a longer "id" is no manifest's, and PostgreSQL would refuse to compare it.
MANIFEST_FILE = re.compile(r"bang-ke-(?P<id>\d{1,9})-[a-z0-9-]+\.(?:pdf|csv|xlsx)")


def manifest_directory() -> Path:
    return Path(current_app.config["INSTANCE_PATH"]) / "manifests"


def public_base_url() -> str:
    return current_app.config.get("PUBLIC_BASE_URL") or "http://localhost:5000"


def file_stem(manifest_id: int, day: date, courier_username: str) -> str:
    """"bang-ke-12-2026-03-02-buu-ta-ly-son": safe in a path and a URL whatever the username holds."""
    return f"bang-ke-{manifest_id}-{day:%Y-%m-%d}-{slug(courier_username) or 'buu-ta'}"


def file_names(manifest: Manifest, courier: User) -> list[str]:
    stem = file_stem(manifest.id, manifest.day, courier.username)
    return [stem + suffix for suffix in SUFFIXES]


def write_manifest_files(manifest_id: int, sheet: ManifestSheet, directory: Path) -> list[Path]:
    """Write (or rewrite: building twice gives the same files) the PDF, CSV and Excel of a manifest."""
    directory.mkdir(parents=True, exist_ok=True)
    stem = file_stem(manifest_id, sheet.day, sheet.courier_username)
    writers = ((".pdf", write_pdf), (".csv", write_csv), (".xlsx", write_xlsx))
    return [_write_whole(write, sheet, directory / (stem + suffix)) for suffix, write in writers]


def _write_whole(write: Callable[[ManifestSheet, Path], Path], sheet: ManifestSheet, path: Path) -> Path:
    """Write into a hidden file beside `path`, then rename it to `path`: a reader sees the old file or the new."""
    handle, name = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=path.suffix)
    os.close(handle)
    temporary = Path(name)
    try:
        write(sheet, temporary)
        temporary.replace(path)
    finally:
        temporary.unlink(missing_ok=True)
    return path


RENDERERS: dict[str, Callable[[ManifestSheet], bytes]] = {".pdf": render_pdf, ".csv": csv_bytes,
                                                           ".xlsx": render_xlsx}


def manifest_download(session: Session, name: str) -> BytesIO | None:
    """The manifest file called `name`, drawn now from the database; None if no manifest has that file.

    The session's transaction ends before drawing: on SQLite it would hold the lock while a long PDF is drawn.
    """
    match = MANIFEST_FILE.fullmatch(name)
    manifest_id = int(match["id"]) if match else 0
    manifest = session.get(Manifest, manifest_id)
    if manifest is None:
        return None
    courier = session.get_one(User, manifest.courier_id)
    if name not in file_names(manifest, courier):
        return None
    sheet = manifest_sheet(session, manifest, courier, public_base_url())
    session.rollback()
    return BytesIO(RENDERERS[Path(name).suffix](sheet))
