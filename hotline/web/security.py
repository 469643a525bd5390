"""CSRF on every form, security headers, and failed-login limits shared by all server processes."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

from flask import Flask
from flask import Request
from flask import Response
from flask import current_app
from flask import flash
from flask import redirect
from flask import request
from flask.sessions import SecureCookieSession
from flask.sessions import SecureCookieSessionInterface
from flask.typing import ResponseReturnValue
from flask_wtf.csrf import CSRFError
from flask_wtf.csrf import CSRFProtect
from itsdangerous import BadData
from itsdangerous import URLSafeTimedSerializer
from redis.exceptions import RedisError
from sqlalchemy import func
from sqlalchemy import select
from werkzeug.middleware.proxy_fix import ProxyFix

from hotline.infra.db import get_session
from hotline.infra.queue import QueueUnavailableError
from hotline.infra.queue import get_redis
from hotline.infra.settings import whole_number
from hotline.infra.text import fold
from hotline.models import AuditEntry
from hotline.models import utcnow
from hotline.web.i18n import translate
from hotline.web.redirects import safe_next

log = logging.getLogger(__name__)

# Twilio cannot send a CSRF token: its webhooks prove themselves with X-Twilio-Signature instead.
# The API authenticates with a bearer header, which a foreign page cannot make a browser send.
CSRF_EXEMPT_BLUEPRINTS = frozenset({"ivr", "sms", "api"})

# Paths only Twilio calls: no browser, so no cookie session to open, check or save.
WEBHOOK_PREFIXES = ("/ivr/", "/sms/")

MAX_FAILURES_PER_ACCOUNT = 5
MAX_FAILURES_PER_ADDRESS = 20
FAILURE_WINDOW = timedelta(minutes=15)
LOGIN_FAILED = "login_failed"
LOGIN_OK = "login"

# A working day: how long a sign-in, its cookie and a form's CSRF token last at most.
SESSION_LIFETIME = timedelta(hours=12)
# Flask-WTF signs its tokens with this salt; a token that verifies with it is one this site handed out.
CSRF_SALT = "wtf-csrf-token"
# Flask-WTF's reasons for refusing a form that only went stale: its token is too old, or the session
# that held the other half ended (signed out, idle too long).
STALE_FORM = frozenset({"The CSRF token has expired.", "The CSRF session token is missing."})

CSP = (
    "default-src 'self'; img-src 'self' data:; media-src 'self'; style-src 'self'; "
    "script-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'"
)


class CookieSessions(SecureCookieSessionInterface):
    """Flask's signed-cookie sessions, except for Twilio's webhooks, which get the read-only null session."""

    def open_session(self, app: Flask, request: Request) -> SecureCookieSession | None:
        if request.path.startswith(WEBHOOK_PREFIXES):
            return None  # Flask then uses the null session, and saves nothing
        return super().open_session(app, request)


def cookie_settings(config: Mapping[str, Any]) -> dict[str, Any]:
    """The session cookie's flags and lifetimes, set outright: Flask already has a value for each key.

    Secure when the public address is https, and always in production (served behind TLS); not in
    local development over plain http, where a browser would not send the cookie back.
    """
    secure = str(config.get("PUBLIC_BASE_URL") or "").startswith("https://") or \
        config.get("HOTLINE_ENV") == "production"
    return {
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": secure,
        "SESSION_COOKIE_HTTPONLY": True,
        "PERMANENT_SESSION_LIFETIME": SESSION_LIFETIME,
        "WTF_CSRF_TIME_LIMIT": int(SESSION_LIFETIME.total_seconds()),
    }


def init_app(app: Flask) -> None:
    app.session_interface = CookieSessions()
    app.config.update(cookie_settings(app.config))
    proxies = whole_number(app.config, "TRUSTED_PROXY_COUNT")
    if proxies:
        # Only the addresses our own proxies appended are believed: a client can write anything in front.
        # The host is not taken from them: Twilio's signatures are checked against PUBLIC_BASE_URL.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies)  # type: ignore[method-assign]
    # The default check would cover every blueprint; ours skips the webhooks by blueprint name,
    # so the exemption does not depend on the order blueprints are registered in.
    app.config["WTF_CSRF_CHECK_DEFAULT"] = False
    csrf = CSRFProtect(app)
    app.extensions["hotline_csrf"] = csrf

    @app.before_request
    def _check_csrf() -> None:
        # A request that routes nowhere runs no view, so there is nothing to protect: it gets the
        # router's own 404 or 405 (under /api/v1, as JSON) rather than a CSRF 400.
        if request.routing_exception is not None:
            return
        if request.method in current_app.config["WTF_CSRF_METHODS"]:
            if (request.blueprint or "").split(".")[0] not in CSRF_EXEMPT_BLUEPRINTS:
                csrf.protect()

    app.register_error_handler(CSRFError, _refuse_form)
    app.after_request(_security_headers)


def _refuse_form(error: CSRFError) -> ResponseReturnValue:
    """A stale form gets its page again with a word why; a form without our token gets a plain 400."""
    if error.description in STALE_FORM and _handed_out_here(_submitted_token()):
        flash(translate("Biểu mẫu đã quá hạn nên chưa được lưu. Vui lòng nhập lại và gửi lần nữa."), "error")
        return redirect(_page_again(), 303)
    message = translate("Biểu mẫu thiếu mã bảo vệ hoặc mã không đúng nên không được nhận. "
                        "Vui lòng tải lại trang rồi gửi lại.")
    return Response(message + "\n", status=400, mimetype="text/plain")


def _submitted_token() -> str:
    return str(request.form.get("csrf_token") or request.headers.get("X-CSRFToken") or "")


def _handed_out_here(token: str) -> bool:
    secret = current_app.config.get("WTF_CSRF_SECRET_KEY") or current_app.config["SECRET_KEY"]
    try:
        URLSafeTimedSerializer(secret, salt=CSRF_SALT).loads(token)
    except BadData:
        return False
    return True


def _page_again() -> str:
    """The page the form is on: the same address when it can be fetched, else the page that sent it."""
    rule = request.url_rule
    if rule is not None and "GET" in (rule.methods or ()):
        return safe_next(request.full_path.removesuffix("?")) or "/"
    referrer = urlsplit(request.referrer or "")
    if referrer.netloc == request.host:
        return safe_next(referrer.path + (f"?{referrer.query}" if referrer.query else "")) or "/"
    return "/"


def _security_headers(response: Response) -> Response:
    response.headers.setdefault("Content-Security-Policy", CSP)
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    if request.is_secure:
        response.headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
    return response


def _keys(username: str, address: str) -> tuple[str, str]:
    return f"hotline:login-fail:account:{fold(username)}", f"hotline:login-fail:address:{address}"


def login_blocked(username: str, address: str) -> bool:
    """True when this account or this address has failed too often lately.

    Redis holds the counters so every server process sees them. When Redis is down the centre
    must still be able to work, so the limit falls back to the failed logins in the audit
    trail, which the database shares just as well; it never fails open.
    """
    account_key, address_key = _keys(username, address)
    try:
        counts = get_redis().mget(account_key, address_key)
    except (RedisError, QueueUnavailableError) as exc:
        log.warning("login limits read from the audit trail, Redis unavailable: %s", exc)
        return _blocked_by_audit(username, address)
    by_account, by_address = (int(c or 0) for c in counts)
    return by_account >= MAX_FAILURES_PER_ACCOUNT or by_address >= MAX_FAILURES_PER_ADDRESS


def record_failure(username: str, address: str) -> None:
    window = int(FAILURE_WINDOW.total_seconds())
    try:
        pipe = get_redis().pipeline()
        for key in _keys(username, address):
            pipe.incr(key)
            pipe.expire(key, window)
        pipe.execute()
    except (RedisError, QueueUnavailableError) as exc:
        log.warning("failed login counted in the audit trail only, Redis unavailable: %s", exc)


def clear_failures(username: str) -> None:
    try:
        get_redis().delete(_keys(username, "")[0])
    except (RedisError, QueueUnavailableError) as exc:
        log.warning("could not clear failed logins, Redis unavailable: %s", exc)


def _blocked_by_audit(username: str, address: str) -> bool:
    session = get_session()
    since = utcnow() - FAILURE_WINDOW
    last_ok = session.scalar(select(func.max(AuditEntry.created_at)).where(
        AuditEntry.action == LOGIN_OK, AuditEntry.object_id == fold(username)[:60]))
    account_since = max(since, last_ok) if last_ok else since
    failures = select(func.count()).select_from(AuditEntry).where(AuditEntry.action == LOGIN_FAILED)
    by_account = session.scalar(failures.where(
        AuditEntry.object_id == fold(username)[:60], AuditEntry.created_at > account_since)) or 0
    by_address = session.scalar(failures.where(
        AuditEntry.address == address, AuditEntry.created_at > since)) or 0
    return by_account >= MAX_FAILURES_PER_ACCOUNT or by_address >= MAX_FAILURES_PER_ADDRESS
