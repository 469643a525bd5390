"""Tests for normalising and formatting callers' phone numbers."""

import random

import phonenumbers
import pytest
from hypothesis import given
from hypothesis import strategies as st

from hotline.domain.phone import PhoneNumberError
from hotline.domain.phone import format_national
from hotline.domain.phone import normalize_phone

# Mobile prefixes that phonenumbers accepts as valid Vietnamese numbers.
MOBILE_PREFIXES = ["90", "91", "93", "96", "97", "98", "32", "39", "86", "70", "77", "83", "85"]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("0912345678", "+84912345678"),
        ("84912345678", "+84912345678"),
        ("+84912345678", "+84912345678"),
        ("+84 91 234 5678", "+84912345678"),
        ("(091) 234-5678", "+84912345678"),
        ("0084912345678", "+84912345678"),
        ("  0912.345.678  ", "+84912345678"),
        ("0255 3822 123", "+842553822123"),
        ("02553822123", "+842553822123"),
        ("+1 650 253 0000", "+16502530000"),
    ],
)
def test_normalize_phone_writes_accepted_forms_as_e164(raw: str, expected: str) -> None:
    assert normalize_phone(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "   ",
        "0912abc678",
        "1-800-FLOWERS",
        "0912",
        "091234567",
        "09123456789",
        "0912345678901234",
        "+84 0000 0000",
        "0912345678 ext 5",
    ],
)
def test_normalize_phone_refuses_empty_letters_and_invalid_numbers(raw: str) -> None:
    with pytest.raises(PhoneNumberError):
        normalize_phone(raw)


def test_phone_number_error_is_a_value_error() -> None:
    assert issubclass(PhoneNumberError, ValueError)


@pytest.mark.parametrize(
    ("e164", "expected"),
    [
        ("+84912345678", "0912 345 678"),
        ("+842553822123", "0255 3822 123"),
    ],
)
def test_format_national_writes_the_number_as_vietnamese_write_it(e164: str, expected: str) -> None:
    assert format_national(e164) == expected


@pytest.mark.parametrize("raw", ["0912345678", "+8491234567", "not a number"])
def test_format_national_refuses_non_e164_or_invalid_input(raw: str) -> None:
    with pytest.raises(PhoneNumberError):
        format_national(raw)


@given(prefix=st.sampled_from(MOBILE_PREFIXES), rest=st.from_regex(r"\A[0-9]{7}\Z"))
def test_normalized_mobile_survives_national_formatting_and_renormalizing(prefix: str, rest: str) -> None:
    e164 = normalize_phone(f"0{prefix}{rest}")
    assert e164 == f"+84{prefix}{rest}"
    assert normalize_phone(format_national(e164)) == e164
    assert normalize_phone(e164) == e164


def test_format_national_writes_every_prefix_as_phonenumbers_does() -> None:
    """The quick path for today's mobiles gives phonenumbers' own answer, or its refusal, for every prefix."""
    rng = random.Random(2018)
    for prefix in range(1000):
        for _ in range(3):
            e164 = f"+84{prefix:03d}{rng.randrange(10**6):06d}"
            try:
                expected: str | None = phonenumbers.format_number(phonenumbers.parse(e164),
                                                                  phonenumbers.PhoneNumberFormat.NATIONAL)
                if not phonenumbers.is_valid_number(phonenumbers.parse(e164)):
                    expected = None
            except phonenumbers.NumberParseException:
                expected = None
            try:
                written: str | None = format_national(e164)
            except PhoneNumberError:
                written = None
            assert written == expected, e164
