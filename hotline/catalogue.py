"""The procedure catalogue and the province's calendar, read from config/."""

from __future__ import annotations

from typing import Any

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import Session

from hotline.domain.workdays import WorkCalendar
from hotline.models import Procedure
from hotline.settings import load_toml

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
    return result


def active_procedures(session: Session) -> list[Procedure]:
    return list(session.scalars(select(Procedure).where(Procedure.active).order_by(Procedure.keypad_key)))


def work_calendar() -> WorkCalendar:
    """The province's working-day calendar, built once per app from config/calendar.toml."""
    cal: WorkCalendar | None = current_app.extensions.get("calendar")
    if cal is None:
        cal = WorkCalendar.from_config(load_toml(current_app.config["CONFIG_DIR"], "calendar.toml"))
        current_app.extensions["calendar"] = cal
    return cal


def province() -> dict[str, Any]:
    """The province file: name, codes, office hours, hotline and dispatch settings."""
    data: dict[str, Any] | None = current_app.extensions.get("province")
    if data is None:
        data = load_toml(current_app.config["CONFIG_DIR"], "province.toml")
        current_app.extensions["province"] = data
    return data
