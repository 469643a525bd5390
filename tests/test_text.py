"""Text helpers: the slug that file names are made from."""

from __future__ import annotations

import pytest

from hotline.infra.text import slug


@pytest.mark.parametrize(("text", "expected"), [
    ("courier", "courier"),
    ("Bưu tá/../Lý Sơn", "buu-ta-ly-son"),
    ("Đặc khu Lý Sơn", "dac-khu-ly-son"),
    ("../../etc/passwd", "etc-passwd"),
    ("a.b_c-d", "a-b-c-d"),
    ("--//--", ""),
    ("x" * 80, "x" * 40),
])
def test_a_slug_keeps_only_lower_case_letters_digits_and_single_hyphens(text: str, expected: str) -> None:
    assert slug(text) == expected


def test_a_cut_slug_does_not_end_in_a_hyphen() -> None:
    assert slug("a" * 39 + " b") == "a" * 39
