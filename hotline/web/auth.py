"""Console accounts: Flask-Login, roles, the audit trail and login sessions that end."""

from __future__ import annotations

import hmac
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from functools import wraps
from typing import Any
from typing import TypeVar
from typing import cast

from flask import Flask
from flask import abort
from flask import current_app
from flask import request
from flask import session
from flask_login import LoginManager
from flask_login import UserMixin
from flask_login import current_user
from flask_login import login_user
from flask_login import logout_user

from hotline.infra.db import get_session
from hotline.models import AuditEntry
from hotline.models import Role
from hotline.models import User

IDLE_TIMEOUT = timedelta(minutes=30)

# Who may use which part of the console; couriers only have the courier pages.
STAFF = (Role.OPERATOR, Role.SUPERVISOR, Role.ADMIN)
MANAGERS = (Role.SUPERVISOR, Role.ADMIN)

F = TypeVar("F", bound=Callable[..., Any])


@dataclass
class Account(UserMixin):  # type: ignore[misc]
    """The signed-in user as the request sees it; read fresh from the database on every request."""

    user_id: int
    username: str
    full_name: str
    role: Role
    session_token: str

    def get_id(self) -> str:
        return f"{self.user_id}:{self.session_token}"

    @property
    def actor(self) -> str:
        """How the dossier history names this user."""
        return f"user:{self.user_id}"


def init_app(app: Flask) -> None:
    manager = LoginManager(app)
    manager.login_view = "console.login.login"
    manager.login_message = None
    manager.user_loader(load_account)
    app.before_request(_end_idle_session)


def load_account(identity: str) -> Account | None:
    """Find the account a cookie names; a changed session token (logout) or a disabled user finds none."""
    user_id, _, token = identity.partition(":")
    if not user_id.isdigit() or not token:
        return None
    user = get_session().get(User, int(user_id))
    if user is None or not user.active or not hmac.compare_digest(user.session_token, token):
        return None
    return Account(user.id, user.username, user.full_name, user.role, user.session_token)


def _end_idle_session() -> None:
    # The cookie's own expiry is only the browser's promise; the signed timestamps are the server's.
    # A sign-in also ends after the cookie's lifetime (a working day) however busy it is: each request
    # renews the cookie itself.
    last_seen = session.get("last_seen")
    signed_in_at = session.get("signed_in_at")
    now = int(time.time())
    if last_seen is not None and now - int(last_seen) > IDLE_TIMEOUT.total_seconds():
        session.clear()
        return
    if signed_in_at is not None and now - int(signed_in_at) > current_app.permanent_session_lifetime.total_seconds():
        session.clear()
        return
    if "_user_id" in session:
        session["last_seen"] = now


def start_session(user: User) -> None:
    """Sign `user` in on a brand-new session: nothing from the anonymous one survives."""
    session.clear()
    if not user.session_token:
        user.session_token = secrets.token_hex(16)
    session.permanent = True
    session["last_seen"] = session["signed_in_at"] = int(time.time())
    login_user(Account(user.id, user.username, user.full_name, user.role, user.session_token))


def end_session() -> None:
    """Sign out and make every cookie issued for this account worthless."""
    if current_user.is_authenticated:
        user = get_session().get(User, current_user.user_id)
        if user is not None:
            user.session_token = secrets.token_hex(16)
    logout_user()
    session.clear()


def roles_required(*roles: Role) -> Callable[[F], F]:
    """Let only signed-in users with one of `roles` through: others to the login page, or 403."""

    def decorator(view: F) -> F:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if not current_user.is_authenticated:
                return current_app.login_manager.unauthorized()  # type: ignore[attr-defined]
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        return cast(F, wrapped)

    return decorator


def current_user_id() -> int | None:
    return current_user.user_id if current_user.is_authenticated else None


def audit(action: str, object_type: str | None = None, object_id: object = None,
          detail: str | None = None, user_id: int | None = None) -> AuditEntry:
    """Add an audit entry to this request's session; it is saved with the request's commit."""
    entry = AuditEntry(
        user_id=user_id if user_id is not None else current_user_id(),
        action=action,
        object_type=object_type,
        object_id=None if object_id is None else str(object_id),
        detail=detail,
        address=request.remote_addr,
    )
    get_session().add(entry)
    return entry
