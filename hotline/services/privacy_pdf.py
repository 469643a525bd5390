"""The export as a person reads it: an A4 PDF in Vietnamese, one section per kind of data the centre holds.

It is drawn from the export itself (services/privacy.export), so it shows what the JSON holds and
nothing the JSON does not; every section is printed, with "Không có." when it is empty, so the person
sees what the centre does not hold as well as what it does. What only machines use (the hotline's
spoken replies, stored file names, checksums) stays in the JSON.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date
from datetime import datetime
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph
from reportlab.platypus import SimpleDocTemplate
from reportlab.platypus import Spacer
from reportlab.platypus import Table
from reportlab.platypus import TableStyle

from hotline.domain.phone import PhoneNumberError
from hotline.domain.phone import format_national
from hotline.domain.workdays import LOCAL_TZ
from hotline.infra.fonts import register_fonts
from hotline.models import DossierState
from hotline.services.places import PlaceError
from hotline.services.places import full_address

TITLE = "THÔNG TIN CÁ NHÂN TRUNG TÂM ĐANG LƯU GIỮ"
RIGHTS = ("Theo Luật Bảo vệ dữ liệu cá nhân (Luật số 91/2025/QH15), ông/bà có quyền biết, xem, yêu cầu chỉnh sửa "
          "hoặc xoá dữ liệu của mình và phản đối việc xử lý dữ liệu. Dưới đây là toàn bộ dữ liệu Trung tâm đang "
          "lưu về số điện thoại trên, xếp theo từng loại.")

PURPOSES = {"note": "Ghi chú hồ sơ", "address": "Địa chỉ mới", "name": "Họ tên", "feedback": "Phản ánh",
            "voicemail": "Tin nhắn thoại"}
REQUEST_KINDS = {"access": "Xem, nhận bản sao dữ liệu", "correction": "Chỉnh sửa dữ liệu", "erasure": "Xoá dữ liệu",
                 "objection": "Phản đối xử lý dữ liệu"}
REQUEST_STATES = {"open": "Mới tiếp nhận", "answered": "Đã trả lời", "done": "Đã giải quyết"}
ACTIONS = {"address_read": "Cán bộ xem địa chỉ", "recording_listened": "Cán bộ nghe ghi âm",
           "transcript_corrected": "Cán bộ sửa bản chép lời", "state_change": "Chuyển trạng thái hồ sơ",
           "receipt_printed": "In giấy tiếp nhận", "dossier_opened": "Tiếp nhận hồ sơ", "owner_edited": "Sửa thông tin",
           "callback_claimed": "Nhận việc gọi lại", "callback_done": "Đã gọi lại"}
SCORES = {1: "Rất hài lòng", 2: "Hài lòng", 3: "Bình thường", 4: "Chưa hài lòng", 5: "Không hài lòng"}


def moment(value: str | None) -> str:
    return datetime.fromisoformat(value).astimezone(LOCAL_TZ).strftime("%H:%M %d/%m/%Y") if value else ""


def phone(value: str | None) -> str:
    try:
        return format_national(value) if value else ""
    except PhoneNumberError:
        return value or ""  # masked or foreign-looking: shown as stored


def _state(value: str | None) -> str:
    return DossierState(value).label_vi if value else ""


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _named(names: dict[Any, str]) -> Callable[[Any], str]:
    """Write a stored value by its Vietnamese name; an unlisted one as stored."""
    return lambda value: names.get(value, str(value))


Field = tuple[str, str, Callable[[Any], str]]

# One section per table: its heading and the fields a person reads, each with how it is written.
SECTIONS: list[tuple[str, str, list[Field]]] = [
    ("owner", "Thông tin chủ tàu", [("full_name", "Họ tên", _text), ("phone", "Số điện thoại", phone),
                                    ("address", "Địa chỉ", _text)]),
    ("vessel", "Tàu cá", [("registration_number", "Số đăng ký", _text), ("name", "Tên tàu", _text)]),
    ("dossier", "Hồ sơ", [("code", "Mã hồ sơ", _text), ("procedure_id", "Thủ tục", _text),
                          ("state", "Trạng thái", _state), ("received_at", "Ngày tiếp nhận", moment),
                          ("vessel_number", "Số đăng ký tàu", _text), ("caller_phone", "Số gọi đến", phone),
                          ("recipient_name", "Người nhận kết quả", _text),
                          ("recipient_phone", "Số điện thoại người nhận", phone),
                          ("address", "Địa chỉ nhận kết quả", _text), ("note", "Ghi chú", _text)]),
    ("call", "Cuộc gọi đến tổng đài", [("started_at", "Thời điểm", moment), ("from_number", "Gọi từ số", phone),
                                       ("duration_s", "Thời lượng (giây)", _text)]),
    ("call_step", "Phím đã bấm trong cuộc gọi", [("created_at", "Thời điểm", moment), ("digits", "Phím", _text)]),
    ("recording", "Ghi âm và bản chép lời", [("created_at", "Thời điểm", moment),
                                             ("purpose", "Nội dung", _named(PURPOSES)),
                                             ("duration_s", "Thời lượng (giây)", _text),
                                             ("transcript", "Bản chép lời", _text),
                                             ("transcript_original", "Máy chép lời ban đầu", _text)]),
    ("outgoing_message", "Tin nhắn đã gửi", [("created_at", "Thời điểm", moment), ("to_number", "Đến số", phone),
                                             ("body", "Nội dung", _text)]),
    ("shipment", "Bưu gửi", [("tracking_code", "Mã bưu gửi", _text), ("recipient_name", "Người nhận", _text),
                             ("recipient_phone", "Số điện thoại", phone), ("address", "Địa chỉ", _text)]),
    ("shipment_attempt", "Các lần phát bưu gửi", [("created_at", "Thời điểm", moment),
                                                  ("received_by", "Người nhận", _text), ("note", "Ghi chú", _text)]),
    ("feedback", "Phản ánh, kiến nghị", [("created_at", "Thời điểm", moment), ("phone", "Số điện thoại", phone),
                                         ("text", "Nội dung", _text), ("answer", "Trả lời", _text)]),
    ("callback_task", "Yêu cầu gọi lại", [("created_at", "Thời điểm", moment), ("phone", "Số điện thoại", phone),
                                          ("outcome", "Kết quả", _text)]),
    ("satisfaction_rating", "Đánh giá mức độ hài lòng", [("created_at", "Thời điểm", moment),
                                                         ("score", "Mức đánh giá", _named(SCORES))]),
    ("audit_entry", "Cán bộ đã truy cập dữ liệu", [("created_at", "Thời điểm", moment),
                                                   ("action", "Thao tác", _named(ACTIONS))]),
    ("privacy_request", "Yêu cầu về dữ liệu cá nhân", [
        ("received_at", "Ngày nhận", moment), ("kind", "Loại yêu cầu", _named(REQUEST_KINDS)),
        ("state", "Tình trạng", _named(REQUEST_STATES)), ("note", "Nội dung", _text)]),
]


# Other owners' dossiers and postal items that name the person: only what names them is shown.
NAMED: list[tuple[str, str, list[Field]]] = [
    ("dossier", "Hồ sơ của chủ tàu khác có ghi tên hoặc số điện thoại của ông/bà", [
        ("code", "Mã hồ sơ", _text), ("caller_phone", "Số gọi đến", phone),
        ("recipient_name", "Người nhận kết quả", _text), ("recipient_phone", "Số điện thoại người nhận", phone),
        ("address", "Địa chỉ nhận kết quả", _text)]),
    ("shipment", "Bưu gửi của chủ tàu khác gửi đến ông/bà", [
        ("tracking_code", "Mã bưu gửi", _text), ("recipient_name", "Người nhận", _text),
        ("recipient_phone", "Số điện thoại", phone), ("address", "Địa chỉ", _text)]),
]


def build_pdf(data: dict[str, Any], centre_name: str, today: date) -> bytes:
    """Render an export (services/privacy.export) for the person it is about; return the PDF bytes."""
    regular, bold = register_fonts()
    body = ParagraphStyle("body", fontName=regular, fontSize=10, leading=13)
    heading = ParagraphStyle("heading", parent=body, fontName=bold, fontSize=12, leading=16, spaceBefore=8)
    title = ParagraphStyle("title", parent=heading, fontSize=14, alignment=1, spaceAfter=6)
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm, topMargin=16 * mm,
                            bottomMargin=16 * mm, title=TITLE, author=centre_name)
    names = {p["id"]: p["name_vi"] for p in data["tables"].get("procedure", [])}
    story: list[Any] = [Paragraph(escape(centre_name), heading), Paragraph(TITLE, title),
                        Paragraph(f"Số điện thoại: {escape(phone(data['phone']))}", body),
                        Paragraph(f"Ngày lập: {today:%d/%m/%Y}", body), Spacer(1, 3 * mm),
                        Paragraph(escape(RIGHTS), body)]
    for source, table, caption, fields in [*(("tables", *s) for s in SECTIONS), *(("named_in", *s) for s in NAMED)]:
        story.append(Paragraph(escape(caption), heading))
        rows = data[source].get(table, [])
        if table == "call_step":
            rows = [row for row in rows if row.get("digits")]
        if not rows:
            story.append(Paragraph("Không có.", body))
        for row in rows:
            story.append(_fields_table(_readable(table, row, names), fields, body))
    doc.build(story)
    return out.getvalue()


# Where each table keeps an address: the line, the commune or ward, the province.
ADDRESS_COLUMNS = {"owner": ("address_line", "ward_code", "province_code"),
                   "dossier": ("delivery_address", "delivery_ward_code", "delivery_province_code"),
                   "shipment": ("address_line", "ward_code", "province_code")}


def _readable(table: str, row: dict[str, Any], procedures: dict[int, str]) -> dict[str, Any]:
    """The row with its address written out whole and its procedure named."""
    shown = dict(row)
    if table in ADDRESS_COLUMNS:
        line, ward, province = (row.get(name) for name in ADDRESS_COLUMNS[table])
        try:
            shown["address"] = full_address(line, ward, province)
        except PlaceError:  # a code from before the 2025 merger: the person still sees all that is held
            shown["address"] = ", ".join(str(part) for part in (line, ward, province) if part)
    if "procedure_id" in row:
        shown["procedure_id"] = procedures.get(row["procedure_id"], row["procedure_id"])
    return shown


def _fields_table(row: dict[str, Any], fields: list[Field], style: ParagraphStyle) -> Table:
    cells = [[Paragraph(escape(label), style), Paragraph(escape(show(row.get(name))), style)]
             for name, label, show in fields if row.get(name) not in (None, "")]
    table = Table(cells or [[Paragraph("—", style), ""]], colWidths=[50 * mm, 124 * mm])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LINEBELOW", (0, -1), (-1, -1), 0.3, "#999999"),
                               ("BOTTOMPADDING", (0, 0), (-1, -1), 2), ("TOPPADDING", (0, 0), (-1, -1), 1)]))
    return table
