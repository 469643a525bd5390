"""Render a manifest as CSV and as Excel: the same rows as the PDF, one per stop, then the totals."""

from __future__ import annotations

import csv
from io import BytesIO
from io import StringIO
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font

from hotline.domain.manifest import ManifestSheet
from hotline.infra.spreadsheet import append_safe_row
from hotline.infra.spreadsheet import safe_row

# "Người nhận/giao": a delivery's recipient takes the result, a pickup's owner hands the papers over.
HEADER = ("TT", "Mã bưu gửi", "Mã hồ sơ", "Loại", "Người nhận/giao", "Điện thoại", "Xã/Phường", "Địa chỉ",
          "Nội dung", "Thu hộ (đ)", "Lần đến", "Kết quả", "Liên kết", "Ký tên")
AMOUNT_COLUMN = HEADER.index("Thu hộ (đ)")
WIDTHS = (5, 16, 26, 16, 24, 14, 20, 32, 28, 12, 8, 36, 40, 14)
# Thousands grouped, the cell still a number; Excel shows the group mark of the PC's locale (65.000 in Vietnamese).
AMOUNT_FORMAT = "#,##0"


def manifest_rows(sheet: ManifestSheet) -> list[list[str | int]]:
    """One row per stop, in stop order; the signature column is left for the pen."""
    return [
        [s.number, s.tracking_code, s.dossier_code, s.kind_label, s.recipient_name, s.phone, s.commune,
         s.address, s.contents, s.amount_vnd, s.attempts + 1, s.result, s.url, ""]
        for s in sheet.stops
    ]


def totals_row(sheet: ManifestSheet) -> list[str | int]:
    row: list[str | int] = ["Tổng", sheet.total_stops, *[""] * (len(HEADER) - 2)]
    row[AMOUNT_COLUMN] = sheet.total_amount_vnd
    return row


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


def csv_bytes(sheet: ManifestSheet) -> bytes:
    # UTF-8 with a BOM: Excel on the centre's PCs reads the diacritics right only with it.
    return render_csv(sheet).encode("utf-8-sig")


def write_csv(sheet: ManifestSheet, path: Path) -> Path:
    path.write_bytes(csv_bytes(sheet))
    return path


def render_xlsx(sheet: ManifestSheet) -> bytes:
    book = Workbook()
    ws = book.active
    assert ws is not None  # a new workbook always has its first sheet
    ws.title = f"{sheet.day:%Y-%m-%d}"
    append_safe_row(ws, [sheet.title])
    ws["A1"].font = Font(bold=True)
    for row in table_rows(sheet):
        append_safe_row(ws, row)
    for (cell,) in ws.iter_rows(min_row=3, min_col=AMOUNT_COLUMN + 1, max_col=AMOUNT_COLUMN + 1):
        cell.number_format = AMOUNT_FORMAT
    for column, width in enumerate(WIDTHS, start=1):
        ws.column_dimensions[ws.cell(row=1, column=column).column_letter].width = width
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def write_xlsx(sheet: ManifestSheet, path: Path) -> Path:
    path.write_bytes(render_xlsx(sheet))
    return path
