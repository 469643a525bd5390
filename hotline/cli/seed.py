"""`hotline seed-demo`: the catalogue, owners and vessels in real Quảng Ngãi communes, one account per role."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import select
from sqlalchemy.orm import Session

from hotline.domain.phone import normalize_phone
from hotline.infra.db import get_session
from hotline.infra.province import province
from hotline.models import Owner
from hotline.models import Role
from hotline.models import User
from hotline.models import Vessel
from hotline.services.accounts import hash_password
from hotline.services.accounts import new_password
from hotline.services.catalogue import CatalogueError
from hotline.services.catalogue import sync_catalogue
from hotline.services.places import find_ward

# (name, phone, commune/ward, address line, vessel digits, vessel name)
DEMO_OWNERS = [
    ("Nguyễn Văn An", "0912345678", "Đặc khu Lý Sơn", "Thôn Đông, An Vĩnh", "90123", "Thuận Phát"),
    ("Trần Thị Bích", "0935111222", "Phường Sa Huỳnh", "Tổ dân phố Thạnh Đức 1", "96588", "Bích Ngọc 01"),
    ("Lê Văn Cường", "0978222333", "Xã Bình Sơn", "Thôn Định Tân", "91234", "Hải Âu"),
    ("Phạm Đức Dũng", "0905333444", "Xã Tịnh Khê", "Thôn Cổ Lũy", "95010", "Đức Dũng"),
    ("Võ Thị Hoa", "0988444555", "Phường Đức Phổ", "Tổ dân phố 3", "97777", "Phước Lộc"),
    ("Huỳnh Văn Em", "0967555666", "Xã Vạn Tường", "Thôn Thanh Thủy", "98001", "Vạn Phúc"),
]

DEMO_USERS = [
    ("operator", Role.OPERATOR, "Cán bộ tiếp nhận"),
    ("supervisor", Role.SUPERVISOR, "Lãnh đạo Trung tâm"),
    ("courier", Role.COURIER, "Bưu tá Lý Sơn"),
    ("admin", Role.ADMIN, "Quản trị hệ thống"),
]


def seed_owners(session: Session) -> int:
    """Add the demo owners and vessels that are not there yet; return how many were added."""
    prov = province()
    added = 0
    for name, phone, ward, line, digits, boat in DEMO_OWNERS:
        number = f"{prov.vessel_prefix}-{digits}-TS"
        if session.scalar(select(Vessel.id).where(Vessel.registration_number == number)):
            continue
        owner = Owner(full_name=name, phone=normalize_phone(phone), province_code=prov.province_code,
                      ward_code=find_ward(prov.province_code, ward), address_line=line)
        session.add(Vessel(owner=owner, registration_number=number, name=boat))
        added += 1
    return added


def seed_users(session: Session) -> list[tuple[str, str, str]]:
    """Give each demo account a fresh password; return (username, role, password)."""
    shown = []
    for username, role, full_name in DEMO_USERS:
        account = session.scalar(select(User).where(User.username == username))
        if account is None:
            account = User(username=username, role=role, full_name=full_name)
            session.add(account)
        password = new_password()
        account.password_hash = hash_password(password)
        shown.append((username, role.value, password))
    return shown


@click.command("seed-demo")
@with_appcontext
def seed_demo_command() -> None:
    """Load the catalogue, demo owners and vessels, and one account per role (passwords printed)."""
    session = get_session()
    try:
        report = sync_catalogue(session, current_app.config["CONFIG_DIR"])
    except CatalogueError as exc:
        raise click.ClickException(f"procedures.toml is not usable; nothing was written.\n{exc}") from exc
    owners = seed_owners(session)
    accounts = seed_users(session)
    session.commit()
    click.echo(f"{len(report.listed)} procedures, {owners} new owners with vessels")
    click.echo("Console accounts (passwords are new each time seed-demo runs):")
    for username, role, password in accounts:
        click.echo(f"  {role:<11} {username:<11} {password}")
