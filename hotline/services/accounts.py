"""Console accounts and API tokens: Argon2id password hashes, tokens stored only as digests."""

from __future__ import annotations

import hashlib
import re
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError
from argon2.exceptions import VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from hotline.infra.text import mark
from hotline.models import ApiToken
from hotline.models import Role
from hotline.models import User

MIN_PASSWORD_LENGTH = 8
# After trimming and lower-casing: 2–60 characters, a letter or digit first, then letters, digits, ".", "_", "-"
# (no accents, spaces or "/"): a username ends up in file names, URLs and the audit trail.
USERNAME_RULE = re.compile(r"[a-z0-9][a-z0-9._-]{1,59}")
BAD_USERNAME = mark("Tên đăng nhập phải dài 2–60 ký tự, chỉ gồm chữ thường không dấu, số và . _ -, "
                    "bắt đầu bằng chữ hoặc số.")
TAKEN_USERNAME = mark("Tên đăng nhập {username} đã có.")

_hasher = PasswordHasher()


class AccountError(ValueError):
    """An account that cannot be saved as asked.

    `message` is a Vietnamese UI string with `{placeholders}` filled from `values`, so the console can
    show it in the user's language; str() gives it in Vietnamese.
    """

    def __init__(self, message: str, **values: str) -> None:
        super().__init__(message.format(**values))
        self.message = message
        self.values = values


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(stored_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(stored_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    return _hasher.check_needs_rehash(stored_hash)


def new_api_token() -> tuple[str, str]:
    """Return a fresh token and the hash to store; the token itself is never stored."""
    token = secrets.token_urlsafe(32)
    return token, token_digest(token)


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_password() -> str:
    return secrets.token_urlsafe(9)


def clean_username(username: str) -> str:
    """The username as stored: trimmed and lower-cased; AccountError unless it then follows USERNAME_RULE."""
    cleaned = username.strip().lower()
    if not USERNAME_RULE.fullmatch(cleaned):
        raise AccountError(BAD_USERNAME)
    return cleaned


def new_account(session: Session, username: str, role: Role, full_name: str = "") -> tuple[User, str]:
    """Create a console account with a fresh password; return it and the password, which is shown once."""
    cleaned = clean_username(username)
    if session.scalar(select(User.id).where(User.username == cleaned)) is not None:
        raise AccountError(TAKEN_USERNAME, username=cleaned)
    password = new_password()
    account = User(username=cleaned, role=role, full_name=full_name.strip() or cleaned,
                   password_hash=hash_password(password))
    session.add(account)
    session.flush()
    return account, password


def save_account(session: Session, username: str, password: str, role: Role, full_name: str = "") -> User:
    """Create a console account, or give an existing one this password and role.

    An account made before usernames were checked is still found by its exact name, so it can be reset.
    """
    account = session.scalar(select(User).where(User.username == username))
    if account is None:
        cleaned = clean_username(username)
        account = session.scalar(select(User).where(User.username == cleaned)) or User(username=cleaned)
        session.add(account)
    account.password_hash = hash_password(password)
    account.role = role
    account.full_name = full_name or account.full_name or username
    return account


def create_api_token(session: Session, name: str) -> str:
    """Store a new token's digest under `name` and return the token, which is never stored."""
    token, digest = new_api_token()
    session.add(ApiToken(name=name, token_hash=digest))
    return token
