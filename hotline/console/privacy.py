"""The public privacy page: who keeps what about callers and owners, why, for how long, and how to ask.

No sign-in: the recording notice, the receipt and the receipt SMS send people here. /rieng-tu speaks the
visitor's language (Vietnamese unless they switched); /privacy, which English texts link, is always English.
"""

from __future__ import annotations

from dataclasses import fields

from flask import Blueprint
from flask import render_template
from flask.typing import ResponseReturnValue
from flask_babel import force_locale

from hotline.infra.province import province
from hotline.infra.retention import RetentionSchedule
from hotline.infra.retention import retention_schedule
from hotline.infra.text import mark
from hotline.services.privacy_notice import ACT_WITHIN_WORKING_DAYS
from hotline.services.privacy_notice import ANSWER_WITHIN_WORKING_DAYS
from hotline.services.privacy_notice import PRIVACY_PATHS
from hotline.web.i18n import translate as _

bp = Blueprint("privacy", __name__)

# What each period of the retention schedule (config/retention.toml) covers, from when it counts and what
# happens at its end, as the page says it; a period added to the schedule needs its words here.
PERIOD_WORDS: dict[str, tuple[str, str]] = {
    "audio_days": (
        mark("Bản ghi âm giọng nói (yêu cầu, họ tên, địa chỉ, phản ánh, tin nhắn thoại)"),
        mark("Tính từ khi hồ sơ kết thúc, hoặc từ cuộc gọi nếu không có hồ sơ; rồi xóa.")),
    "transcript_days": (
        mark("Bản chép lời tin nhắn thoại, phản ánh và các bản ghi âm không thành hồ sơ"),
        mark("Tính từ cuộc gọi, khi phản ánh đã được trả lời; rồi xóa. Chép lời của hồ sơ đi theo hồ sơ.")),
    "call_days": (
        mark("Nhật ký cuộc gọi"),
        mark("Tính từ cuộc gọi; rồi che số điện thoại, xóa các phím đã bấm, chỉ giữ thời gian để thống kê.")),
    "draft_days": (
        mark("Hồ sơ nháp của cuộc gọi bị ngắt giữa chừng mà không ai hoàn tất"),
        mark("Tính từ cuộc gọi; rồi che số điện thoại, xóa chủ tàu, tàu, ghi chú, địa chỉ, bản ghi âm.")),
    "message_days": (
        mark("Tin nhắn SMS gửi cho ông/bà"),
        mark("Tính từ khi gửi; rồi xóa nội dung và che số điện thoại.")),
    "audit_days": (
        mark("Nhật ký thao tác của cán bộ (ai đã nghe, sửa, chuyển, xuất, xóa dữ liệu)"),
        mark("Tính từ khi ghi; rồi xóa.")),
    "dossier_contact_days": (
        mark("Số điện thoại và địa chỉ trên hồ sơ đã kết thúc và bưu gửi của hồ sơ"),
        mark("Tính từ khi hồ sơ kết thúc; rồi che hoặc xóa. Họ tên, mã hồ sơ, ngày và kết quả vẫn được lưu.")),
}

# Whole years, else whole months, else days: (days in the unit, the words for one, the words for several).
UNITS = ((365, mark("1 năm"), mark("{n} năm")), (30, mark("1 tháng"), mark("{n} tháng")),
         (1, mark("1 ngày"), mark("{n} ngày")))


def period(days: int) -> str:
    """A retention period as people say it: 1825 days → "5 năm"."""
    size, one, several = next(unit for unit in UNITS if days % unit[0] == 0)
    count = days // size
    return _(one) if count == 1 else _(several, n=count)


def retention_rows(schedule: RetentionSchedule) -> list[tuple[str, str, str]]:
    """The schedule as the page's table reads it: what is kept, for how long, from when and what then."""
    rows = []
    for kept in fields(schedule):
        what, then = PERIOD_WORDS[kept.name]
        rows.append((_(what), period(getattr(schedule, kept.name)), _(then)))
    return rows


def render_page() -> str:
    # The language switch comes back to /rieng-tu, which follows the choice; /privacy would stay English.
    return render_template("privacy.html", centre=province().centre_name,
                           retention=retention_rows(retention_schedule()),
                           answer_days=ANSWER_WITHIN_WORKING_DAYS, act_days=ACT_WITHIN_WORKING_DAYS,
                           language_next=PRIVACY_PATHS["vi"])


@bp.get(PRIVACY_PATHS["vi"])
def privacy_page() -> ResponseReturnValue:
    """The privacy page in the visitor's language, Vietnamese unless they switched."""
    return render_page()


@bp.get(PRIVACY_PATHS["en"])
def privacy_page_en() -> ResponseReturnValue:
    """The privacy page in English, whatever the visitor chose before."""
    with force_locale("en"):
        return render_page()
