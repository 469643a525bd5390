"""The public privacy page: who keeps what about callers and owners, why, for how long, and how to ask.

No sign-in: the recording notice, the receipt and the receipt SMS send people here. /rieng-tu speaks the
visitor's language (Vietnamese unless they switched); /privacy, which English texts link, is always English.
"""

from __future__ import annotations

from flask import Blueprint
from flask import render_template
from flask.typing import ResponseReturnValue
from flask_babel import force_locale

from hotline.infra.province import province
from hotline.infra.text import mark
from hotline.services.privacy_notice import ACT_WITHIN_WORKING_DAYS
from hotline.services.privacy_notice import ANSWER_WITHIN_WORKING_DAYS
from hotline.services.privacy_notice import PRIVACY_PATHS
from hotline.services.privacy_notice import retention_schedule
from hotline.web.i18n import translate as _

bp = Blueprint("privacy", __name__)

# What each kind in the retention schedule holds, as the page names it.
KIND_NAMES: dict[str, str] = {
    "recording": mark("Bản ghi âm giọng nói (yêu cầu, họ tên, địa chỉ, phản ánh, tin nhắn thoại)"),
    "transcript": mark("Bản chép lời của các bản ghi âm"),
    "call": mark("Nhật ký cuộc gọi: số điện thoại, thời gian, các phím đã bấm"),
    "message": mark("Tin nhắn SMS gửi và nhận"),
    "feedback": mark("Phản ánh, kiến nghị và câu trả lời"),
    "dossier": mark("Hồ sơ thủ tục: họ tên, địa chỉ, số đăng ký tàu cá, diễn biến giải quyết"),
    "shipment": mark("Bưu gửi: người nhận, địa chỉ, số điện thoại, kết quả giao nhận"),
}

# Whole years, else whole months, else days: (days in the unit, the words for one, the words for several).
UNITS = ((365, mark("1 năm"), mark("{n} năm")), (30, mark("1 tháng"), mark("{n} tháng")),
         (1, mark("1 ngày"), mark("{n} ngày")))


def period(days: int) -> str:
    """A retention period as people say it: 1825 days → "5 năm"."""
    size, one, several = next(unit for unit in UNITS if days % unit[0] == 0)
    count = days // size
    return _(one) if count == 1 else _(several, n=count)


def retention_rows(schedule: dict[str, int]) -> list[tuple[str, str]]:
    """The schedule as the page's table reads it: what is kept, and for how long."""
    return [(_(KIND_NAMES[kind]) if kind in KIND_NAMES else kind, period(days)) for kind, days in schedule.items()]


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
