"""Masks show that something was there, never what."""

from __future__ import annotations

from hotline.domain.masking import mask_address
from hotline.domain.masking import mask_name
from hotline.domain.masking import mask_phone


def test_a_masked_phone_keeps_the_country_code_and_two_digits() -> None:
    assert mask_phone("+84912345678") == "+84*******78"
    assert mask_phone("0912345678") == "********78"


def test_a_short_or_odd_number_is_masked_whole() -> None:
    assert mask_phone("12345") == "*****"
    assert mask_phone("") == "***"


def test_a_masked_name_keeps_its_first_letter_and_an_address_nothing() -> None:
    assert mask_name("Nguyễn Văn Ánh") == "N***"
    assert mask_name("  ") == "***"
    assert mask_address("Thôn Đông, xã Bình Sơn") == "***"
