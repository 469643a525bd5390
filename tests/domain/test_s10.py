"""Tests for UPU S10 tracking codes.

Check digits worked by hand, weights 8 6 4 2 3 5 9 7:
  47312482: 32+42+12+2+6+20+72+14 = 200; 200 % 11 = 2; 11 - 2 = 9
  12345678: 8+12+12+8+15+30+63+56 = 204; 204 % 11 = 6; 11 - 6 = 5
  00000007: 7*7 = 49; 49 % 11 = 5; 11 - 5 = 6
  00000000: 0; 0 % 11 = 0; 11 - 0 = 11, written 5
  01000100: 6+5 = 11; 11 % 11 = 0; 11, written 5
  00004000: 4*3 = 12; 12 % 11 = 1; 11 - 1 = 10, written 0
"""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hotline.domain.s10 import TrackingCodeError
from hotline.domain.s10 import is_valid_s10
from hotline.domain.s10 import make_s10
from hotline.domain.s10 import parse_s10
from hotline.domain.s10 import s10_check_digit


@pytest.mark.parametrize(
    ("serial", "check"),
    [
        ("47312482", 9),
        ("12345678", 5),
        ("00000007", 6),
        ("00000000", 5),
        ("01000100", 5),
        ("00004000", 0),
    ],
)
def test_s10_check_digit_matches_hand_computed_vectors(serial: str, check: int) -> None:
    assert s10_check_digit(serial) == check


@pytest.mark.parametrize("serial", ["", "1234567", "123456789", "1234567a", "１２３４５６７８"])
def test_s10_check_digit_refuses_anything_but_eight_digits(serial: str) -> None:
    with pytest.raises(TrackingCodeError, match="8 digits"):
        s10_check_digit(serial)


@pytest.mark.parametrize(
    ("service", "serial", "country", "code"),
    [
        ("RR", "47312482", "GB", "RR473124829GB"),
        ("EE", 12345678, "VN", "EE123456785VN"),
        ("EE", 7, "VN", "EE000000076VN"),
        ("CP", "00004000", "VN", "CP000040000VN"),
    ],
)
def test_make_s10_builds_the_full_code(service: str, serial: int | str, country: str, code: str) -> None:
    assert make_s10(service, serial, country) == code


def test_make_s10_defaults_to_vietnam() -> None:
    assert make_s10("EE", "12345678") == "EE123456785VN"


@pytest.mark.parametrize(
    ("service", "serial", "country"),
    [
        ("E", 1, "VN"),
        ("ee", 1, "VN"),
        ("E1", 1, "VN"),
        ("EE", 1, "vn"),
        ("EE", 1, "VNM"),
        ("EE", -1, "VN"),
        ("EE", 100_000_000, "VN"),
        ("EE", "1234567", "VN"),
    ],
)
def test_make_s10_refuses_bad_parts(service: str, serial: int | str, country: str) -> None:
    with pytest.raises(TrackingCodeError):
        make_s10(service, serial, country)


@pytest.mark.parametrize(
    ("code", "valid"),
    [
        ("RR473124829GB", True),
        ("EE123456785VN", True),
        ("RR473124828GB", False),
        ("RR473124892GB", False),
        ("rr473124829gb", False),
        ("RR 473 124 829 GB", False),
        ("RR47312482GB", False),
        ("R1473124829GB", False),
        ("", False),
    ],
)
def test_is_valid_s10_accepts_only_canonical_codes_with_correct_check(code: str, valid: bool) -> None:
    assert is_valid_s10(code) is valid


@pytest.mark.parametrize("raw", ["RR473124829GB", "rr473124829gb", " RR 4731 2482 9 GB\n"])
def test_parse_s10_uppercases_and_strips_whitespace(raw: str) -> None:
    assert parse_s10(raw) == "RR473124829GB"


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("", "2 letters, 9 digits"),
        ("RR-473124829-GB", "2 letters, 9 digits"),
        ("RR47312482GB", "2 letters, 9 digits"),
        ("RR473124828GB", "check digit"),
    ],
)
def test_parse_s10_refuses_bad_codes_and_says_why(raw: str, message: str) -> None:
    with pytest.raises(TrackingCodeError, match=message):
        parse_s10(raw)


@given(
    service=st.from_regex(r"\A[A-Z]{2}\Z"),
    serial=st.integers(0, 99_999_999),
    country=st.from_regex(r"\A[A-Z]{2}\Z"),
)
def test_made_codes_are_valid_and_parse_to_themselves(service: str, serial: int, country: str) -> None:
    code = make_s10(service, serial, country)
    assert is_valid_s10(code)
    assert parse_s10(code.lower()) == code
    assert code[2:10] == f"{serial:08d}"
