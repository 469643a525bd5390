"""Build a manifest (bảng kê giao nhận) from shipments: a pure function, no Flask and no database."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from hotline.infra.text import fold

KIND_LABELS_VI = {"pickup": "Nhận hồ sơ giấy", "delivery": "Trả kết quả"}


@dataclass(frozen=True)
class ShipmentLine:
    """What the manifest needs to know of one shipment."""

    tracking_code: str
    kind: str
    recipient_name: str
    recipient_phone: str
    commune: str
    address: str
    contents: str
    amount_vnd: int
    attempts: int = 0


@dataclass(frozen=True)
class Stop:
    """One numbered stop on a courier's round."""

    number: int
    tracking_code: str
    kind_label: str
    recipient_name: str
    recipient_phone: str
    commune: str
    address: str
    contents: str
    amount_vnd: int
    attempts: int
    url: str


@dataclass(frozen=True)
class ManifestSheet:
    day: date
    courier_username: str
    courier_name: str
    centre_name: str
    stops: tuple[Stop, ...]

    @property
    def title(self) -> str:
        return f"Bảng kê giao nhận ngày {self.day:%d/%m/%Y} — bưu tá {self.courier_name}"

    @property
    def total_stops(self) -> int:
        return len(self.stops)

    @property
    def total_amount_vnd(self) -> int:
        return sum(stop.amount_vnd for stop in self.stops)


# A round follows commune names, so "Xã Bình Sơn" sorts under B, not among all the "Xã …".
_UNIT_KINDS = ("xa ", "phuong ", "dac khu ", "thi tran ")


def _commune_key(commune: str) -> str:
    folded = fold(commune)
    for kind in _UNIT_KINDS:
        if folded.startswith(kind):
            return folded[len(kind):]
    return folded


def stop_order(line: ShipmentLine) -> tuple[str, str, str]:
    """Commune (without its kind), then address, compared without accents; the tracking code settles ties."""
    return (_commune_key(line.commune), fold(line.address), line.tracking_code)


def stop_url(base_url: str, tracking_code: str) -> str:
    """The short link a stop's QR code carries (kept short: a shorter URL is a smaller QR)."""
    return f"{base_url.rstrip('/')}/courier/s/{tracking_code}"


def build_manifest(
    day: date,
    courier_username: str,
    courier_name: str,
    centre_name: str,
    lines: Iterable[ShipmentLine],
    base_url: str,
) -> ManifestSheet:
    """Order the shipments into numbered stops for one day and one courier."""
    ordered = sorted(lines, key=stop_order)
    stops = tuple(
        Stop(
            number=number,
            tracking_code=line.tracking_code,
            kind_label=KIND_LABELS_VI.get(line.kind, line.kind),
            recipient_name=line.recipient_name,
            recipient_phone=line.recipient_phone,
            commune=line.commune,
            address=line.address,
            contents=line.contents,
            amount_vnd=line.amount_vnd,
            attempts=line.attempts,
            url=stop_url(base_url, line.tracking_code),
        )
        for number, line in enumerate(ordered, start=1)
    )
    return ManifestSheet(day, courier_username, courier_name, centre_name, stops)


def format_vnd(amount: int) -> str:
    """12500 → "12.500 đ", the way amounts are written in Vietnam."""
    return f"{amount:,}".replace(",", ".") + " đ"
