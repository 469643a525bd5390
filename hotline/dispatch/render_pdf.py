"""Render a manifest as an A4 PDF: real Vietnamese text, a QR code and an S10 barcode per stop."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from hotline.domain.manifest import ManifestSheet
from hotline.domain.manifest import Stop
from hotline.domain.manifest import format_vnd
from hotline.infra.fonts import BOLD
from hotline.infra.fonts import REGULAR
from hotline.infra.fonts import register_fonts
from hotline.infra.pdf_codes import code128_operators
from hotline.infra.pdf_codes import qr_operators

PAGE_W, PAGE_H = A4
MARGIN = 12 * mm
ROW_H = 20 * mm
HEADER_H = 30 * mm
FOOTER_H = 10 * mm
# Column (left edge, width) in mm from the margin: no., QR, code, recipient, address, amount, signature.
COLUMNS = {"no": (0, 7), "qr": (7, 18), "code": (25, 42), "recipient": (67, 38), "address": (105, 42),
           "amount": (147, 19), "sign": (166, 20)}
# "Người nhận/giao": a delivery's recipient takes the result, a pickup's owner hands the papers over.
HEADINGS = {"no": "TT", "qr": "Mã QR", "code": "Mã bưu gửi, mã hồ sơ", "recipient": "Người nhận/giao",
            "address": "Địa chỉ", "amount": "Thu hộ", "sign": "Ký tên"}
ROWS_PER_PAGE = int((PAGE_H - 2 * MARGIN - HEADER_H - FOOTER_H) // ROW_H)


def _col(name: str) -> tuple[float, float]:
    left, width = COLUMNS[name]
    return MARGIN + left * mm, width * mm


def _fit(text: str, font: str, size: float, width: float, lines: int) -> list[str]:
    """Wrap text into at most `lines` lines of `width`; the last one ends in … when cut."""
    wrapped = simpleSplit(text, font, size, width)
    if len(wrapped) <= lines:
        return wrapped
    return wrapped[: lines - 1] + [wrapped[lines - 1][:-1] + "…"]


def _whole(canvas: Canvas, text: str, font: str, size: float, x: float, y: float, width: float) -> None:
    """Draw `text` on one line, whole: a smaller size rather than a cut, for codes people read back."""
    canvas.setFont(font, min(size, size * width / max(stringWidth(text, font, size), 1)))
    canvas.drawString(x, y, text)


def _draw_header(canvas: Canvas, sheet: ManifestSheet, page: int, pages: int) -> float:
    top = PAGE_H - MARGIN
    canvas.setFont(BOLD, 10)
    canvas.drawString(MARGIN, top - 4 * mm, sheet.centre_name)
    canvas.setFont(BOLD, 13)
    canvas.drawCentredString(PAGE_W / 2, top - 11 * mm, "BẢNG KÊ GIAO NHẬN BƯU GỬI")
    canvas.setFont(REGULAR, 9)
    canvas.drawCentredString(PAGE_W / 2, top - 16 * mm, sheet.title)
    canvas.drawRightString(PAGE_W - MARGIN, top - 4 * mm, f"Trang {page}/{pages}")
    y = top - HEADER_H
    canvas.setFont(BOLD, 8)
    for name, heading in HEADINGS.items():
        x, _ = _col(name)
        canvas.drawString(x + 1 * mm, y + 2 * mm, heading)
    canvas.line(MARGIN, y, PAGE_W - MARGIN, y)
    return y


def _draw_stop(canvas: Canvas, stop: Stop, top: float) -> None:
    bottom = top - ROW_H
    x, _ = _col("no")
    canvas.setFont(REGULAR, 8)
    canvas.drawString(x + 1 * mm, top - 5 * mm, str(stop.number))
    x, w = _col("qr")
    size = 17 * mm
    canvas.addLiteral(qr_operators(stop.url, x, bottom + (ROW_H - size) / 2, size))
    x, w = _col("code")
    canvas.setFont(BOLD, 9)
    canvas.drawString(x + 1 * mm, top - 4.5 * mm, stop.tracking_code)
    canvas.addLiteral(code128_operators(stop.tracking_code, x + 1 * mm, top - 12.5 * mm, w - 3 * mm, 7 * mm))
    canvas.setFont(REGULAR, 7)
    what = f"{stop.kind_label}: {stop.procedure}" if stop.procedure else stop.kind_label
    canvas.drawString(x + 1 * mm, bottom + 4.5 * mm, _fit(what, REGULAR, 7, w - 2 * mm, 1)[0])
    _whole(canvas, stop.dossier_code, BOLD, 7, x + 1 * mm, bottom + 1.5 * mm, w - 2 * mm)
    x, w = _col("recipient")
    canvas.setFont(BOLD, 8)
    for i, line in enumerate(_fit(stop.recipient_name, BOLD, 8, w - 2 * mm, 2)):
        canvas.drawString(x + 1 * mm, top - (4.5 + 3.5 * i) * mm, line)
    canvas.setFont(REGULAR, 8)
    canvas.drawString(x + 1 * mm, bottom + 5 * mm, stop.phone)
    if stop.attempts:
        canvas.drawString(x + 1 * mm, bottom + 1.5 * mm, stop.words.attempt.format(n=stop.attempts + 1))
    x, w = _col("address")
    for i, line in enumerate(_fit(stop.address, REGULAR, 8, w - 2 * mm, 3)):
        canvas.drawString(x + 1 * mm, top - (4.5 + 3.5 * i) * mm, line)
    canvas.setFont(BOLD, 8)
    canvas.drawString(x + 1 * mm, bottom + 1.5 * mm, _fit(stop.commune, BOLD, 8, w - 2 * mm, 1)[0])
    x, w = _col("amount")
    canvas.drawRightString(x + w - 1 * mm, top - 5 * mm, format_vnd(stop.amount_vnd))
    if stop.result:
        _draw_result(canvas, stop.result, x, top)
    else:
        x, w = _col("sign")
        canvas.rect(x + 1 * mm, bottom + 1.5 * mm, w - 2 * mm, ROW_H - 3 * mm)
    canvas.line(MARGIN, bottom, PAGE_W - MARGIN, bottom)


def _draw_result(canvas: Canvas, result: str, left: float, top: float) -> None:
    """A stop marked on the round shows its result under the amount, where a blank box would wait for a pen."""
    sign_x, sign_w = _col("sign")
    width = sign_x + sign_w - left - 2 * mm
    canvas.setFont(REGULAR, 7)
    for i, line in enumerate(_fit(result, REGULAR, 7, width, 3)):
        canvas.drawString(left + 1 * mm, top - (10 + 3.2 * i) * mm, line)


def _draw_totals(canvas: Canvas, sheet: ManifestSheet, top: float) -> None:
    """Totals and the hand-over signature lines for the centre and the post."""
    canvas.setFont(BOLD, 10)
    canvas.drawString(MARGIN, top - 6 * mm, f"Tổng số bưu gửi: {sheet.total_stops}")
    canvas.drawRightString(PAGE_W - MARGIN, top - 6 * mm, f"Tổng số tiền thu hộ: {format_vnd(sheet.total_amount_vnd)}")
    for x, who in ((MARGIN + 20 * mm, "ĐẠI DIỆN TRUNG TÂM (bên giao)"),
                   (PAGE_W / 2 + 15 * mm, "ĐẠI DIỆN BƯU ĐIỆN (bên nhận)")):
        canvas.setFont(BOLD, 9)
        canvas.drawString(x, top - 14 * mm, who)
        canvas.setFont(REGULAR, 8)
        canvas.drawString(x, top - 18 * mm, "(Ký, ghi rõ họ tên)")
        canvas.line(x, top - 36 * mm, x + 60 * mm, top - 36 * mm)


TOTALS_H = 40 * mm


def render_pdf(sheet: ManifestSheet) -> bytes:
    """The manifest as PDF bytes, pages of ROWS_PER_PAGE stops, totals and signatures at the end."""
    register_fonts()
    out = BytesIO()
    canvas = Canvas(out, pagesize=A4, pageCompression=1)
    canvas.setTitle(sheet.title)
    canvas.setLineWidth(0.4)
    chunks = [sheet.stops[i:i + ROWS_PER_PAGE] for i in range(0, len(sheet.stops), ROWS_PER_PAGE)] or [()]
    room_left = (PAGE_H - 2 * MARGIN - HEADER_H - FOOTER_H) - len(chunks[-1]) * ROW_H
    pages = len(chunks) + (0 if room_left >= TOTALS_H else 1)
    top = 0.0
    for page, chunk in enumerate(chunks, start=1):
        top = _draw_header(canvas, sheet, page, pages)
        for stop in chunk:
            _draw_stop(canvas, stop, top)
            top -= ROW_H
        if page < len(chunks):
            canvas.showPage()
    if room_left < TOTALS_H:
        canvas.showPage()
        top = _draw_header(canvas, sheet, pages, pages)
    _draw_totals(canvas, sheet, top)
    canvas.showPage()
    canvas.save()
    return out.getvalue()


def write_pdf(sheet: ManifestSheet, path: Path) -> Path:
    path.write_bytes(render_pdf(sheet))
    return path
