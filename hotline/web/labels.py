"""What the console calls each stored enum value, in Vietnamese (English comes from the dictionary).

Enum values are written for the database, not for people: a page shows `member|label`, never `.value`.
"""

from __future__ import annotations

import enum

from hotline.models import CallbackState
from hotline.models import Channel
from hotline.models import FeedbackState
from hotline.models import MessageState
from hotline.models import RatingChannel
from hotline.models import RecordingPurpose
from hotline.models import RequestKind
from hotline.models import RequestState
from hotline.models import Role
from hotline.models import ShipmentKind
from hotline.models import ShipmentState
from hotline.models import TranscriptStatus
from hotline.services.sms_retry import INVALID_NUMBER
from hotline.services.sms_retry import LANDLINE
from hotline.services.sms_retry import NOT_MOBILE
from hotline.services.sms_retry import OPTED_OUT

# Keyed by enum class first: str enums compare equal to their values, so "open" of one enum
# would otherwise collide with "open" of another.
LABELS_VI: dict[type[enum.Enum], dict[str, str]] = {
    Role: {"operator": "Cán bộ tiếp nhận", "supervisor": "Lãnh đạo", "courier": "Bưu tá", "admin": "Quản trị viên"},
    Channel: {"phone": "Tổng đài", "operator": "Cán bộ nhập", "post": "Bưu điện", "api": "Hệ thống khác (API)"},
    FeedbackState: {"open": "Mới", "assigned": "Đã giao xử lý", "answered": "Đã trả lời", "closed": "Đã đóng"},
    RecordingPurpose: {"note": "Ghi chú hồ sơ", "address": "Địa chỉ mới", "name": "Họ tên",
                       "feedback": "Phản ánh", "voicemail": "Tin nhắn thoại"},
    TranscriptStatus: {"pending": "Chờ chép lời", "queued": "Trong hàng đợi", "running": "Đang chép lời",
                       "done": "Đã chép lời", "no_model": "Chưa có mô hình nhận dạng", "retrying": "Đang thử lại",
                       "failed": "Chép lời lỗi", "needs_person": "Cần người nghe"},
    CallbackState: {"open": "Chờ nhận", "claimed": "Đã nhận", "done": "Đã gọi lại"},
    ShipmentKind: {"pickup": "Nhận hồ sơ giấy", "delivery": "Trả kết quả"},
    ShipmentState: {"planned": "Chờ lên bảng kê", "on_manifest": "Trên bảng kê", "failed": "Giao không thành công",
                    "done": "Đã giao", "returned": "Đã hoàn trả"},
    MessageState: {"queued": "Chờ gửi", "sending": "Đang gửi", "retrying": "Chờ gửi lại", "sent": "Đã gửi",
                   "recorded": "Chỉ lưu, chưa cấu hình Twilio", "failed": "Không gửi được"},
    RequestKind: {"access": "Xem, nhận bản sao dữ liệu", "correction": "Chỉnh sửa dữ liệu", "erasure": "Xoá dữ liệu",
                  "objection": "Phản đối xử lý dữ liệu"},
    RatingChannel: {"sms": "Tin nhắn", "ivr": "Tổng đài"},
    RequestState: {"open": "Mới tiếp nhận", "answered": "Đã trả lời", "done": "Đã giải quyết"},
}


def label_vi(member: enum.Enum) -> str:
    """The Vietnamese name of a stored enum value; an unlisted value shows as stored."""
    return LABELS_VI.get(type(member), {}).get(str(member.value), str(member.value))

# Why the hotline left a call-back task (CallbackTask.reason, written by the call flow).
CALLBACK_REASONS_VI = {"voicemail": "Tin nhắn thoại ngoài giờ", "dropped": "Cuộc gọi ngắt giữa chừng"}


def callback_reason_vi(code: str) -> str:
    return CALLBACK_REASONS_VI.get(code, code)

# What each audit action (AuditEntry.action) was, for the audit page.
AUDIT_ACTIONS_VI = {
    "login": "Đăng nhập thành công",
    "login_failed": "Đăng nhập sai",
    "login_blocked": "Chặn đăng nhập",
    "logout": "Đã đăng xuất",
    "address_read": "Xem địa chỉ",
    "dossier_opened": "Tiếp nhận hồ sơ",
    "state_change": "Chuyển trạng thái hồ sơ",
    "receipt_printed": "In giấy tiếp nhận",
    "callback_claimed": "Đã nhận gọi lại",
    "callback_done": "Ghi kết quả gọi lại",
    "recording_listened": "Nghe ghi âm",
    "transcript_corrected": "Sửa bản chép lời",
    "owner_edited": "Sửa thông tin chủ tàu",
    "owners_imported": "Nhập danh sách chủ tàu",
    "manifest_closed": "Đã chốt bảng kê",
    "procedure_changed": "Sửa thủ tục",
    "catalogue_synced": "Đồng bộ danh mục thủ tục",
    "user_created": "Tạo tài khoản",
    "user_enabled": "Mở khoá tài khoản",
    "user_disabled": "Khoá tài khoản",
    "role_change": "Đổi vai trò",
    "feedback_assign": "Giao xử lý phản ánh",
    "feedback_answer": "Trả lời phản ánh",
    "feedback_close": "Đóng phản ánh",
    "privacy_request_logged": "Ghi nhận yêu cầu về dữ liệu cá nhân",
    "privacy_request_answered": "Trả lời yêu cầu về dữ liệu cá nhân",
    "privacy_request_done": "Hoàn tất yêu cầu về dữ liệu cá nhân",
    "privacy_export": "Xuất dữ liệu cá nhân",
    "privacy_erase": "Xoá dữ liệu cá nhân",
    "privacy_erase_refused": "Từ chối xoá dữ liệu cá nhân",
    "privacy_purge": "Xoá theo thời hạn lưu trữ",
}


def audit_action_vi(code: str) -> str:
    return AUDIT_ACTIONS_VI.get(code, code)

# Why Twilio refused a text for good, by its error code (services/sms_retry.PERMANENT_REFUSALS).
SMS_FAILURES_VI = {
    INVALID_NUMBER: "Số điện thoại không hợp lệ",
    NOT_MOBILE: "Không phải số di động",
    LANDLINE: "Số máy bàn, không nhận được tin nhắn",
    OPTED_OUT: "Người nhận đã từ chối nhận tin nhắn (STOP)",
}


def sms_failure_vi(code: int | None) -> str | None:
    return SMS_FAILURES_VI.get(code) if code is not None else None
