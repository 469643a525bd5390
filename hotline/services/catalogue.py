"""The procedure catalogue and the province's working-day calendar, read from config/."""

from __future__ import annotations

import time
from typing import Any
from typing import NamedTuple

from flask import current_app
from flask import has_app_context
from sqlalchemy import Connection
from sqlalchemy import select
from sqlalchemy.orm import Session

from hotline.domain.workdays import WorkCalendar
from hotline.infra.settings import load_toml
from hotline.models import Procedure

CATALOGUE_FIELDS = ("name_vi", "name_en", "working_days", "fee_vnd", "needs_papers", "needs_vessel")


class CatalogueError(ValueError):
    """The procedure catalogue file is not usable."""


def read_catalogue(config_dir: str) -> list[dict[str, Any]]:
    """Read procedures.toml; keys 1–9 are given in catalogue order."""
    entries = load_toml(config_dir, "procedures.toml").get("procedure", [])
    if not 1 <= len(entries) <= 9:
        raise CatalogueError(f"the catalogue must list 1 to 9 procedures (one per key), not {len(entries)}")
    for key, entry in enumerate(entries, start=1):
        missing = [f for f in ("code", *CATALOGUE_FIELDS) if f not in entry]
        if missing:
            raise CatalogueError(f"procedure {key} lacks {', '.join(missing)}")
        entry["keypad_key"] = key
    return entries


def sync_catalogue(session: Session, config_dir: str) -> list[Procedure]:
    """Make the procedure table match the file; procedures dropped from it are deactivated."""
    entries = read_catalogue(config_dir)
    existing = {p.code: p for p in session.scalars(select(Procedure))}
    for proc in existing.values():
        proc.active = False
    result = []
    for entry in entries:
        proc = existing.get(entry["code"]) or Procedure(code=entry["code"])
        proc.keypad_key = entry["keypad_key"]
        for field in CATALOGUE_FIELDS:
            setattr(proc, field, entry[field])
        proc.active = True
        session.add(proc)
        result.append(proc)
    if has_app_context():
        current_app.extensions.pop("phone_menu", None)  # this process hears the new menu at once
    return result


class MenuEntry(NamedTuple):
    """What the phone menu needs of an active procedure."""

    id: int
    keypad_key: int
    name_vi: str
    name_en: str
    needs_vessel: bool


# Seconds a process keeps the phone menu: the catalogue changes only when procedures.toml is synced,
# and every new-dossier call reads the menu twice.
PHONE_MENU_SECONDS = 60
_PHONE_MENU = (
    select(Procedure.id, Procedure.keypad_key, Procedure.name_vi, Procedure.name_en, Procedure.needs_vessel)
    .where(Procedure.active)
    .order_by(Procedure.keypad_key)
)


def phone_menu(conn: Connection) -> tuple[MenuEntry, ...]:
    """The active procedures in keypad order, read at most once a minute per process.

    A sync in another process (the CLI) is heard on the phone within PHONE_MENU_SECONDS.
    """
    kept: tuple[float, tuple[MenuEntry, ...]] | None = current_app.extensions.get("phone_menu")
    now = time.monotonic()
    if kept is None or now - kept[0] > PHONE_MENU_SECONDS:
        kept = (now, tuple(MenuEntry(*row) for row in conn.execute(_PHONE_MENU)))
        current_app.extensions["phone_menu"] = kept
    return kept[1]


def active_procedures(session: Session) -> list[Procedure]:
    return list(session.scalars(select(Procedure).where(Procedure.active).order_by(Procedure.keypad_key)))


def work_calendar() -> WorkCalendar:
    """The province's working-day calendar, built once per app from config/calendar.toml."""
    cal: WorkCalendar | None = current_app.extensions.get("calendar")
    if cal is None:
        cal = WorkCalendar.from_config(load_toml(current_app.config["CONFIG_DIR"], "calendar.toml"))
        current_app.extensions["calendar"] = cal
    return cal
