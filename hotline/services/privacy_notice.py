"""What the centre tells people about their personal data: where its privacy page is, how the recording
notice names the site, and how soon it answers their requests."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import current_app

# The privacy page, Vietnamese first; an English text to an owner links the English one.
PRIVACY_PATHS: dict[str, str] = {"vi": "/rieng-tu", "en": "/privacy"}

# Law 91/2025/QH15 and Decree 356/2025: a person's request about their data is answered within 2 working
# days and carried out within 15.
ANSWER_WITHIN_WORKING_DAYS = 2
ACT_WITHIN_WORKING_DAYS = 15


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
