"""The receipt (Giấy tiếp nhận hồ sơ và hẹn trả kết quả) as a one-page PDF with a QR code."""

from __future__ import annotations

import io

import segno
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from hotline.domain.codes import group_digits
from hotline.domain.workdays import LOCAL_TZ
from hotline.domain.workdays import WorkCalendar
from hotline.infra.fonts import register_fonts
from hotline.infra.province import Province
from hotline.models import Dossier
from hotline.services.charges import charges_for
from hotline.services.places import full_address
from hotline.web.i18n import format_day
from hotline.web.i18n import format_dong
from hotline.web.i18n import format_phone

TITLE = "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ"
QR_SIZE = 32 * mm
# Where the owner reads what the centre keeps about them, why, for how long, and how to ask (Law 91/2025/QH15).
PRIVACY_LINE = "Dữ liệu cá nhân và quyền của ông/bà:"


def qr_payload(dossier: Dossier) -> str:
    """What the QR code holds: both codes, so a scanner at the centre or the post finds the dossier."""
    return f"HOSO:{dossier.code};MA:{dossier.phone_code}"


def receipt_lines(dossier: Dossier, centre: Province, calendar: WorkCalendar) -> list[tuple[str, str]]:
    """The receipt's labelled lines, in the order the form reads."""
    due = dossier.due_date or calendar.due_date(dossier.received_at, dossier.procedure.working_days)
    owner = dossier.owner
    vessel = dossier.vessel.registration_number if dossier.vessel else dossier.vessel_number
    address = full_address(dossier.delivery_address, dossier.delivery_ward_code, dossier.delivery_province_code)
    charges = charges_for(dossier.procedure)
    return [
        ("Mã hồ sơ", dossier.code),
        ("Mã tra cứu qua điện thoại", " ".join(group_digits(dossier.phone_code))),
        ("Chủ tàu", owner.full_name if owner else (dossier.recipient_name or "")),
        ("Số điện thoại", format_phone(owner.phone if owner else dossier.caller_phone)),
        ("Số đăng ký tàu", vessel or "—"),
        ("Thủ tục", dossier.procedure.name_vi),
        ("Ngày tiếp nhận", dossier.received_at.astimezone(LOCAL_TZ).strftime("%H:%M %d/%m/%Y")),
        ("Ngày hẹn trả kết quả", format_day(due)),
        ("Lệ phí", format_dong(charges.fee_vnd)),
        ("Cước bưu chính", format_dong(charges.postage_vnd)),
        ("Tổng thu khi trả kết quả", format_dong(charges.to_collect_vnd)),
        ("Địa chỉ nhận kết quả", address or "—"),
    ]


def _draw_qr(canvas: Canvas, data: str, x: float, y: float, size: float) -> None:
    # One path for all dark modules: thousands of separate rectangles are what makes PDFs slow.
    qr = segno.make(data, error="m")
    matrix = [list(row) for row in qr.matrix]
    module = size / len(matrix)
    path = canvas.beginPath()
    for r, row in enumerate(matrix):
        for c, dark in enumerate(row):
            if dark:
                path.rect(x + c * module, y + size - (r + 1) * module, module, module)
    canvas.drawPath(path, stroke=0, fill=1)


def build_receipt(dossier: Dossier, centre: Province, calendar: WorkCalendar, privacy_link: str) -> bytes:
    """Render the receipt for `dossier` on A4 and return the PDF bytes; it points to the privacy page."""
    regular, bold = register_fonts()
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=A4, pageCompression=1)
    canvas.setTitle(f"{TITLE} {dossier.code}")
    width, height = A4
    canvas.setFont(bold, 11)
    canvas.drawString(20 * mm, height - 20 * mm, centre.centre_name)
    canvas.drawCentredString(width - 55 * mm, height - 20 * mm, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    canvas.setFont(regular, 10)
    canvas.drawCentredString(width - 55 * mm, height - 25 * mm, "Độc lập - Tự do - Hạnh phúc")
    canvas.setFont(bold, 14)
    canvas.drawCentredString(width / 2, height - 42 * mm, TITLE)
    y = height - 58 * mm
    for label, value in receipt_lines(dossier, centre, calendar):
        canvas.setFont(regular, 11)
        canvas.drawString(20 * mm, y, f"{label}:")
        canvas.setFont(bold, 11)
        canvas.drawString(75 * mm, y, value)
        y -= 8 * mm
    canvas.setFont(regular, 10)
    canvas.drawString(20 * mm, y - 4 * mm, "Gọi tổng đài, bấm phím 2 và nhập mã tra cứu để biết tình trạng hồ sơ.")
    canvas.drawString(20 * mm, y - 9 * mm, f"{PRIVACY_LINE} {privacy_link}")
    _draw_qr(canvas, qr_payload(dossier), 20 * mm, y - 14 * mm - QR_SIZE, QR_SIZE)
    canvas.drawCentredString(width - 55 * mm, y - 20 * mm, "NGƯỜI TIẾP NHẬN")
    canvas.showPage()
    canvas.save()
    return out.getvalue()
