"""The procedure catalogue: synced from config/procedures.toml, edited by admins, heard on the phone menu;
and the province's working-day calendar.

The file is the source of truth for what it lists: a sync writes every field the file gives over the
database's value, and reports each console edit it overwrites. A procedure gone from the file is retired
(off the menu, kept for its dossiers), never deleted; keys come from the file, so none is renumbered.
"""

from __future__ import annotations

import enum
import time
from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import field
from typing import Any
from typing import NamedTuple

from flask import current_app
from flask import has_app_context
from sqlalchemy import Connection
from sqlalchemy import select
from sqlalchemy.orm import Session

from hotline.domain.workdays import WorkCalendar
from hotline.infra.settings import load_toml
from hotline.models import AuditEntry
from hotline.models import Procedure
from hotline.models.base import utcnow
from hotline.services.catalogue_file import CATALOGUE_FIELDS
from hotline.services.catalogue_file import KEYS
from hotline.services.catalogue_file import CatalogueError as CatalogueError
from hotline.services.catalogue_file import read_catalogue as read_catalogue


@dataclass(frozen=True)
class FieldChange:
    name: str
    old: object
    new: object
    # The old value was an admin's edit in the console, which the file now overwrites.
    console_edit: bool = False

    def __str__(self) -> str:
        return f"{self.name}: {self.old} → {self.new}"


class SyncAction(str, enum.Enum):
    ADDED = "added"
    CHANGED = "changed"
    RESTORED = "restored"  # back in the file after being retired
    RETIRED = "retired"


@dataclass(frozen=True)
class ProcedureSync:
    action: SyncAction
    procedure: Procedure
    changes: tuple[FieldChange, ...] = ()


@dataclass
class SyncReport:
    done: list[ProcedureSync] = field(default_factory=list)
    unchanged: int = 0
    # The file's procedures, in its order.
    listed: list[Procedure] = field(default_factory=list)


def sync_catalogue(session: Session, config_dir: str) -> SyncReport:
    """Make the procedures the file lists match it and retire the others; raise CatalogueError, writing
    nothing, when the file is not usable. The caller commits (or, for a dry run, rolls back)."""
    entries = read_catalogue(config_dir)
    existing = {p.code: p for p in lock_catalogue(session)}
    report = SyncReport()
    for entry in entries:
        proc = existing.pop(entry["code"], None)
        if proc is None:
            proc = Procedure(code=entry["code"], active=entry.get("active", True), console_edits="")
            _write(proc, _file_values(entry))
            session.add(proc)
            report.done.append(ProcedureSync(SyncAction.ADDED, proc))
        else:
            restored = proc.retired
            changes = _write(proc, _file_values(entry, restoring=restored))
            proc.retired_at = None
            if restored or changes:
                action = SyncAction.RESTORED if restored else SyncAction.CHANGED
                report.done.append(ProcedureSync(action, proc, tuple(changes)))
            else:
                report.unchanged += 1
        report.listed.append(proc)
    for proc in existing.values():
        if not proc.retired:
            proc.active = False
            proc.retired_at = utcnow()
            report.done.append(ProcedureSync(SyncAction.RETIRED, proc))
    session.flush()
    forget_phone_menu()
    return report


def audit_sync(session: Session, report: SyncReport) -> None:
    """Put a sync that changed something in the audit trail, beside the console's edits it may overwrite."""
    if report.done:
        detail = "; ".join(f"{d.action.value} {d.procedure.code}" + "".join(f", {c}" for c in d.changes)
                           for d in report.done)
        session.add(AuditEntry(action="catalogue_synced", object_type="procedure", detail=detail))


def _file_values(entry: Mapping[str, Any], restoring: bool = False) -> dict[str, Any]:
    values = {"keypad_key": entry["keypad_key"], **{name: entry[name] for name in CATALOGUE_FIELDS},
              "new_vessel": entry.get("new_vessel", False)}
    if "active" in entry or restoring:
        values["active"] = entry.get("active", True)
    return values


def _write(proc: Procedure, values: Mapping[str, Any]) -> list[FieldChange]:
    """Give `proc` the file's values; a field written over a console edit is no longer marked edited."""
    edited = set(filter(None, (proc.console_edits or "").split(",")))
    changes = [FieldChange(name, getattr(proc, name), value, name in edited)
               for name, value in values.items() if getattr(proc, name) != value]
    for change in changes:
        setattr(proc, change.name, change.new)
    proc.console_edits = ",".join(sorted(edited - values.keys()))
    return changes


class RetiredProcedureError(ValueError):
    """A procedure gone from the catalogue file cannot be put back on the menu from the console."""


class KeyInUseError(ValueError):
    """Another active procedure has this keypad key."""

    def __init__(self, holder: Procedure) -> None:
        super().__init__(f"key {holder.keypad_key} is {holder.code}'s")
        self.holder = holder


EDITABLE = ("name_vi", "name_en", "working_days", "fee_vnd", "keypad_key", "needs_papers", "needs_vessel",
            "new_vessel", "active")


def edit_procedure(session: Session, procedure_id: int, values: Mapping[str, Any]) -> list[FieldChange]:
    """Apply an admin's edit to a procedure and mark the changed fields as console edits.

    Raises KeyInUseError when the procedure would be active on a key another active one has, and
    RetiredProcedureError when it would go back on the menu after the file dropped it.
    """
    procedures = {p.id: p for p in lock_catalogue(session)}
    proc = procedures[procedure_id]
    wanted = {name: values[name] for name in EDITABLE if name in values}
    key, active = wanted.get("keypad_key", proc.keypad_key), wanted.get("active", proc.active)
    if key not in KEYS:
        raise ValueError(f"keypad key {key} is not 1–9")
    if active and not proc.active and proc.retired:
        raise RetiredProcedureError(proc.code)
    holder = next((p for p in procedures.values() if p.active and p.keypad_key == key and p.id != proc.id), None)
    if active and holder is not None:
        raise KeyInUseError(holder)
    changes = [FieldChange(name, getattr(proc, name), value) for name, value in wanted.items()
               if getattr(proc, name) != value]
    for change in changes:
        setattr(proc, change.name, change.new)
    edited = set(filter(None, (proc.console_edits or "").split(","))) | {c.name for c in changes}
    proc.console_edits = ",".join(sorted(edited))
    forget_phone_menu()
    return changes


def lock_catalogue(session: Session) -> list[Procedure]:
    """Every procedure, read afresh and locked until the transaction ends: two editors (console, sync)
    of the catalogue take turns, so a key checked free is still free when it is written."""
    query = select(Procedure).order_by(Procedure.id).with_for_update().execution_options(populate_existing=True)
    return list(session.scalars(query))


class MenuEntry(NamedTuple):
    """What the phone menu needs of an active procedure."""

    id: int
    keypad_key: int
    name_vi: str
    name_en: str
    needs_vessel: bool
    new_vessel: bool

    @property
    def asks_vessel_number(self) -> bool:
        return self.needs_vessel and not self.new_vessel


# Seconds a process keeps the phone menu: the catalogue changes only when it is synced or edited,
# and every new-dossier call reads the menu twice.
PHONE_MENU_SECONDS = 60
_PHONE_MENU = (
    select(Procedure.id, Procedure.keypad_key, Procedure.name_vi, Procedure.name_en, Procedure.needs_vessel,
           Procedure.new_vessel)
    .where(Procedure.active)
    .order_by(Procedure.keypad_key)
)


def phone_menu(conn: Connection) -> tuple[MenuEntry, ...]:
    """The active procedures in keypad order, read at most once a minute per process.

    A sync or an edit in another process (the CLI, another web worker) is heard within PHONE_MENU_SECONDS.
    """
    kept: tuple[float, tuple[MenuEntry, ...]] | None = current_app.extensions.get("phone_menu")
    now = time.monotonic()
    if kept is None or now - kept[0] > PHONE_MENU_SECONDS:
        kept = (now, tuple(MenuEntry(*row) for row in conn.execute(_PHONE_MENU)))
        current_app.extensions["phone_menu"] = kept
    return kept[1]


def forget_phone_menu() -> None:
    """Let this process hear a changed catalogue at once."""
    if has_app_context():
        current_app.extensions.pop("phone_menu", None)


def active_procedures(session: Session) -> list[Procedure]:
    return list(session.scalars(select(Procedure).where(Procedure.active).order_by(Procedure.keypad_key)))


def work_calendar() -> WorkCalendar:
    """The province's working-day calendar, built once per app from config/calendar.toml."""
    cal: WorkCalendar | None = current_app.extensions.get("calendar")
    if cal is None:
        cal = WorkCalendar.from_config(load_toml(current_app.config["CONFIG_DIR"], "calendar.toml"))
        current_app.extensions["calendar"] = cal
    return cal
