"""Every text sent to an owner, Vietnamese and English side by side, and what it costs as SMS."""

from __future__ import annotations

from datetime import date

from hotline.domain.manifest import format_vnd
from hotline.infra.text import strip_diacritics
from hotline.models import Dossier
from hotline.models import DossierState

TEXTS: dict[str, dict[str, str]] = {
    # The first text to an owner: it links the privacy page, which says what is kept, why, and their rights.
    # Worded tightly so that, sent with diacritics, the link costs no segment more for most procedures; each
    # code is named by its one name (mã hồ sơ, mã tra cứu), as the call, the console and the receipt name it.
    "receipt": {
        "vi": "Trung tâm PVHCC nhận hồ sơ {procedure}, mã hồ sơ {code}, mã tra cứu {phone_code}, "
              "hẹn trả {date}. Dữ liệu cá nhân: {privacy}",
        "en": "The service centre has received your dossier for {procedure}. Dossier code {code} "
              "(phone code {phone_code}). Expected result date: {date}. Personal data: {privacy}",
    },
    # Added to the receipt: the amount the hotline told and the receipt prints (services.charges).
    "receipt_charges": {
        "vi": "Bưu điện thu {total} khi trả kết quả.",
        "en": "The post collects {total} on delivery.",
    },
    "status_awaiting_papers": {
        "vi": "Hồ sơ {code}: bưu điện sẽ đến nhận hồ sơ giấy, mã bưu gửi {tracking}.",
        "en": "Dossier {code}: the post will come to collect the original papers, tracking code {tracking}.",
    },
    "status_in_progress": {
        "vi": "Hồ sơ {code} đã được tiếp nhận giải quyết, hẹn trả kết quả ngày {due}.",
        "en": "Dossier {code} has been accepted for processing; the result is due on {due}.",
    },
    "status_needs_supplement": {
        "vi": "Hồ sơ {code} cần bổ sung. Vui lòng gọi đường dây nóng để biết chi tiết.",
        "en": "Dossier {code} needs more information. Please call the hotline for details.",
    },
    "status_result_ready": {
        "vi": "Hồ sơ {code} đã có kết quả; bưu điện sẽ chuyển phát, mã bưu gửi {tracking}.",
        "en": "The result of dossier {code} is ready; the post will deliver it, tracking code {tracking}.",
    },
    "status_delivered": {
        "vi": "Kết quả hồ sơ {code} đã được giao. Cảm ơn ông/bà đã sử dụng dịch vụ.",
        "en": "The result of dossier {code} has been delivered. Thank you for using our service.",
    },
    "status_returned": {
        "vi": "Bưu điện không giao được kết quả hồ sơ {code} và đã hoàn trả về Trung tâm. "
              "Vui lòng gọi đường dây nóng để hẹn lại.",
        "en": "The post could not deliver the result of dossier {code} and has returned it to the Centre. "
              "Please call the hotline to arrange another delivery.",
    },
    "status_rejected": {
        "vi": "Hồ sơ {code} không được giải quyết. Lý do: {reason}. Mọi thắc mắc xin gọi đường dây nóng.",
        "en": "Dossier {code} has been rejected. Reason: {reason}. For any question, please call the hotline.",
    },
    "visit_pickup": {
        "vi": "Ngày {date} bưu tá sẽ đến nhận hồ sơ giấy hồ sơ {code} (mã {tracking}). "
              "Nếu vắng nhà, vui lòng nhờ người thân nhận thay.",
        "en": "On {date} a postal courier will come to collect the original papers for dossier {code} "
              "(tracking code {tracking}). If you are away, please ask a relative to hand them over.",
    },
    "visit_delivery": {
        "vi": "Ngày {date} bưu tá sẽ giao kết quả hồ sơ {code} (mã {tracking}). "
              "Nếu vắng nhà, vui lòng nhờ người thân nhận thay.",
        "en": "On {date} a postal courier will deliver the result of dossier {code} (tracking code {tracking}). "
              "If you are away, please ask a relative to receive it for you.",
    },
    # The keys name the hotline's real way to rearrange: status (2), the dossier's phone code, then 3 or 4.
    "delivery_failed": {
        "vi": "Bưu tá chưa giao được bưu gửi {tracking} (hồ sơ {code}): {reason}. Để hẹn ngày khác hoặc nhờ "
              "người nhận thay, gọi đường dây nóng, bấm 2, nhập mã tra cứu {phone_code}, rồi bấm 3 (ngày khác) "
              "hoặc 4 (người nhận thay).",
        "en": "The courier could not deliver item {tracking} (dossier {code}): {reason}. To choose another day or "
              "a proxy, call the hotline, press 2, key in phone code {phone_code}, then 3 (another day) or "
              "4 (a proxy).",
    },
    "pickup_failed": {
        "vi": "Bưu tá chưa nhận được hồ sơ giấy {tracking} (hồ sơ {code}): {reason}. Để hẹn ngày khác hoặc nhờ "
              "người giao thay, gọi đường dây nóng, bấm 2, nhập mã tra cứu {phone_code}, rồi bấm 3 (ngày khác) "
              "hoặc 4 (người giao thay).",
        "en": "The courier could not collect the papers {tracking} (dossier {code}): {reason}. To choose another "
              "day or a proxy, call the hotline, press 2, key in phone code {phone_code}, then 3 (another day) "
              "or 4 (a proxy).",
    },
    "satisfaction_question": {
        "vi": "Ông/bà có hài lòng với việc giải quyết hồ sơ {code}? Trả lời 1 số: 1 Rất hài lòng, 2 Hài lòng, "
              "3 Bình thường, 4 Không hài lòng, 5 Rất không hài lòng.",
        "en": "Are you satisfied with how dossier {code} was handled? Reply with one digit: 1 very satisfied, "
              "2 satisfied, 3 neither satisfied nor dissatisfied, 4 dissatisfied, 5 very dissatisfied.",
    },
    "reply_help": {
        "vi": "Tin nhắn này chỉ nhận đánh giá: trả lời 1 số từ 1 (Rất hài lòng) đến 5 (Rất không hài lòng). "
              "Để hỏi về hồ sơ, vui lòng gọi đường dây nóng.",
        "en": "This number only takes ratings: reply with one digit from 1 (very satisfied) to 5 "
              "(very dissatisfied). For questions about a dossier, please call the hotline.",
    },
    "reply_nothing_to_rate": {
        "vi": "Không có hồ sơ nào đang chờ đánh giá từ số này. Để hỏi về hồ sơ, vui lòng gọi đường dây nóng.",
        "en": "No dossier is waiting for a rating from this number. "
              "For questions about a dossier, please call the hotline.",
    },
    "rating_thanks": {
        "vi": "Cảm ơn ông/bà đã đánh giá hồ sơ {code}: {level}.",
        "en": "Thank you for rating dossier {code}: {level}.",
    },
}

# Status changes worth a text, with what the owner needs to know; other moves stay silent.
STATUS_TEXTS: dict[DossierState, str] = {
    DossierState.AWAITING_PAPERS: "status_awaiting_papers",
    DossierState.IN_PROGRESS: "status_in_progress",
    DossierState.NEEDS_SUPPLEMENT: "status_needs_supplement",
    DossierState.RESULT_READY: "status_result_ready",
    DossierState.DELIVERED: "status_delivered",
    DossierState.RETURNED: "status_returned",
    DossierState.REJECTED: "status_rejected",
}

# What {due} says before the clock runs.
DUE_LATER: dict[str, str] = {"vi": "sẽ báo sau", "en": "a date to be announced"}

# Why the courier could not deliver: the courier picks one, the owner reads it in the text that follows.
FAILURE_REASON_WORDS: dict[str, dict[str, str]] = {
    "not_home": {"vi": "không có người ở nhà", "en": "nobody was at home"},
    "at_sea": {"vi": "chủ tàu đang đi biển", "en": "the owner is at sea"},
    "wrong_address": {"vi": "sai địa chỉ", "en": "wrong address"},
    "refused": {"vi": "người nhận từ chối", "en": "the recipient refused it"},
    "cannot_pay": {"vi": "chưa thanh toán được", "en": "the amount due could not be paid"},
    "weather": {"vi": "thời tiết xấu", "en": "bad weather"},
    "other": {"vi": "lý do khác", "en": "another reason"},
}
FAILURE_REASONS: dict[str, str] = {key: words["vi"] for key, words in FAILURE_REASON_WORDS.items()}

# 1 very satisfied … 5 very dissatisfied, in the order the question reads them; the SMS thanks and the
# hotline's spoken thanks name the level in these words.
SCORE_LEVEL_WORDS: dict[int, dict[str, str]] = {
    1: {"vi": "Rất hài lòng", "en": "very satisfied"},
    2: {"vi": "Hài lòng", "en": "satisfied"},
    3: {"vi": "Bình thường", "en": "neither satisfied nor dissatisfied"},
    4: {"vi": "Không hài lòng", "en": "dissatisfied"},
    5: {"vi": "Rất không hài lòng", "en": "very dissatisfied"},
}

# The Vietnamese question as the workflow formats it, `.format(code=…)`.

# GSM 03.38: the default 7-bit alphabet (ESC aside), and the extension table whose characters take ESC plus one.
GSM_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM_EXTENSION = frozenset("\f^{}\\[~]|€")


def owner_text(text_id: str, lang: str = "vi", **values: object) -> str:
    """Return the text in `lang` with its blanks filled."""
    return TEXTS[text_id][lang].format(**values)


def receipt_text(lang: str, *, total_vnd: int, **values: object) -> str:
    """The SMS receipt: codes, promised date and privacy link, then what the post collects."""
    charges = owner_text("receipt_charges", lang, total=money(total_vnd, lang))
    return f'{owner_text("receipt", lang, **values)} {charges}'


def money(amount: int, lang: str = "vi") -> str:
    """An amount as the texts write it: "65.000 đ"; in English "65.000 dong", since "đ" alone would send
    the whole text as UCS-2, at more than twice the segments."""
    written = format_vnd(amount)
    return written if lang == "vi" else written.removesuffix(" đ") + " dong"


def score_level(score: int, lang: str = "vi") -> str:
    """Name a rating's level: 1 → "Rất hài lòng"."""
    return SCORE_LEVEL_WORDS[score][lang]


def status_text(dossier: Dossier, tracking: str | None, reason: str | None = None) -> str | None:
    """The Vietnamese text for the dossier's new state, or None when that move is not worth a text.

    `reason` is the move's reason, which a rejection quotes to the owner.
    """
    text_id = STATUS_TEXTS.get(dossier.state)
    if text_id is None:
        return None
    due = _day(dossier.due_date) if dossier.due_date else DUE_LATER["vi"]
    return owner_text(text_id, code=dossier.code, tracking=tracking or "", due=due, reason=(reason or "").strip())


def visit_text(dossier: Dossier, tracking: str, day: date, pickup: bool) -> str:
    """The Vietnamese text telling the owner the day the courier comes."""
    return owner_text("visit_pickup" if pickup else "visit_delivery", date=_day(day), code=dossier.code,
                      tracking=tracking)


def failed_text(dossier: Dossier, tracking: str, reason: str, pickup: bool) -> str:
    """The Vietnamese text telling the owner why the courier could not collect or deliver, and how to
    rearrange it by phone."""
    return owner_text("pickup_failed" if pickup else "delivery_failed", tracking=tracking, code=dossier.code,
                      reason=FAILURE_REASONS[reason], phone_code=dossier.phone_code)


def plain(text: str) -> str:
    """The text without diacritics, as sent when the province wants GSM's 160-character segments."""
    return strip_diacritics(text)


def is_gsm7(body: str) -> bool:
    """Tell whether every character of `body` is in the GSM 7-bit alphabet or its extension table."""
    return all(ch in GSM_BASIC or ch in GSM_EXTENSION for ch in body)


def sms_segments(body: str) -> int:
    """Count the segments `body` is sent (and billed) as.

    GSM-7 when every character allows it: 160 septets in one segment, 153 per segment when concatenated, an
    extension character taking two. Otherwise UCS-2: 70 UTF-16 code units in one, 67 per segment.
    """
    if is_gsm7(body):
        sizes = [2 if ch in GSM_EXTENSION else 1 for ch in body]
        single, per_segment = 160, 153
    else:
        sizes = [2 if ord(ch) > 0xFFFF else 1 for ch in body]
        single, per_segment = 70, 67
    if sum(sizes) <= single:
        return 1
    segments, used = 1, 0
    for size in sizes:
        # Phones cannot join an escape or a surrogate pair cut in two, so a pair never straddles segments.
        if used + size > per_segment:
            segments, used = segments + 1, 0
        used += size
    return segments


def _day(day: date) -> str:
    return f"{day:%d/%m/%Y}"
