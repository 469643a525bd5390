"""Import owners and vessels from CSV or Excel, reporting every refused row and why."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from dataclasses import field
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException
from sqlalchemy import select
from sqlalchemy.orm import Session

from hotline.console.records import OwnerProblem
from hotline.console.records import apply_owner_fields
from hotline.console.records import read_owner_fields
from hotline.console.records import vessel_for
from hotline.domain.phone import renumbered
from hotline.infra.province import Province
from hotline.infra.text import fold
from hotline.models import Owner
from hotline.web.i18n import translate as _

# Column headings as a person writes them (accents and case optional) → the field they fill.
HEADINGS = {
    "full_name": "full_name", "ho ten": "full_name", "ho va ten": "full_name", "chu tau": "full_name",
    "phone": "phone", "so dien thoai": "phone", "dien thoai": "phone",
    "commune": "commune", "xa phuong": "commune", "xa/phuong": "commune", "xa": "commune",
    "address_line": "address_line", "address": "address_line", "dia chi": "address_line",
    "vessel_number": "vessel_number", "so dang ky": "vessel_number", "so dang ky tau": "vessel_number",
    "vessel_name": "vessel_name", "ten tau": "vessel_name",
}


class ImportFileError(ValueError):
    """The file cannot be read as a table of owners at all."""


@dataclass
class ImportReport:
    added_owners: int = 0
    added_vessels: int = 0
    # Rows whose number was written before the 2018 renumbering and saved as today's number.
    renumbered: int = 0
    refused: list[tuple[int, str]] = field(default_factory=list)


def read_rows(filename: str, data: bytes) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield (row number as the file shows it, fields) from a .csv or .xlsx file."""
    if filename.lower().endswith(".xlsx"):
        rows = _xlsx_rows(data)
    elif filename.lower().endswith(".csv"):
        rows = _csv_rows(data)
    else:
        raise ImportFileError(_("Chỉ nhận tệp .csv hoặc .xlsx."))
    header = next(rows, None)
    if header is None:
        raise ImportFileError(_("Tệp trống."))
    columns = [HEADINGS.get(fold(str(h or "")).replace("_", " "), HEADINGS.get(fold(str(h or ""))))
               for h in header]
    if "full_name" not in columns:
        raise ImportFileError(_("Không thấy cột họ tên (full_name hoặc Họ tên)."))
    for number, values in enumerate(rows, start=2):
        if any(str(v or "").strip() for v in values):
            yield number, {c: str(v or "").strip() for c, v in zip(columns, values, strict=False) if c}


def _csv_rows(data: bytes) -> Iterator[list[str]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFileError(_("Tệp CSV phải mã hoá UTF-8.")) from None
    yield from csv.reader(io.StringIO(text))


def _xlsx_rows(data: bytes) -> Iterator[list[Any]]:
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError) as exc:
        raise ImportFileError(_("Không đọc được tệp Excel.")) from exc
    for row in book.worksheets[0].iter_rows(values_only=True):
        yield list(row)


def import_owners(db: Session, filename: str, data: bytes, centre: Province) -> ImportReport:
    """Add each good row (an owner, or a vessel for an owner with the same name and phone)."""
    report = ImportReport()
    for number, row in read_rows(filename, data):
        try:
            with db.begin_nested():
                new_owner, new_vessel = _import_row(db, row, centre)
        except OwnerProblem as problem:
            report.refused.append((number, str(problem)))
            continue
        report.added_owners += int(new_owner)
        report.added_vessels += int(new_vessel)
        report.renumbered += int(renumbered(row.get("phone", "")) is not None)
    return report


def _import_row(db: Session, row: dict[str, str], centre: Province) -> tuple[bool, bool]:
    fields = read_owner_fields(row, centre)
    owner = db.scalar(select(Owner).where(Owner.name_folded == fold(fields.full_name),
                                          Owner.phone == fields.phone)) if fields.phone else None
    created = owner is None
    if owner is None:
        owner = Owner(full_name=fields.full_name)
        apply_owner_fields(owner, fields, centre.province_code)
        db.add(owner)
    vessel = vessel_for(db, owner, row.get("vessel_number", ""), centre.vessel_prefix, row.get("vessel_name"))
    new_vessel = vessel is not None and vessel.id is None
    if not created and not new_vessel:
        raise OwnerProblem(_("Chủ tàu và tàu này đã có trong danh sách."))
    db.flush()
    return created, new_vessel
