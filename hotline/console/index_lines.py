"""The lines of Decision 766/QĐ-TTg's index as the reports page and its Excel file show them: name, figure,
and a one-line definition saying what was counted, so a figure can be checked against the records."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from hotline.services.province_index import ProvinceIndex
from hotline.services.province_index import Share

INDEX_TITLE = "Chỉ số phục vụ người dân, doanh nghiệp (Quyết định 766/QĐ-TTg)"


@dataclass(frozen=True)
class IndexLine:
    """One figure: its name and definition in Vietnamese (translated where shown), and its share."""

    name: str
    definition: str
    share: Share
    # A part of the line above it (early, on time and late split the results).
    detail: bool = False


# Name, definition and how to read the figure from the index, in the order the province reports them.
LINES: list[tuple[str, str, Callable[[ProvinceIndex], Share], bool]] = [
    ("Hồ sơ giải quyết trước hạn và đúng hạn",
     "Hồ sơ có kết quả trong kỳ, đến hạn giải quyết theo quy định hoặc sớm hơn, trên tổng số hồ sơ có kết quả "
     "trong kỳ.", lambda i: i.timely, False),
    ("Trước hạn", "Kết quả có trước ngày hết hạn giải quyết theo quy định (tính ngày làm việc).",
     lambda i: i.early, True),
    ("Đúng hạn", "Kết quả có đúng ngày hết hạn giải quyết theo quy định.", lambda i: i.on_time, True),
    ("Trễ hạn", "Kết quả có sau ngày hết hạn giải quyết theo quy định.", lambda i: i.late, True),
    ("Mức độ hài lòng",
     "Đánh giá «Rất hài lòng» hoặc «Hài lòng» trên tổng số đánh giá nhận trong kỳ (thang 5 mức, qua điện thoại "
     "hoặc tin nhắn).", lambda i: i.satisfied, False),
    ("Hồ sơ nộp qua bưu chính",
     "Hồ sơ tiếp nhận trong kỳ có hồ sơ giấy do bưu điện nhận tại nhà (hoặc gửi đến qua bưu chính), trên tổng "
     "số hồ sơ tiếp nhận trong kỳ.", lambda i: i.sent_by_post, False),
    ("Kết quả trả qua bưu chính",
     "Hồ sơ đã trả kết quả trong kỳ do bưu tá phát đến người nhận, trên tổng số hồ sơ đã trả kết quả trong kỳ.",
     lambda i: i.returned_by_post, False),
    ("Cuộc gọi được trả lời",
     "Cuộc gọi đến tổng đài trong kỳ được trả lời (không bận, không nhỡ), trên tổng số cuộc gọi đến; tính chung "
     "mọi thủ tục.", lambda i: i.calls_answered, False),
]


def index_lines(index: ProvinceIndex) -> list[IndexLine]:
    return [IndexLine(name, definition, share_of(index), detail) for name, definition, share_of, detail in LINES]
