"""Checking an owner's and a vessel's details, shared by intake, editing and import."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from hotline.domain.phone import PhoneNumberError
from hotline.domain.phone import normalize_phone
from hotline.domain.phone import renumbered
from hotline.domain.vessel import VesselNumberError
from hotline.domain.vessel import parse_vessel_number
from hotline.infra.province import Province
from hotline.models import Owner
from hotline.models import Vessel
from hotline.services.places import AmbiguousPlace
from hotline.services.places import PlaceError
from hotline.services.places import find_ward
from hotline.web.i18n import translate as _


class OwnerProblem(ValueError):
    """Details that cannot be saved, with the reason in words an operator understands."""


@dataclass
class OwnerFields:
    full_name: str
    phone: str | None
    ward_code: int | None
    address_line: str | None
    # The number as given when it was written before the 2018 renumbering; `phone` is then today's.
    phone_before_2018: str | None = None


def read_owner_fields(form: Mapping[str, Any], centre: Province) -> OwnerFields:
    """Check name, phone and commune; raise OwnerProblem naming the first that is wrong."""
    name = " ".join(str(form.get("full_name") or "").split())
    if not name:
        raise OwnerProblem(_("Thiếu họ tên chủ tàu."))
    raw_phone = str(form.get("phone") or "").strip()
    try:
        phone = normalize_phone(raw_phone) if raw_phone else None
    except PhoneNumberError:
        raise OwnerProblem(_("Số điện thoại không hợp lệ: {value}", value=raw_phone)) from None
    commune = str(form.get("commune") or "").strip()
    try:
        ward = find_ward(centre.province_code, commune) if commune else None
    except AmbiguousPlace as place:
        raise OwnerProblem(_("“{value}” ứng với nhiều xã/phường: {names}. Hãy ghi tên có dấu.", value=commune,
                             names=", ".join(name for _code, name in place.candidates))) from None
    except PlaceError:
        raise OwnerProblem(_("Không có xã/phường tên {value} trong tỉnh.", value=commune)) from None
    line = str(form.get("address_line") or "").strip() or None
    old = renumbered(raw_phone) if raw_phone else None
    return OwnerFields(name, phone, ward, line, old.old_national if old else None)


def apply_owner_fields(owner: Owner, fields: OwnerFields, province_code: int) -> None:
    owner.full_name = fields.full_name
    if fields.phone_before_2018 is not None or fields.phone != owner.phone:
        owner.phone_before_2018 = fields.phone_before_2018  # today's number kept as it was keeps its old one
    owner.phone = fields.phone
    owner.ward_code = fields.ward_code
    owner.province_code = province_code if fields.ward_code else owner.province_code
    owner.address_line = fields.address_line


def owner_from_form(db: Session, form: Mapping[str, Any], centre: Province) -> Owner:
    owner = Owner(full_name="")
    apply_owner_fields(owner, read_owner_fields(form, centre), centre.province_code)
    return owner


def vessel_number(raw: str, prefix: str) -> str | None:
    """The registration number as typed, in its full form; None when none is given."""
    if not raw.strip():
        return None
    try:
        return str(parse_vessel_number(raw, prefix))
    except VesselNumberError:
        raise OwnerProblem(_("Số đăng ký tàu không hợp lệ: {value}", value=raw)) from None


def vessel_for(db: Session, owner: Owner, raw: str, prefix: str, name: str | None = None) -> Vessel | None:
    """The owner's vessel with this number, registered now if new; None when no number is given."""
    if not raw.strip():
        return None
    try:
        number = str(parse_vessel_number(raw, prefix))
    except VesselNumberError:
        raise OwnerProblem(_("Số đăng ký tàu không hợp lệ: {value}", value=raw)) from None
    vessel = db.scalar(select(Vessel).where(Vessel.registration_number == number))
    if vessel is None:
        vessel = Vessel(owner=owner, registration_number=number, name=name or None)
        db.add(vessel)
        return vessel
    if vessel.owner is not owner:
        raise OwnerProblem(_("Tàu {number} đã đăng ký cho chủ tàu khác ({name}).",
                             number=number, name=vessel.owner.full_name))
    return vessel
