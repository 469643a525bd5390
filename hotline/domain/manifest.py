"""Build a manifest (bảng kê giao nhận) from shipments: a pure function, no Flask and no database."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from hotline.domain.phone import PhoneNumberError
from hotline.domain.phone import format_national
from hotline.infra.text import fold


@dataclass(frozen=True)
class KindWords:
    """How a stop of one kind is spoken of: a pickup takes papers from the owner, a delivery brings the result."""

    label: str
    person: str
    done: str
    failed: str
    returned: str
    attempt: str


KIND_WORDS = {
    "pickup": KindWords(label="Nhận hồ sơ giấy", person="Người giao", done="Đã nhận hồ sơ",
                        failed="Không nhận được hồ sơ", returned="Thôi đến nhận, đã báo Trung tâm",
                        attempt="Lần đến nhận thứ {n}"),
    "delivery": KindWords(label="Trả kết quả", person="Người nhận", done="Đã giao", failed="Không giao được",
                          returned="Đã hoàn trả Trung tâm", attempt="Lần phát thứ {n}"),
}
KIND_LABELS_VI = {kind: words.label for kind, words in KIND_WORDS.items()}
# A courier's account is often named for the round ("Bưu tá Lý Sơn"): the title then says "bưu tá" once.
_COURIER_WORD = re.compile(r"\s*b[ưu]u\s+t[áa](?:\s+|$)", re.IGNORECASE)


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
    dossier_code: str = ""
    procedure: str = ""
    outcome: str | None = None
    outcome_person: str = ""
    outcome_reason: str = ""


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
    kind: str = "delivery"
    dossier_code: str = ""
    procedure: str = ""
    outcome: str | None = None
    outcome_person: str = ""
    outcome_reason: str = ""

    @property
    def words(self) -> KindWords:
        return KIND_WORDS.get(self.kind, KIND_WORDS["delivery"])

    @property
    def place(self) -> str:
        """Address line and commune, whichever are known, as written on an envelope."""
        return ", ".join(part for part in (self.address, self.commune) if part)

    @property
    def phone(self) -> str:
        """The number as Vietnamese write it (0912 345 678); one that cannot be read stays as given."""
        return national_phone(self.recipient_phone)

    @property
    def result(self) -> str:
        """What the courier recorded at this stop on this round, in the stop's own words; "" before that."""
        words = self.words
        if self.outcome == "delivered":
            return f"{words.done} — {words.person.lower()}: {self.outcome_person}"
        if self.outcome == "failed":
            return f"{words.failed}: {self.outcome_reason}"
        if self.outcome == "returned":
            return words.returned
        return ""


@dataclass(frozen=True)
class ManifestSheet:
    day: date
    courier_username: str
    courier_name: str
    centre_name: str
    stops: tuple[Stop, ...]

    @property
    def courier_short_name(self) -> str:
        """The courier's name without a leading "Bưu tá", which the title says already."""
        return _COURIER_WORD.sub("", self.courier_name, count=1).strip() or self.courier_username

    @property
    def title(self) -> str:
        return f"Bảng kê giao nhận ngày {self.day:%d/%m/%Y} — bưu tá {self.courier_short_name}"

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
    stops = tuple(make_stop(number, line, base_url) for number, line in enumerate(ordered, start=1))
    return ManifestSheet(day, courier_username, courier_name, centre_name, stops)


def make_stop(number: int, line: ShipmentLine, base_url: str) -> Stop:
    """The shipment as the `number`th stop of a round."""
    return Stop(
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
        kind=line.kind,
        dossier_code=line.dossier_code,
        procedure=line.procedure,
        outcome=line.outcome,
        outcome_person=line.outcome_person,
        outcome_reason=line.outcome_reason,
    )


def national_phone(e164: str) -> str:
    """"+84912345678" → "0912 345 678"; empty or unreadable numbers are shown as given."""
    try:
        return format_national(e164) if e164 else ""
    except PhoneNumberError:
        return e164


def format_vnd(amount: int) -> str:
    """12500 → "12.500 đ", the way amounts are written in Vietnam."""
    return f"{amount:,}".replace(",", ".") + " đ"
