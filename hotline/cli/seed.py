"""`hotline seed-demo`: the catalogue, owners and vessels in real Quảng Ngãi communes, one account per role."""

from __future__ import annotations

import json
import os
import tomllib
from pathlib import Path

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
from hotline.services.accounts import clean_username
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

# Under the instance folder, beside the SQLite database: the demo passwords outlive a restart.
PASSWORDS_FILE = "demo-passwords.toml"

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


def seed_users(session: Session, passwords: dict[str, str]) -> list[tuple[str, str, str]]:
    """Give each demo account its password from `passwords`; return (username, role, password)."""
    shown = []
    for username, role, full_name in DEMO_USERS:
        account = session.scalar(select(User).where(User.username == username))
        if account is None:
            account = User(username=clean_username(username), role=role, full_name=full_name)
            session.add(account)
        account.password_hash = hash_password(passwords[username])
        shown.append((username, role.value, passwords[username]))
    return shown


def demo_passwords(path: Path, reset: bool) -> dict[str, str]:
    """The demo accounts' passwords: kept in `path` (made once, mode 0600) unless `reset` asks for new ones."""
    kept: dict[str, str] = {}
    if path.exists() and not reset:
        try:
            kept = {k: v for k, v in tomllib.loads(path.read_text(encoding="utf-8")).items() if isinstance(v, str)}
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise click.ClickException(f"{path} cannot be read ({exc}): delete it, or use --reset-passwords") from exc
    passwords = {username: kept.get(username) or new_password() for username, _role, _name in DEMO_USERS}
    _write_private(path, "# The demo console accounts' passwords, made by `hotline seed-demo` and kept for the\n"
                         "# next run; `hotline seed-demo --reset-passwords` makes new ones.\n"
                   + "".join(f"{username} = {json.dumps(password)}\n" for username, password in passwords.items()))
    return passwords


def _write_private(path: Path, text: str) -> None:
    """Write `path` readable by its owner only, replacing it whole (and so its mode, whatever it had become)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".new")
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)
    os.chmod(partial, 0o600)  # O_CREAT's mode does not reach a .new file an interrupted run left behind
    os.replace(partial, path)


@click.command("seed-demo")
@click.option("--reset-passwords", is_flag=True, help="Give the demo accounts new passwords.")
@with_appcontext
def seed_demo_command(reset_passwords: bool) -> None:
    """Load the catalogue, demo owners and vessels, and one account per role (passwords printed)."""
    session = get_session()
    try:
        report = sync_catalogue(session, current_app.config["CONFIG_DIR"])
    except CatalogueError as exc:
        raise click.ClickException(f"procedures.toml is not usable; nothing was written.\n{exc}") from exc
    owners = seed_owners(session)
    path = Path(current_app.config["INSTANCE_PATH"]) / PASSWORDS_FILE
    accounts = seed_users(session, demo_passwords(path, reset_passwords))
    session.commit()
    click.echo(f"{len(report.listed)} procedures, {owners} new owners with vessels")
    click.echo(f"Console accounts (passwords kept in {path}; `hotline seed-demo --reset-passwords` makes new ones):")
    for username, role, password in accounts:
        click.echo(f"  {role:<11} {username:<11} {password}")
