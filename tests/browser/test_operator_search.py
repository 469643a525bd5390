"""An operator's searches, at a desk and on a phone: words of names, vessel digits, an old number, a commune."""

from __future__ import annotations

from datetime import UTC
from datetime import datetime
from typing import Any

import pytest
from flask import Flask

from hotline.models import Role
from tests.browser.conftest import check_page
from tests.browser.conftest import sign_in
from tests.console.conftest import accounts  # noqa: F401  (the fixture, one account per role)
from tests.factories import make_dossier
from tests.factories import make_owner
from tests.tools import open_session

pytestmark = [pytest.mark.browser]

OWNERS = {  # name: (today's number, vessel digits)
    "Nguyễn Văn An": ("+84912345678", "12345"),
    "Trần Thị Bích": ("+84987654321", "45678"),
    "Lê Văn Toàn": ("+84911111111", "91234"),
    "An Thị Ánh": ("+84395678945", None),  # on file since 2018 as 0169 567 8945
}


@pytest.fixture
def owners(app: Flask) -> dict[str, dict[str, Any]]:
    found = {}
    with open_session(app) as session:
        for day, (name, (phone, digits)) in enumerate(OWNERS.items(), start=1):
            owner = make_owner(session, name, phone, vessel_digits=digits)
            dossier = make_dossier(session, owner, now=datetime(2026, 11, day, 3, 0, tzinfo=UTC))
            found[name] = {"id": owner.id, "code": dossier.code}
        session.get_one(type(owner), found["An Thị Ánh"]["id"]).phone_before_2018 = "01695678945"
        session.commit()
    return found


def _search(page: Any, path: str, text: str) -> str:
    """Type `text` in the page's search box and send it as a person does; return what the page then says."""
    page.goto(path)
    page.fill("input[name=q]", text)
    page.press("input[name=q]", "Enter")
    page.wait_for_load_state()
    check_page(page)
    return str(page.inner_text("main"))


def _names_in(seen: str) -> set[str]:
    return {name for name in OWNERS if name in seen}


def test_an_operator_finds_owners_by_words_vessel_digits_and_an_old_number(
        page: Any, owners: dict[str, dict[str, Any]], accounts: dict[Role, str]) -> None:  # noqa: F811
    sign_in(page, accounts[Role.OPERATOR])

    # The queue: any word of a name, accents optional; a word must start a word of the name.
    seen = _search(page, "/dossiers", "van an")
    assert _names_in(seen) == {"Nguyễn Văn An"}
    assert owners["Nguyễn Văn An"]["code"] in seen
    assert _names_in(_search(page, "/dossiers", "bich")) == {"Trần Thị Bích"}
    assert _names_in(_search(page, "/dossiers", "Văn An")) == {"Nguyễn Văn An"}
    assert _names_in(_search(page, "/dossiers", "an")) == {"Nguyễn Văn An", "An Thị Ánh"}  # not "Toàn"

    # Vessel digits, whole or from their start.
    seen = _search(page, "/dossiers", "1234")
    assert _names_in(seen) == {"Nguyễn Văn An"} and "QNg-12345-TS" in seen

    # A number written before 2018: today's owner, and the page says the number was converted.
    seen = _search(page, "/dossiers", "0169 567 8945")
    assert _names_in(seen) == {"An Thị Ánh"}
    assert "Số cũ 0169 567 8945 đã đổi thành 0395 678 945 từ năm 2018; kết quả theo số mới." in seen

    # The owners page reads the same search.
    assert _names_in(_search(page, "/owners", "van an")) == {"Nguyễn Văn An"}
    assert _names_in(_search(page, "/owners", "456")) == {"Trần Thị Bích"}
    seen = _search(page, "/owners", "01695678945")
    assert _names_in(seen) == {"An Thị Ánh"} and "0395 678 945 (số cũ 0169 567 8945)" in seen

    # The owner's page notes the conversion, and a commune that differs from another by a tone mark
    # must be written with it: both are offered.
    page.click("text=An Thị Ánh")
    page.wait_for_load_state()
    check_page(page)
    assert "Số cũ 0169 567 8945 (trước khi đổi đầu số năm 2018) đã được đổi thành số này." in page.inner_text("main")
    page.fill("input[name=commune]", "Son Ha")
    page.click("main form button")
    page.wait_for_load_state()
    check_page(page)
    assert "“Son Ha” ứng với nhiều xã/phường: Xã Sơn Hạ, Xã Sơn Hà. Hãy ghi tên có dấu." in page.inner_text("main")
    page.fill("input[name=commune]", "Sơn Hạ")
    page.click("main form button")
    page.wait_for_load_state()
    check_page(page)
    assert page.input_value("input[name=commune]") == "Xã Sơn Hạ"
