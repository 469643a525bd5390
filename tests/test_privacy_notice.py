"""Where the privacy page is, as the receipt prints it, the receipt SMS carries it and the notice speaks it."""

from __future__ import annotations

import pytest
from flask import Flask

from hotline.services.privacy_notice import privacy_link
from hotline.services.privacy_notice import privacy_site


@pytest.mark.parametrize(("base", "link_vi", "link_en", "site"), [
    ("https://tongdai.quangngai.gov.vn", "tongdai.quangngai.gov.vn/rieng-tu", "tongdai.quangngai.gov.vn/privacy",
     "tongdai.quangngai.gov.vn"),
    ("https://tongdai.quangngai.gov.vn/", "tongdai.quangngai.gov.vn/rieng-tu", "tongdai.quangngai.gov.vn/privacy",
     "tongdai.quangngai.gov.vn"),
    ("http://10.0.0.5:8000", "http://10.0.0.5:8000/rieng-tu", "http://10.0.0.5:8000/privacy", "10.0.0.5"),
    (None, "http://localhost:5000/rieng-tu", "http://localhost:5000/privacy", "localhost"),
])
def test_the_link_leaves_out_https_only_and_the_site_is_the_host(
        base: str | None, link_vi: str, link_en: str, site: str) -> None:
    app = Flask(__name__)
    app.config["PUBLIC_BASE_URL"] = base
    with app.app_context():
        assert (privacy_link("vi"), privacy_link("en"), privacy_site()) == (link_vi, link_en, site)
