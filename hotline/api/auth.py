"""Bearer tokens: `Authorization: Bearer <token>`, checked against the stored SHA-256."""

from __future__ import annotations

from datetime import timedelta

from flask import g
from flask import request
from sqlalchemy import select
from sqlalchemy import update

from hotline.api.errors import ApiError
from hotline.infra.db import get_session
from hotline.models import ApiToken
from hotline.models import utcnow
from hotline.services.accounts import token_digest

# Writing last_used_at on every request would turn each read into a write; a minute is close enough.
LAST_USED_RESOLUTION = timedelta(minutes=1)
PUBLIC_ENDPOINTS = frozenset({"api.openapi.openapi_document"})
ACTOR_LENGTH = 60


def require_token() -> None:
    """Refuse the request unless it carries a known, unrevoked token."""
    if request.endpoint in PUBLIC_ENDPOINTS:
        return
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token:
        raise ApiError(401, "send a token as 'Authorization: Bearer <token>' (hotline api-token create)")
    session = get_session()
    api_token = session.scalar(select(ApiToken).where(ApiToken.token_hash == token_digest(token)))
    if api_token is None or api_token.revoked:
        raise ApiError(401, "the bearer token is unknown or revoked")
    _touch(api_token)
    g.api_token = api_token


def _touch(api_token: ApiToken) -> None:
    now = utcnow()
    if api_token.last_used_at is not None and now - api_token.last_used_at < LAST_USED_RESOLUTION:
        return
    session = get_session()
    session.execute(update(ApiToken).where(ApiToken.id == api_token.id).values(last_used_at=now))
    session.commit()


def current_actor() -> str:
    """The name events record for moves made with this request's token."""
    api_token: ApiToken = g.api_token
    return f"api:{api_token.name}"[:ACTOR_LENGTH]


def current_user_id() -> int | None:
    api_token: ApiToken = g.api_token
    return api_token.user_id
