"""Console accounts and API tokens: Argon2id password hashes, tokens stored only as digests."""

from __future__ import annotations

import hashlib
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError
from argon2.exceptions import VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from hotline.models import ApiToken
from hotline.models import Role
from hotline.models import User

MIN_PASSWORD_LENGTH = 8

_hasher = PasswordHasher()


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


def save_account(session: Session, username: str, password: str, role: Role, full_name: str = "") -> User:
    """Create a console account, or give an existing one this password and role."""
    account = session.scalar(select(User).where(User.username == username))
    if account is None:
        account = User(username=username)
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
