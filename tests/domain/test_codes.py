"""Tests for Damm phone codes and national dossier codes."""

import random
from collections.abc import Iterator
from datetime import date
from itertools import product

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hotline.domain.codes import DossierCodeError
from hotline.domain.codes import PhoneCodeError
from hotline.domain.codes import damm_check_digit
from hotline.domain.codes import damm_is_valid
from hotline.domain.codes import format_dossier_code
from hotline.domain.codes import group_digits
from hotline.domain.codes import make_phone_code
from hotline.domain.codes import new_phone_code
from hotline.domain.codes import parse_dossier_code
from hotline.domain.codes import parse_phone_code


def substitutions(code: str) -> Iterator[str]:
    """Yield every code that differs from `code` in exactly one digit."""
    for i, old in enumerate(code):
        for new in "0123456789":
            if new != old:
                yield code[:i] + new + code[i + 1 :]


def adjacent_swaps(code: str) -> Iterator[str]:
    """Yield every code with two different neighbouring digits swapped."""
    for i in range(len(code) - 1):
        if code[i] != code[i + 1]:
            yield code[:i] + code[i + 1] + code[i] + code[i + 2 :]


def test_damm_known_vector_572_gives_4() -> None:
    assert damm_check_digit("572") == "4"
    assert make_phone_code("572") == "5724"
    assert damm_is_valid("5724")
    assert not damm_is_valid("5723")


@pytest.mark.parametrize("code", ["", "57a4", "５７２４", "-5724"])
def test_damm_is_valid_is_false_for_non_digit_input(code: str) -> None:
    assert not damm_is_valid(code)


@pytest.mark.parametrize("digits", ["", "12a", "１２"])
def test_damm_check_digit_refuses_non_digits(digits: str) -> None:
    with pytest.raises(PhoneCodeError):
        damm_check_digit(digits)


def test_damm_catches_every_error_in_every_three_digit_body() -> None:
    for body in ("".join(p) for p in product("0123456789", repeat=3)):
        code = make_phone_code(body)
        assert damm_is_valid(code)
        assert not any(damm_is_valid(wrong) for wrong in substitutions(code)), code
        assert not any(damm_is_valid(wrong) for wrong in adjacent_swaps(code)), code


def test_damm_catches_every_error_in_a_sample_of_phone_codes() -> None:
    rng = random.Random(20261128)
    for _ in range(500):
        code = new_phone_code(rng)
        assert not any(damm_is_valid(wrong) for wrong in substitutions(code)), code
        assert not any(damm_is_valid(wrong) for wrong in adjacent_swaps(code)), code


@given(body=st.from_regex(r"\A[0-9]{1,15}\Z"), data=st.data())
def test_damm_catches_any_single_substitution(body: str, data: st.DataObject) -> None:
    code = make_phone_code(body)
    position = data.draw(st.integers(0, len(code) - 1))
    digit = data.draw(st.sampled_from("0123456789").filter(lambda d: d != code[position]))
    assert not damm_is_valid(code[:position] + digit + code[position + 1 :])


@given(body=st.from_regex(r"\A[0-9]{1,15}\Z"), data=st.data())
def test_damm_catches_any_adjacent_transposition(body: str, data: st.DataObject) -> None:
    code = make_phone_code(body)
    position = data.draw(st.integers(0, len(code) - 2))
    swapped = code[:position] + code[position + 1] + code[position] + code[position + 2 :]
    assert damm_is_valid(swapped) is (swapped == code)


def test_new_phone_code_has_a_non_zero_first_digit_and_a_valid_check_digit() -> None:
    rng = random.Random(1)
    codes = [new_phone_code(rng) for _ in range(200)]
    assert all(len(code) == 8 and code[0] != "0" and damm_is_valid(code) for code in codes)
    assert len(set(codes)) == len(codes)


def test_new_phone_code_is_repeatable_with_a_seeded_rng_and_works_without_one() -> None:
    assert new_phone_code(random.Random(7), body_length=5) == new_phone_code(random.Random(7), body_length=5)
    assert len(new_phone_code(body_length=5)) == 6
    assert damm_is_valid(new_phone_code())


def test_new_phone_code_refuses_an_empty_body() -> None:
    with pytest.raises(PhoneCodeError):
        new_phone_code(body_length=0)


@pytest.mark.parametrize(
    ("code", "size", "groups"),
    [
        ("12345678", 4, ["1234", "5678"]),
        ("123456789", 4, ["1234", "5678", "9"]),
        ("123456789", 3, ["123", "456", "789"]),
        ("", 4, []),
    ],
)
def test_group_digits_splits_from_the_left(code: str, size: int, groups: list[str]) -> None:
    assert group_digits(code, size) == groups


def test_group_digits_refuses_a_group_size_below_one() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        group_digits("1234", 0)


@pytest.mark.parametrize("raw", ["5724", " 57 24 ", "5724#", "*5724#", "57-24"])
def test_parse_phone_code_strips_keypad_and_spacing_noise(raw: str) -> None:
    assert parse_phone_code(raw) == "5724"


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("", "no digits"),
        ("#", "no digits"),
        ("0", "expected 2"),
        ("5723", "check digit"),
        ("7524", "check digit"),
        ("57a4", "only digits"),
        ("５７２４", "only digits"),
        ("1" * 21, "expected 2"),
    ],
)
def test_parse_phone_code_refuses_bad_codes_and_says_why(raw: str, message: str) -> None:
    with pytest.raises(PhoneCodeError, match=message):
        parse_phone_code(raw)


def test_format_dossier_code_follows_the_national_form() -> None:
    assert format_dossier_code("000.00.15.H48", date(2026, 11, 28), 1) == "000.00.15.H48-261128-0001"
    assert format_dossier_code("000.00.15.H48", date(2026, 1, 5), 9999) == "000.00.15.H48-260105-9999"


@pytest.mark.parametrize(
    ("unit", "day", "sequence"),
    [
        ("000.00.15.H48", date(2026, 11, 28), 0),
        ("000.00.15.H48", date(2026, 11, 28), 10000),
        ("", date(2026, 11, 28), 1),
        ("000.00.15.h48", date(2026, 11, 28), 1),
        ("000-15", date(2026, 11, 28), 1),
        ("000..15", date(2026, 11, 28), 1),
        ("000.00.15.H48", date(1999, 12, 31), 1),
    ],
)
def test_format_dossier_code_refuses_bad_parts(unit: str, day: date, sequence: int) -> None:
    with pytest.raises(DossierCodeError):
        format_dossier_code(unit, day, sequence)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("000.00.15.H48-261128-0001", ("000.00.15.H48", date(2026, 11, 28), 1)),
        (" 000.00.15.h48-260105-9999 ", ("000.00.15.H48", date(2026, 1, 5), 9999)),
        ("H48-280229-0042", ("H48", date(2028, 2, 29), 42)),
    ],
)
def test_parse_dossier_code_returns_unit_day_and_sequence(raw: str, expected: tuple[str, date, int]) -> None:
    assert parse_dossier_code(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "000.00.15.H48",
        "000.00.15.H48-261128",
        "000.00.15.H48-261128-1",
        "000.00.15.H48-261128-0000",
        "000.00.15.H48-261332-0001",
        "000.00.15.H48-270229-0001",
        "000.00.15.H48-26112-00001",
        "-261128-0001",
        "000-15-261128-0001",
    ],
)
def test_parse_dossier_code_refuses_malformed_codes(raw: str) -> None:
    with pytest.raises(DossierCodeError):
        parse_dossier_code(raw)


@given(
    unit=st.from_regex(r"\A[0-9A-Z]{1,4}(\.[0-9A-Z]{1,4}){0,3}\Z"),
    day=st.dates(date(2000, 1, 1), date(2099, 12, 31)),
    sequence=st.integers(1, 9999),
)
def test_dossier_code_round_trips(unit: str, day: date, sequence: int) -> None:
    assert parse_dossier_code(format_dossier_code(unit, day, sequence)) == (unit, day, sequence)
