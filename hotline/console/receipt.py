"""The receipt (Giấy tiếp nhận hồ sơ và hẹn trả kết quả) as a one-page PDF with a QR code."""

from __future__ import annotations

import io

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen.canvas import Canvas
from sqlalchemy.orm import object_session

from hotline.domain.codes import group_digits
from hotline.domain.workdays import LOCAL_TZ
from hotline.domain.workdays import WorkCalendar
from hotline.infra.fonts import register_fonts
from hotline.infra.pdf_codes import qr_operators
from hotline.infra.province import Province
from hotline.models import Channel
from hotline.models import Dossier
from hotline.models import DossierState
from hotline.models import User
from hotline.services.charges import dossier_charges
from hotline.services.places import full_address
from hotline.web.i18n import format_day
from hotline.web.i18n import format_dong
from hotline.web.i18n import format_phone

TITLE = "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ"
NATION = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
QR_SIZE = 32 * mm
# The official form's two columns: the centre on the left, the nation on the right, side by side.
LEFT_COLUMN = (15 * mm, 95 * mm)
RIGHT_COLUMN = (102 * mm, 195 * mm)
LEADING = 5 * mm
# Who received a dossier no member of staff took in, by the channel that brought it.
RECEIVED_BY_CHANNEL = {Channel.PHONE: "Tổng đài tự động", Channel.API: "Hệ thống khác (API)"}
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
    charges = dossier_charges(dossier)
    return [
        ("Mã hồ sơ", dossier.code),
        ("Mã tra cứu", " ".join(group_digits(dossier.phone_code))),
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


def receiving_officer(dossier: Dossier) -> str:
    """The member of staff who received the dossier (filed it, or completed a call's draft); else the channel."""
    session = object_session(dossier)
    for event in dossier.events:
        if event.to_state is DossierState.RECEIVED and event.user_id is not None and session is not None:
            user = session.get(User, event.user_id)
            if user is not None:
                return user.full_name or user.username
    return RECEIVED_BY_CHANNEL.get(dossier.channel, "")


def _centred(column: tuple[float, float]) -> float:
    return (column[0] + column[1]) / 2


def _draw_heading(canvas: Canvas, dossier: Dossier, centre: Province, top: float) -> float:
    """The form's heading, the centre left and the nation right; returns the lowest baseline used."""
    regular, bold = register_fonts()
    left = simpleSplit(centre.centre_name.upper(), bold, 10, LEFT_COLUMN[1] - LEFT_COLUMN[0])
    canvas.setFont(bold, 10)
    for n, line in enumerate(left):
        canvas.drawCentredString(_centred(LEFT_COLUMN), top - n * LEADING, line)
    left_bottom = top - (len(left) - 1) * LEADING
    canvas.line(_centred(LEFT_COLUMN) - 12 * mm, left_bottom - 2.5 * mm, _centred(LEFT_COLUMN) + 12 * mm,
                left_bottom - 2.5 * mm)
    canvas.setFont(bold, 11)
    canvas.drawCentredString(_centred(RIGHT_COLUMN), top, NATION)
    canvas.drawCentredString(_centred(RIGHT_COLUMN), top - LEADING, MOTTO)
    half = canvas.stringWidth(MOTTO, bold, 11) / 2
    canvas.line(_centred(RIGHT_COLUMN) - half, top - LEADING - 1.5 * mm, _centred(RIGHT_COLUMN) + half,
                top - LEADING - 1.5 * mm)
    received = dossier.received_at.astimezone(LOCAL_TZ)
    canvas.setFont(regular, 10)
    canvas.drawCentredString(_centred(RIGHT_COLUMN), top - 2.6 * LEADING,
                             f"{centre.name}, ngày {received:%d} tháng {received:%m} năm {received:%Y}")
    return min(left_bottom - 2.5 * mm, top - 2.6 * LEADING)


def _draw_qr(canvas: Canvas, data: str, x: float, y: float, size: float) -> None:
    canvas.addLiteral(qr_operators(data, x, y, size))


def build_receipt(dossier: Dossier, centre: Province, calendar: WorkCalendar, privacy_link: str) -> bytes:
    """Render the receipt for `dossier` on A4 and return the PDF bytes; it points to the privacy page."""
    regular, bold = register_fonts()
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=A4, pageCompression=1)
    canvas.setTitle(f"{TITLE} {dossier.code}")
    width, height = A4
    heading_bottom = _draw_heading(canvas, dossier, centre, height - 18 * mm)
    title_y = min(height - 42 * mm, heading_bottom - 12 * mm)
    canvas.setFont(bold, 14)
    canvas.drawCentredString(width / 2, title_y, TITLE)
    y = title_y - 16 * mm
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
    canvas.setFont(bold, 11)
    canvas.drawCentredString(_centred(RIGHT_COLUMN), y - 20 * mm, "NGƯỜI TIẾP NHẬN")
    canvas.setFont(regular, 9)
    canvas.drawCentredString(_centred(RIGHT_COLUMN), y - 20 * mm - LEADING, "(Ký, ghi rõ họ tên)")
    canvas.setFont(bold, 11)
    canvas.drawCentredString(_centred(RIGHT_COLUMN), y - 44 * mm, receiving_officer(dossier))
    canvas.showPage()
    canvas.save()
    return out.getvalue()
