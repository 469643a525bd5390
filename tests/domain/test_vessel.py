"""Tests for reading fishing-vessel registration numbers."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hotline.domain.vessel import PROVINCE_PREFIXES
from hotline.domain.vessel import VesselNumber
from hotline.domain.vessel import VesselNumberError
from hotline.domain.vessel import canonical_prefix
from hotline.domain.vessel import parse_vessel_number
from hotline.infra.text import strip_diacritics


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("QNg-90123-TS", "QNg-90123-TS"),
        ("qng 90123 ts", "QNg-90123-TS"),
        ("QNG90123TS", "QNg-90123-TS"),
        ("QNg-90123", "QNg-90123-TS"),
        ("90123", "QNg-90123-TS"),
        ("  9012  ", "QNg-9012-TS"),
        ("QNg.90123.TS", "QNg-90123-TS"),
        ("BĐ-97589-TS", "BĐ-97589-TS"),
        ("bd 97589 ts", "BĐ-97589-TS"),
        ("bđ97589", "BĐ-97589-TS"),
        ("DNa-12345-TS", "ĐNa-12345-TS"),
        ("đna 12345", "ĐNa-12345-TS"),
        ("nd-1234-ts", "NĐ-1234-TS"),
        ("QNa-00123-TS", "QNa-00123-TS"),
        ("QN-12345-TS", "QN-12345-TS"),
        ("tth 1234", "TTH-1234-TS"),
        ("BTR-91234-TS", "BTr-91234-TS"),
    ],
)
def test_parse_vessel_number_gives_canonical_form(raw: str, expected: str) -> None:
    assert str(parse_vessel_number(raw, default_prefix="QNg")) == expected


def test_bare_digits_take_the_default_prefix_in_canonical_casing() -> None:
    assert parse_vessel_number("90123", default_prefix="bd") == VesselNumber("BĐ", "90123", "TS")


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "TS",
        "XX-90123-TS",
        "QNg-123-TS",
        "QNg-123456-TS",
        "QNg-90123-TC",
        "QNg-90123-TS-1",
        "QNg-9O123-TS",
        "QNg--TS",
        "QNg/90123/TS",
        "90123 QNg",
    ],
)
def test_parse_vessel_number_refuses_malformed_numbers(raw: str) -> None:
    with pytest.raises(VesselNumberError):
        parse_vessel_number(raw, default_prefix="QNg")


def test_bare_digits_with_unknown_default_prefix_are_refused() -> None:
    with pytest.raises(VesselNumberError, match="unknown province prefix"):
        parse_vessel_number("90123", default_prefix="ZZ")


@pytest.mark.parametrize(
    ("prefix", "digits", "suffix"),
    [("qng", "90123", "TS"), ("QNg", "123", "TS"), ("QNg", "90123", "TC"), ("QNg", "９０１２３", "TS")],
)
def test_vessel_number_refuses_non_canonical_parts(prefix: str, digits: str, suffix: str) -> None:
    with pytest.raises(VesselNumberError):
        VesselNumber(prefix, digits, suffix)


@pytest.mark.parametrize("prefix", sorted(PROVINCE_PREFIXES))
def test_every_prefix_is_found_whatever_its_case_and_diacritics(prefix: str) -> None:
    assert canonical_prefix(strip_diacritics(prefix).lower()) == prefix
    assert canonical_prefix(prefix.upper()) == prefix


def test_required_coastal_provinces_are_in_the_table() -> None:
    required = {"QNg", "BĐ", "ĐNa", "QNa", "KH", "PY", "BTh", "TTH", "QB", "QT", "NA", "TH", "HP", "QN"}
    required |= {"BV", "TG", "BTr", "KG", "CM", "BL", "ST", "NĐ", "TB", "NT", "HT"}
    assert required <= set(PROVINCE_PREFIXES)


@given(
    prefix=st.sampled_from(sorted(PROVINCE_PREFIXES)),
    digits=st.from_regex(r"\A[0-9]{4,5}\Z"),
    separator=st.sampled_from(["", " ", "-", " - "]),
)
def test_any_spelling_of_a_vessel_number_parses_to_the_same_number(
    prefix: str, digits: str, separator: str
) -> None:
    vessel = VesselNumber(prefix, digits)
    folded = strip_diacritics(prefix).lower()
    assert parse_vessel_number(str(vessel), default_prefix="QNg") == vessel
    assert parse_vessel_number(f"{folded}{separator}{digits}{separator}ts", default_prefix="QNg") == vessel
    assert parse_vessel_number(digits, default_prefix=prefix) == vessel
