"""Vietnamese first, English available: locale choice, UI strings, dates and money.

One mechanism for UI text: templates and views write Vietnamese inside `_()`; in English the
string is looked up in `hotline/web/translations/en.toml` (a missing entry shows the Vietnamese, never breaks;
in testing it is also noted in `app.extensions["i18n_misses"]`, so a test can fail on any page that
reached for a missing entry, including keys only known at run time such as state labels).
Flask-Babel chooses the locale: the language switch kept in the session, else Vietnamese.
"""

from __future__ import annotations

import enum
from datetime import date
from datetime import datetime

from flask import Flask
from flask import current_app
from flask import session
from flask_babel import Babel
from flask_babel import get_locale

from hotline.domain.codes import group_digits
from hotline.domain.manifest import format_vnd
from hotline.domain.phone import PhoneNumberError
from hotline.domain.phone import format_national
from hotline.domain.phone import format_old_national
from hotline.domain.workdays import LOCAL_TZ
from hotline.web.english import ENGLISH

LANGUAGES = ("vi", "en")


def init_app(app: Flask) -> None:
    from hotline.web.labels import callback_reason_vi
    from hotline.web.labels import sms_failure_vi

    app.config.setdefault("BABEL_DEFAULT_LOCALE", "vi")
    app.config.setdefault("BABEL_DEFAULT_TIMEZONE", LOCAL_TZ.key)
    Babel(app, locale_selector=select_locale)
    app.jinja_env.globals["_"] = translate
    app.jinja_env.globals["current_language"] = current_language
    app.jinja_env.filters["day"] = format_day
    app.jinja_env.filters["moment"] = format_moment
    app.jinja_env.filters["dong"] = format_dong
    app.jinja_env.filters["phone"] = format_phone
    app.jinja_env.filters["old_phone"] = format_old_national
    app.jinja_env.filters["label"] = label
    app.jinja_env.filters["callback_reason"] = lambda code: translate(callback_reason_vi(code))
    app.jinja_env.filters["sms_failure"] = lambda code: translate(reason) if (reason := sms_failure_vi(code)) else None
    app.jinja_env.filters["grouped"] = lambda code: " ".join(group_digits(code or ""))


def select_locale() -> str:
    chosen = session.get("lang")
    if chosen in LANGUAGES:
        return str(chosen)
    return "vi"


def current_language() -> str:
    locale = get_locale()
    return locale.language if locale is not None else "vi"


def translate(text: str, **values: object) -> str:
    """The UI string in the current language, with `{name}` placeholders filled in."""
    shown = text
    if current_language() == "en":
        shown = ENGLISH.get(text, text)
        if text not in ENGLISH and current_app.testing:
            current_app.extensions.setdefault("i18n_misses", set()).add(text)
    return shown.format(**values) if values else shown


def label(member: enum.Enum) -> str:
    """A stored enum value as the user reads it, in the current language."""
    from hotline.web.labels import label_vi

    return translate(label_vi(member))


def format_day(value: date | datetime | None) -> str:
    """dd/mm/yyyy, in the centre's time zone for moments."""
    if value is None:
        return "—"
    if isinstance(value, datetime):
        value = value.astimezone(LOCAL_TZ).date()
    return value.strftime("%d/%m/%Y")


def format_moment(value: datetime | None) -> str:
    """dd/mm/yyyy HH:MM in the centre's time zone."""
    if value is None:
        return "—"
    return value.astimezone(LOCAL_TZ).strftime("%d/%m/%Y %H:%M")


def format_dong(amount: int | None) -> str:
    """Money as Vietnamese write it: 70.000 đ (the same as the manifests print)."""
    return format_vnd(amount or 0)


def format_phone(e164: str | None) -> str:
    """The number as Vietnamese write it (0912 345 678); anything unreadable is shown as given."""
    if not e164:
        return "—"
    try:
        return format_national(e164)
    except PhoneNumberError:
        return e164
