"""Where manifests go: their three files (PDF, CSV, Excel) side by side, and the links their codes carry."""

from __future__ import annotations

from pathlib import Path

from flask import current_app

from hotline.dispatch.render_pdf import write_pdf
from hotline.dispatch.render_tabular import write_csv
from hotline.dispatch.render_tabular import write_xlsx
from hotline.domain.manifest import ManifestSheet


def manifest_directory() -> Path:
    return Path(current_app.config["INSTANCE_PATH"]) / "manifests"


def public_base_url() -> str:
    return current_app.config.get("PUBLIC_BASE_URL") or "http://localhost:5000"


def file_stem(sheet: ManifestSheet) -> str:
    return f"bang-ke-{sheet.day:%Y-%m-%d}-{sheet.courier_username}"


def write_manifest_files(sheet: ManifestSheet, directory: Path) -> list[Path]:
    """Write (or rewrite: building twice gives the same files) the PDF, CSV and Excel of a manifest."""
    directory.mkdir(parents=True, exist_ok=True)
    stem = directory / file_stem(sheet)
    return [write_pdf(sheet, stem.with_suffix(".pdf")), write_csv(sheet, stem.with_suffix(".csv")),
            write_xlsx(sheet, stem.with_suffix(".xlsx"))]
