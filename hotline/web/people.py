"""Who did something, as people read it: a member of staff's name, or what the hotline itself is called.

Events and audit rows store who acted for the machine (`user:3`, `courier:ba`, `ivr`, a user id); a page
shows `event|actor` and `entry.user_id|person`, never those codes.
"""

from __future__ import annotations

from sqlalchemy import select

from hotline.infra.db import get_session
from hotline.models import AuditEntry
from hotline.models import DossierEvent
from hotline.models import User
from hotline.web.i18n import translate
from hotline.web.labels import audit_action_vi

# Actors that are the system rather than a person, by the name events store for them.
SYSTEM_ACTORS_VI = {
    "ivr": "Tổng đài tự động",
    "dispatch": "Bưu chính (lập bảng kê)",
    "system": "Hệ thống",
}
API_ACTOR_VI = "Hệ thống khác (API): {name}"
UNKNOWN_PERSON_VI = "Tài khoản đã xoá ({ref})"
# Audit actions where no account is a person trying a name, not the system acting.
NO_ACCOUNT_ACTIONS = frozenset({"login_failed", "login_blocked"})


def _user_name(user: User | None) -> str | None:
    return (user.full_name or user.username) if user is not None else None


def person(user_id: int | None) -> str:
    """A member of staff's name from their id; the system when there is none."""
    if user_id is None:
        return translate(SYSTEM_ACTORS_VI["system"])
    return _user_name(get_session().get(User, user_id)) or translate(UNKNOWN_PERSON_VI, ref=user_id)


def actor(event: DossierEvent) -> str:
    """Who made a dossier's move, by name."""
    if event.user_id is not None:
        return person(event.user_id)
    kind, _, ref = event.actor.partition(":")
    if not ref:
        return translate(SYSTEM_ACTORS_VI[kind]) if kind in SYSTEM_ACTORS_VI else event.actor
    if kind == "user" and ref.isdigit():
        return person(int(ref))
    if kind == "courier":
        user = get_session().scalars(select(User).where(User.username == ref)).first()
        return _user_name(user) or translate(UNKNOWN_PERSON_VI, ref=ref)
    if kind == "api":
        return translate(API_ACTOR_VI, name=ref)
    return event.actor


def audit_person(entry: AuditEntry) -> str:
    """Who an audit entry is about: a failed login names no account (the name tried is its object)."""
    if entry.user_id is None and entry.action in NO_ACCOUNT_ACTIONS:
        return "—"
    return person(entry.user_id)


def action(code: str) -> str:
    """What an audit entry's action was, in the page's language."""
    return translate(audit_action_vi(code))
