"""Building a manifest is pure and deterministic: commune, then address; totals."""

from __future__ import annotations

import random

from hotline.domain.manifest import ShipmentLine
from hotline.domain.manifest import build_manifest
from hotline.domain.manifest import format_vnd
from hotline.domain.s10 import make_s10
from tests.dispatch.dispatch_helpers import DAY


def line(serial: int, commune: str, address: str, amount: int = 65000) -> ShipmentLine:
    return ShipmentLine(make_s10("RR", serial), "delivery", f"Người nhận {serial}", "+84912345678", commune,
                        address, "Kết quả", amount)


LINES = [
    line(1, "Xã Tịnh Khê", "Thôn Cổ Lũy"),
    line(2, "Đặc khu Lý Sơn", "Thôn Đông, An Vĩnh"),
    line(3, "Phường Sa Huỳnh", "Tổ dân phố Thạnh Đức 1", 0),
    line(4, "Đặc khu Lý Sơn", "Thôn Bắc, An Hải"),
    line(5, "Xã Bình Sơn", "Thôn Định Tân"),
]


def build(lines: list[ShipmentLine]):  # type: ignore[no-untyped-def]
    return build_manifest(DAY, "courier", "Bưu tá Lý Sơn", "Trung tâm", lines, "http://hotline.test/")


def test_stops_are_ordered_by_commune_then_address_without_accents() -> None:
    sheet = build(LINES)
    assert [(s.commune, s.address) for s in sheet.stops] == [
        ("Xã Bình Sơn", "Thôn Định Tân"),
        ("Đặc khu Lý Sơn", "Thôn Bắc, An Hải"),
        ("Đặc khu Lý Sơn", "Thôn Đông, An Vĩnh"),
        ("Phường Sa Huỳnh", "Tổ dân phố Thạnh Đức 1"),
        ("Xã Tịnh Khê", "Thôn Cổ Lũy"),
    ]
    assert [s.number for s in sheet.stops] == [1, 2, 3, 4, 5]


def test_totals_count_stops_and_amount_to_collect() -> None:
    sheet = build(LINES)
    assert sheet.total_stops == 5
    assert sheet.total_amount_vnd == 4 * 65000
    assert format_vnd(sheet.total_amount_vnd) == "260.000 đ"


def test_the_same_shipments_in_any_order_give_the_same_manifest() -> None:
    shuffled = LINES[:]
    random.Random(7).shuffle(shuffled)
    assert build(shuffled) == build(LINES)


def test_each_stop_links_to_its_courier_page() -> None:
    stop = build(LINES).stops[0]
    assert stop.url == f"http://hotline.test/courier/s/{stop.tracking_code}"
