"""Render a manifest as CSV and as Excel: the same rows as the PDF, one per stop, then the totals."""

from __future__ import annotations

import csv
from io import StringIO
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font

from hotline.domain.manifest import ManifestSheet
from hotline.infra.spreadsheet import append_safe_row
from hotline.infra.spreadsheet import safe_row

HEADER = ("TT", "Mã bưu gửi", "Loại", "Người nhận", "Điện thoại", "Xã/Phường", "Địa chỉ", "Nội dung",
          "Thu hộ (VND)", "Lần phát", "Liên kết", "Ký nhận")


def manifest_rows(sheet: ManifestSheet) -> list[list[str | int]]:
    """One row per stop, in stop order; the signature column is left for the pen."""
    return [
        [s.number, s.tracking_code, s.kind_label, s.recipient_name, s.recipient_phone, s.commune, s.address,
         s.contents, s.amount_vnd, s.attempts + 1, s.url, ""]
        for s in sheet.stops
    ]


def totals_row(sheet: ManifestSheet) -> list[str | int]:
    return ["Tổng", sheet.total_stops, "", "", "", "", "", "", sheet.total_amount_vnd, "", "", ""]


def table_rows(sheet: ManifestSheet) -> list[list[str | int]]:
    """The heading, the stops and the totals: what the CSV and the Excel file both hold."""
    header: list[str | int] = list(HEADER)
    return [header, *manifest_rows(sheet), totals_row(sheet)]


def render_csv(sheet: ManifestSheet) -> str:
    out = StringIO()
    writer = csv.writer(out)
    # Names and addresses come from callers: every row goes through safe_row, so none becomes a formula.
    for row in table_rows(sheet):
        writer.writerow(safe_row(row))
    return out.getvalue()


def write_csv(sheet: ManifestSheet, path: Path) -> Path:
    # UTF-8 with a BOM: Excel on the centre's PCs reads the diacritics right only with it.
    path.write_text(render_csv(sheet), encoding="utf-8-sig", newline="")
    return path


def write_xlsx(sheet: ManifestSheet, path: Path) -> Path:
    book = Workbook()
    ws = book.active
    assert ws is not None  # a new workbook always has its first sheet
    ws.title = f"{sheet.day:%Y-%m-%d}"
    append_safe_row(ws, [sheet.title])
    ws["A1"].font = Font(bold=True)
    for row in table_rows(sheet):
        append_safe_row(ws, row)
    for column, width in zip("ABCDEFGHIJKL", (5, 16, 14, 24, 14, 20, 32, 28, 12, 8, 40, 14), strict=True):
        ws.column_dimensions[column].width = width
    book.save(path)
    return path
