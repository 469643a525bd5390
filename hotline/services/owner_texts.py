"""The SMS texts the owner receives about the dossier's life and the post (Vietnamese)."""

from __future__ import annotations

from datetime import date

from hotline.models import Dossier
from hotline.models import DossierState

FAILURE_REASONS: dict[str, str] = {
    "not_home": "không có người ở nhà",
    "at_sea": "chủ tàu đang đi biển",
    "wrong_address": "sai địa chỉ",
    "refused": "người nhận từ chối",
    "cannot_pay": "chưa thanh toán được",
    "weather": "thời tiết xấu",
    "other": "lý do khác",
}

SATISFACTION_QUESTION = (
    "Ông/bà có hài lòng với việc giải quyết hồ sơ {code}? Trả lời 1 số: 1 Rất hài lòng, 2 Hài lòng, "
    "3 Bình thường, 4 Không hài lòng, 5 Rất không hài lòng."
)

# Status changes worth a text, with what the owner needs to know; other moves stay silent.
STATUS_TEXTS: dict[DossierState, str] = {
    DossierState.AWAITING_PAPERS: "Hồ sơ {code}: bưu điện sẽ đến nhận hồ sơ giấy, mã bưu gửi {tracking}.",
    DossierState.IN_PROGRESS: "Hồ sơ {code} đã được tiếp nhận giải quyết, hẹn trả kết quả ngày {due}.",
    DossierState.NEEDS_SUPPLEMENT: "Hồ sơ {code} cần bổ sung. Vui lòng gọi đường dây nóng để biết chi tiết.",
    DossierState.RESULT_READY: "Hồ sơ {code} đã có kết quả; bưu điện sẽ chuyển phát, mã bưu gửi {tracking}.",
    DossierState.DELIVERED: "Kết quả hồ sơ {code} đã được giao. Cảm ơn ông/bà đã sử dụng dịch vụ.",
    DossierState.RETURNED: "Bưu điện không giao được kết quả hồ sơ {code} và đã hoàn trả về Trung tâm. "
                           "Vui lòng gọi đường dây nóng để hẹn lại.",
    DossierState.REJECTED: "Hồ sơ {code} không được giải quyết. Vui lòng gọi đường dây nóng để biết lý do.",
}


def status_text(dossier: Dossier, tracking: str | None) -> str | None:
    template = STATUS_TEXTS.get(dossier.state)
    if template is None:
        return None
    due = f"{dossier.due_date:%d/%m/%Y}" if dossier.due_date else "sẽ báo sau"
    return template.format(code=dossier.code, tracking=tracking or "", due=due)


def visit_text(dossier: Dossier, tracking: str, day: date, pickup: bool) -> str:
    what = "đến nhận hồ sơ giấy" if pickup else "giao kết quả"
    return (f"Ngày {day:%d/%m/%Y} bưu tá sẽ {what} hồ sơ {dossier.code} (mã {tracking}). "
            "Nếu vắng nhà, vui lòng nhờ người thân nhận thay.")


def failed_text(dossier: Dossier, tracking: str, reason: str) -> str:
    return (f"Bưu tá chưa giao được bưu gửi {tracking} (hồ sơ {dossier.code}): {FAILURE_REASONS[reason]}. "
            "Để hẹn lần giao khác, gọi đường dây nóng, bấm phím 2 hoặc chờ bưu tá liên hệ.")
