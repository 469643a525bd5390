"""The public privacy page: no sign-in, Vietnamese first, English on switch, rights and deadlines, the schedule."""

from __future__ import annotations

import re
from dataclasses import fields
from dataclasses import replace
from html.parser import HTMLParser

from flask import Flask
from flask.testing import FlaskClient
from flask_babel import force_locale

from hotline.console import privacy
from hotline.infra.retention import RetentionSchedule
from hotline.web.english import ENGLISH
from tests.console.conftest import post_form

CENTRE = "Trung tâm Phục vụ hành chính công tỉnh Quảng Ngãi"


class Outline(HTMLParser):
    """What a screen reader finds: the page's language, its headings, links with their text, the table's parts."""

    def __init__(self) -> None:
        super().__init__()
        self.lang: str | None = None
        self.headings: list[tuple[str, str]] = []
        self.links: list[tuple[str, str]] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self._open: list[tuple[str, str, list[str]]] = []  # headings and links being read: tag, href, text

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        if tag == "html":
            self.lang = attributes.get("lang")
        if tag in ("h1", "h2", "h3", "a"):
            self._open.append((tag, attributes.get("href") or "", []))

    def handle_data(self, data: str) -> None:
        for _tag, _href, text in self._open:
            text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if self._open and self._open[-1][0] == tag:
            _tag, href, text = self._open.pop()
            words = " ".join("".join(text).split())
            if tag == "a":
                self.links.append((words, href))
            else:
                self.headings.append((tag, words))


def outline(html: str) -> Outline:
    parsed = Outline()
    parsed.feed(html)
    return parsed


def test_the_privacy_page_needs_no_sign_in_and_reads_in_vietnamese(client: FlaskClient) -> None:
    response = client.get("/rieng-tu")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    page = outline(html)
    assert page.lang == "vi"
    assert [h for h in page.headings if h[0] == "h1"] == [("h1", "Quyền riêng tư")]
    assert [text for tag, text in page.headings if tag == "h2"] == [
        "Ai giữ dữ liệu", "Dữ liệu nào", "Để làm gì", "Ai khác được xem", "Lưu trong bao lâu", "Quyền của ông/bà",
        "Cách yêu cầu"]
    assert f"{CENTRE} giữ và chịu trách nhiệm về dữ liệu" in html
    for right in ("Xem dữ liệu của mình", "sửa dữ liệu", "xóa dữ liệu", "Phản đối"):
        assert right in html, right
    assert "trả lời yêu cầu trong 2 ngày làm việc và thực hiện xong trong 15 ngày làm việc" in html
    assert "bấm phím 0" in html and f"đến trực tiếp {CENTRE}" in html
    assert "bưu tá chỉ thấy" in html and "Twilio" in html


def test_the_page_switches_to_english(client: FlaskClient) -> None:
    switched = post_form(client, "/language", {"lang": "en", "next": "/rieng-tu"}, page="/rieng-tu")
    assert switched.status_code == 302 and switched.headers["Location"] == "/rieng-tu"
    html = client.get("/rieng-tu").get_data(as_text=True)
    page = outline(html)
    assert page.lang == "en" and ("h1", "Privacy") in page.headings and ("h2", "Your rights") in page.headings
    assert "answers a request within 2 working days and carries it out within 15 working days" in html
    assert f"{CENTRE} keeps the data" in html and "press 0" in html


def test_privacy_is_the_english_page_whatever_was_chosen_and_its_switch_leads_back_to_rieng_tu(
        client: FlaskClient) -> None:
    post_form(client, "/language", {"lang": "vi", "next": "/rieng-tu"}, page="/rieng-tu")
    html = client.get("/privacy").get_data(as_text=True)
    assert outline(html).lang == "en" and "Your rights" in html
    assert '<input type="hidden" name="next" value="/rieng-tu">' in html
    assert '<button name="lang" value="vi" class="link" lang="vi">Tiếng Việt</button>' in html


def test_the_page_is_outlined_for_assistive_technology(client: FlaskClient) -> None:
    page = outline(client.get("/rieng-tu").get_data(as_text=True))
    assert all(text for text, _href in page.links), page.links
    tags = [tag for tag, _attrs in page.tags]
    assert "caption" in tags and tags.index("caption") > tags.index("table")
    headers = [attrs.get("scope") for tag, attrs in page.tags if tag == "th"]
    assert headers and set(headers) == {"col", "row"}


def test_every_console_page_links_the_privacy_page(client: FlaskClient) -> None:
    links = outline(client.get("/login").get_data(as_text=True)).links
    assert ("Quyền riêng tư", "/rieng-tu") in links


def retention_table(html: str) -> dict[str, str]:
    """The privacy page's retention table: what is kept -> for how long."""
    rows = re.findall(r'<tr><th scope="row">([^<]+)</th><td>([^<]+)</td><td>[^<]+</td></tr>', html)
    return dict(rows)


def test_the_retention_table_states_the_schedule_the_purge_applies(client: FlaskClient) -> None:
    """config/retention.toml as shipped: audio 90 days, transcripts 365, calls 180, drafts 30, texts 90,
    the audit trail 1825, a closed dossier's phone numbers and addresses 730."""
    assert retention_table(client.get("/rieng-tu").get_data(as_text=True)) == {
        "Bản ghi âm giọng nói (yêu cầu, họ tên, địa chỉ, phản ánh, tin nhắn thoại)": "3 tháng",
        "Bản chép lời tin nhắn thoại, phản ánh và các bản ghi âm không thành hồ sơ": "1 năm",
        "Nhật ký cuộc gọi": "6 tháng",
        "Hồ sơ nháp của cuộc gọi bị ngắt giữa chừng mà không ai hoàn tất": "1 tháng",
        "Tin nhắn SMS gửi cho ông/bà": "3 tháng",
        "Nhật ký thao tác của cán bộ (ai đã nghe, sửa, chuyển, xuất, xóa dữ liệu)": "5 năm",
        "Số điện thoại và địa chỉ trên hồ sơ đã kết thúc và bưu gửi của hồ sơ": "2 năm",
    }


def test_the_retention_table_follows_a_changed_schedule(app: Flask, client: FlaskClient) -> None:
    app.extensions["retention"] = replace(app.extensions["retention"], audio_days=45, call_days=365)
    table = retention_table(client.get("/rieng-tu").get_data(as_text=True))
    assert table["Bản ghi âm giọng nói (yêu cầu, họ tên, địa chỉ, phản ánh, tin nhắn thoại)"] == "45 ngày"
    assert table["Nhật ký cuộc gọi"] == "1 năm"


def test_every_period_of_the_schedule_has_its_words_in_both_languages() -> None:
    assert set(privacy.PERIOD_WORDS) == {period.name for period in fields(RetentionSchedule)}
    assert all(what in ENGLISH and then in ENGLISH for what, then in privacy.PERIOD_WORDS.values())


def test_periods_read_as_years_months_or_days_in_both_languages(app: Flask) -> None:
    days = (365, 1095, 30, 90, 1, 45)
    with app.test_request_context():
        assert [privacy.period(n) for n in days] == ["1 năm", "3 năm", "1 tháng", "3 tháng", "1 ngày", "45 ngày"]
        with force_locale("en"):
            assert [privacy.period(n) for n in days] == ["1 year", "3 years", "1 month", "3 months", "1 day",
                                                         "45 days"]

