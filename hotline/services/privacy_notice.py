"""What the centre tells people about their personal data: where its privacy page is, and how the recording
notice names the site."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import current_app

# The privacy page, Vietnamese first; an English text to an owner links the English one.
PRIVACY_PATHS: dict[str, str] = {"vi": "/rieng-tu", "en": "/privacy"}


def public_base_url() -> str:
    """Where owners reach this installation: PUBLIC_BASE_URL, without a trailing slash."""
    return (current_app.config.get("PUBLIC_BASE_URL") or "http://localhost:5000").rstrip("/")


def privacy_link(lang: str = "vi") -> str:
    """The privacy page's address as the receipt prints it and the receipt SMS carries it.

    "https://" is left out: phones and browsers add it themselves, and in an SMS it costs eight characters.
    A plain "http://" stays, because without it a browser would try https.
    """
    return public_base_url().removeprefix("https://") + PRIVACY_PATHS[lang]


def privacy_site() -> str:
    """The site as the recording notice speaks it: the host alone, e.g. tongdai.quangngai.gov.vn."""
    return urlsplit(public_base_url()).hostname or "localhost"
