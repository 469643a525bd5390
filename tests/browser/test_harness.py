"""The browser suite's own checks can fail: an unlabelled control and a too-wide page are caught."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import overflows_sideways
from tests.browser.conftest import unlabelled_controls

pytestmark = [pytest.mark.browser]


def test_the_label_check_finds_an_unlabelled_control_and_passes_a_labelled_one(page: Any, viewport: str) -> None:
    page.set_content('<label for="a">Tên</label><input id="a"><input name="b"><button aria-label="x"></button>'
                     '<button></button><select aria-label="s"></select>')
    found = unlabelled_controls(page)
    assert len(found) == 2
    assert 'name="b"' in found[0] and found[1] == "<button></button>"


def test_the_width_check_finds_a_page_wider_than_the_window(page: Any, viewport: str) -> None:
    page.set_content('<div style="width: 300px">hẹp</div>')
    assert not overflows_sideways(page)
    page.set_content('<div style="width: 2000px">rộng</div>')
    assert overflows_sideways(page)
