"""Everything the caller hears, Vietnamese and English side by side, and how numbers are read."""

from __future__ import annotations

from datetime import date
from datetime import time

from hotline.domain.codes import group_digits
from hotline.models import DossierState

PROMPTS: dict[str, dict[str, str]] = {
    "welcome": {
        "vi": "Trung tâm Phục vụ hành chính công xin kính chào quý khách.",
        "en": "Welcome to the public administrative service centre.",
    },
    "welcome_owner": {
        "vi": "Trung tâm Phục vụ hành chính công xin kính chào {name}.",
        "en": "Welcome to the public administrative service centre, {name}.",
    },
    # Said once, early: the two keys every question of the call takes (flow.REPEAT_KEY, flow.PERSON_KEY).
    "keys_help": {
        "vi": "Trong cuộc gọi, khi được hỏi, bấm phím sao để nghe lại, bấm phím 0 để gặp cán bộ tiếp nhận.",
        "en": "Whenever you are asked something, press star to hear it again, or 0 to speak to an operator.",
    },
    "main_menu": {
        "vi": "Để nộp hồ sơ mới, bấm 1. Để hỏi tình trạng hồ sơ, bấm 2. Để phản ánh, kiến nghị, bấm 3. "
              "Để đánh giá mức độ hài lòng về hồ sơ đã nhận kết quả, bấm 4. "
              "Để gặp cán bộ tiếp nhận, bấm 0.",
        "en": "For a new dossier, press 1. For the status of a dossier, press 2. For feedback or a complaint, "
              "press 3. To rate the service for a dossier whose result you received, press 4. "
              "To speak to an operator, press 0.",
    },
    # The other language's offer, said in that language by its own voice: the Vietnamese menu ends with the
    # "en" words spoken in English, the English menu with the "vi" words spoken in Vietnamese.
    "language_offer": {"vi": "Để nghe tiếng Việt, bấm 9.", "en": "For English, press 9."},
    "procedure_option": {"vi": "{name}, bấm {key}.", "en": "{name}, press {key}."},
    "choose_procedure": {"vi": "Xin chọn thủ tục.", "en": "Please choose the procedure."},
    "ask_vessel_number": {
        "vi": "Xin bấm các chữ số trong số đăng ký tàu cá, rồi bấm phím thăng.",
        "en": "Please key in the digits of the vessel's registration number, then press the hash key.",
    },
    "confirm_vessel_number": {
        "vi": "Số đăng ký quý khách vừa bấm là {prefix}, {digits}, T S. Đúng, bấm 1. Nhập lại, bấm 2.",
        "en": "You keyed registration number {prefix}, {digits}, T S. If correct, press 1. To re-enter, press 2.",
    },
    # What the owner pays, said before filing; the receipt, its SMS and the courier's sheet give the same figures.
    "tell_charges": {
        "vi": "Lệ phí thủ tục: {fee}. Cước bưu chính: {postage}. "
              "Khi giao kết quả tận nhà, bưu điện sẽ thu tổng cộng {total}.",
        "en": "The fee for this procedure is {fee}. Postage is {postage}. "
              "When the result is delivered to your door, the post will collect {total} in all.",
    },
    # Said once per call, before its first recording, whichever step records first.
    "recording_notice": {
        "vi": "Cuộc gọi này được ghi âm để giải quyết yêu cầu của quý khách; quý khách có quyền yêu cầu xóa "
              "bản ghi âm. Xem chi tiết tại {site}, mục Quyền riêng tư.",
        "en": "This call is recorded to handle your request; you may ask for the recording to be deleted. "
              "Details are at {site}, under Privacy.",
    },
    "record_note": {
        "vi": "Sau tiếng bíp, xin nói ngắn gọn yêu cầu của quý khách, rồi bấm phím thăng.",
        "en": "After the beep, please say briefly what you need, then press the hash key.",
    },
    "record_name": {
        "vi": "Sau tiếng bíp, xin nói họ và tên chủ tàu, rồi bấm phím thăng.",
        "en": "After the beep, please say the vessel owner's full name, then press the hash key.",
    },
    "confirm_address": {
        "vi": "Kết quả sẽ được gửi đến địa chỉ: {address}. Giữ địa chỉ này, bấm 1. Đọc địa chỉ mới, bấm 2.",
        "en": "The result will be sent to: {address}. To keep this address, press 1. "
              "To record a new one, press 2.",
    },
    "record_address": {
        "vi": "Sau tiếng bíp, xin đọc địa chỉ nhận kết quả: thôn, xã hoặc phường, rồi bấm phím thăng.",
        "en": "After the beep, please say the delivery address: village and commune, then press the hash key.",
    },
    "read_receipt": {
        "vi": "Hồ sơ đã được tiếp nhận. Mã tra cứu của quý khách là: {code}. "
              "Ngày hẹn trả kết quả dự kiến: {date}. Nghe lại, bấm 1.",
        "en": "Your dossier has been received. Your phone code is: {code}. "
              "The expected date of the result is {date}. To hear this again, press 1.",
    },
    # One of the caller's open dossiers: two of one procedure are told apart by the day each was filed, and
    # by the vessel ({vessel}: "listed_vessel", or nothing) when theirs differ.
    "status_choose_dossier": {
        "vi": "Hồ sơ {name}, nộp {date}{vessel}, bấm {key}.",
        "en": "For the dossier {name}, filed on {date}{vessel}, press {key}.",
    },
    "listed_vessel": {"vi": ", tàu số {digits}", "en": ", vessel number {digits}"},
    "ask_phone_code": {
        "vi": "Xin bấm mã tra cứu, rồi bấm phím thăng.",
        "en": "Please key in the phone code, then press the hash key.",
    },
    "read_status": {
        "vi": "Hồ sơ {name}, mã tra cứu {code}, đang ở trạng thái: {state}. {promise} {delivery} "
              "Nghe lại, bấm 1. Hỏi hồ sơ khác, bấm 2. Về menu chính, bấm 9.",
        "en": "Dossier {name}, phone code {code}, is in state: {state}. {promise} {delivery} "
              "To hear this again, press 1. For another dossier, press 2. For the main menu, press 9.",
    },
    "promise_due": {"vi": "Ngày hẹn trả kết quả: {date}.", "en": "The result is due on {date}."},
    "promise_expected": {
        "vi": "Ngày hẹn trả kết quả dự kiến: {date}.",
        "en": "The expected date of the result is {date}.",
    },
    "delivery_none": {"vi": "", "en": ""},
    "delivery_planned": {"vi": "Bưu điện sẽ chuyển kết quả đến quý khách.", "en": "The post will deliver it."},
    "delivery_on_manifest": {
        "vi": "Bưu tá đang mang kết quả đến cho quý khách.",
        "en": "A postal courier is bringing the result to you.",
    },
    "delivery_failed": {
        "vi": "Bưu tá chưa giao được, sẽ giao lại.",
        "en": "The courier could not deliver it yet and will try again.",
    },
    "delivery_done": {"vi": "Bưu điện đã giao kết quả.", "en": "The post has delivered the result."},
    "delivery_returned": {
        "vi": "Bưu điện đã hoàn trả kết quả về trung tâm.",
        "en": "The post returned the result to the centre.",
    },
    # Rearranging a failed pickup or delivery from the status (keys 3 and 4 of read_status).
    "rearrange_delivery_offer": {
        "vi": "Bưu tá chưa giao được kết quả. Để hẹn ngày giao khác, bấm 3. Để nhờ người khác nhận thay, bấm 4.",
        "en": "The courier could not deliver the result. To choose another day, press 3. "
              "To name someone to receive it for you, press 4.",
    },
    "rearrange_pickup_offer": {
        "vi": "Bưu tá chưa nhận được hồ sơ giấy. Để hẹn ngày khác, bấm 3. Để nhờ người khác giao thay, bấm 4.",
        "en": "The courier could not collect the papers. To choose another day, press 3. "
              "To name someone to hand them over for you, press 4.",
    },
    "nothing_to_rearrange": {
        "vi": "Hồ sơ này không có lần giao nhận nào cần hẹn lại.",
        "en": "This dossier has no pickup or delivery to rearrange.",
    },
    "choose_new_day": {"vi": "Xin chọn ngày bưu tá đến.", "en": "Please choose the day the courier comes."},
    "new_day_option": {"vi": "{date}, bấm {key}.", "en": "{date}, press {key}."},
    "ask_proxy_phone": {
        "vi": "Xin bấm số điện thoại của người giao nhận thay, rồi bấm phím thăng.",
        "en": "Please key in the phone number of the person who will stand in for you, then press the hash key.",
    },
    "confirm_proxy_phone": {
        "vi": "Số quý khách vừa bấm là {digits}. Đúng, bấm 1. Nhập lại, bấm 2.",
        "en": "You keyed {digits}. If correct, press 1. To re-enter, press 2.",
    },
    "rearranged_day": {
        "vi": "Đã hẹn bưu tá đến vào {date}. Bưu điện sẽ nhắn tin trước khi đến.",
        "en": "The courier will come on {date}. The post will text you before coming.",
    },
    "rearranged_proxy": {
        "vi": "Đã ghi người giao nhận thay. Bưu tá sẽ gọi số đó trong lần đến tới.",
        "en": "The stand-in is noted. The courier will call that number on the next visit.",
    },
    "record_feedback": {
        "vi": "Sau tiếng bíp, xin nói ý kiến phản ánh, kiến nghị của quý khách, rồi bấm phím thăng.",
        "en": "After the beep, please say your feedback or complaint, then press the hash key.",
    },
    "feedback_thanks": {
        "vi": "Cảm ơn quý khách. Ý kiến đã được ghi nhận và sẽ được trả lời.",
        "en": "Thank you. Your feedback has been recorded and will be answered.",
    },
    "rate_service": {
        "vi": "Quý khách đánh giá thế nào về việc giải quyết hồ sơ {name}, trả kết quả {date}? "
              "Rất hài lòng, bấm 1. Hài lòng, bấm 2. Bình thường, bấm 3. Không hài lòng, bấm 4. "
              "Rất không hài lòng, bấm 5.",
        "en": "How satisfied are you with how your dossier {name}, delivered on {date}, was handled? "
              "Very satisfied, press 1. Satisfied, press 2. Neither satisfied nor dissatisfied, press 3. "
              "Dissatisfied, press 4. Very dissatisfied, press 5.",
    },
    "nothing_to_rate": {
        "vi": "Hiện không có hồ sơ nào đã trả kết quả đang chờ quý khách đánh giá.",
        "en": "There is no delivered dossier waiting for your rating.",
    },
    "rating_thanks": {
        "vi": "Cảm ơn quý khách đã đánh giá: {level}.",
        "en": "Thank you for your rating: {level}.",
    },
    "operator": {"vi": "Xin chờ gặp cán bộ tiếp nhận.", "en": "Please hold for an operator."},
    "operator_busy": {
        "vi": "Cán bộ đang bận. Xin để lại lời nhắn.",
        "en": "The operators are busy. Please leave a message.",
    },
    "office_closed": {
        "vi": "Hiện đã ngoài giờ làm việc. Giờ làm việc từ {opens} đến {closes}, thứ Hai đến thứ Sáu, "
              "trừ ngày nghỉ lễ.",
        "en": "The office is closed now. Office hours are {opens} to {closes}, Monday to Friday, "
              "except public holidays.",
    },
    "record_voicemail": {
        "vi": "Sau tiếng bíp, xin để lại lời nhắn và tên của quý khách, cán bộ sẽ gọi lại.",
        "en": "After the beep, please leave a message and your name, and an operator will call you back.",
    },
    "voicemail_thanks": {
        "vi": "Cảm ơn quý khách. Cán bộ sẽ gọi lại.",
        "en": "Thank you. An operator will call you back.",
    },
    "invalid": {"vi": "Xin lỗi, chưa đúng.", "en": "Sorry, that was not valid."},
    "too_many_tries": {
        "vi": "Xin lỗi, chúng tôi sẽ chuyển quý khách đến cán bộ tiếp nhận.",
        "en": "Sorry, we will put you through to an operator.",
    },
    "apology": {
        "vi": "Xin lỗi quý khách, hệ thống đang gặp sự cố.",
        "en": "Sorry, the system has a problem.",
    },
    "goodbye": {"vi": "Cảm ơn quý khách đã gọi. Xin chào.", "en": "Thank you for calling. Goodbye."},
}

# Blanks that read the same on every call to one centre (its web site): a prompt with no other blank can
# be recorded by the centre like any other, and the recording is played instead of the words.
SAME_ON_EVERY_CALL = frozenset({"site", "opens", "closes"})

# The console's Vietnamese state names live on DossierState.label_vi; these are their English words.
STATE_NAMES_EN: dict[DossierState, str] = {
    DossierState.DRAFT: "not complete",
    DossierState.RECEIVED: "received",
    DossierState.AWAITING_PAPERS: "waiting for the original papers",
    DossierState.NEEDS_SUPPLEMENT: "more information needed",
    DossierState.IN_PROGRESS: "in progress",
    DossierState.RESULT_READY: "result ready",
    DossierState.OUT_FOR_DELIVERY: "out for delivery",
    DossierState.DELIVERED: "result delivered",
    DossierState.RETURNED: "returned by the post",
    DossierState.REJECTED: "rejected",
    DossierState.WITHDRAWN: "withdrawn",
}

DIGIT_WORDS = {
    "vi": ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"),
    "en": ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"),
}

MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
             "October", "November", "December")


def prompt(prompt_id: str, lang: str, **values: object) -> str:
    """Return the prompt's text in `lang` with its blanks filled."""
    return PROMPTS[prompt_id][lang].format(**values)


def speak_digits(digits: str, lang: str) -> str:
    """Read digits one by one: "905" -> "chín không năm"."""
    return " ".join(DIGIT_WORDS[lang][int(d)] for d in digits if d.isascii() and d.isdigit())


def speak_code(code: str, lang: str) -> str:
    """Read a phone code slowly, digit by digit, in groups of four."""
    return ", ".join(speak_digits(group, lang) for group in group_digits(code))


def speak_money(amount: int, lang: str) -> str:
    """Say an amount of đồng: "65.000 đồng" (the voice reads the thousands), "65,000 dong"."""
    if lang == "vi":
        return f"{amount:,} đồng".replace(",", ".")
    return f"{amount:,} dong"


def speak_date(day: date, lang: str) -> str:
    """Read a date the way the caller says it: "ngày 5 tháng 12 năm 2026"."""
    if lang == "vi":
        return f"ngày {day.day} tháng {day.month} năm {day.year}"
    return f"{MONTHS_EN[day.month - 1]} {day.day}, {day.year}"


def speak_time(moment: time, lang: str) -> str:
    """Read a time of day: "7 giờ 30", "7:30 a.m."."""
    if lang == "vi":
        return f"{moment.hour} giờ" + (f" {moment.minute}" if moment.minute else "")
    hour = moment.hour % 12 or 12
    minutes = f":{moment.minute:02d}" if moment.minute else ""
    return f"{hour}{minutes} {'a.m.' if moment.hour < 12 else 'p.m.'}"
