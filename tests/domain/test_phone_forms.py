"""A person's number is found whichever way it was written down."""

from __future__ import annotations

from hotline.domain.phone import normalize_phone
from hotline.domain.phone_forms import RENUMBERED_2018
from hotline.domain.phone_forms import written_forms


def test_a_vietnamese_mobile_has_its_international_national_and_grouped_forms() -> None:
    assert written_forms("+84912345678") == ["+84912345678", "84912345678", "0912345678", "0912 345 678"]


def test_a_renumbered_mobile_also_has_its_pre_2018_eleven_digit_forms() -> None:
    forms = written_forms("+84323456789")
    assert "01623456789" in forms and "+841623456789" in forms and "841623456789" in forms


def test_every_form_reads_back_as_the_same_number() -> None:
    for e164 in ("+84912345678", "+84323456789", "+84703123456"):
        assert {normalize_phone(form) for form in written_forms(e164) if not form.startswith(("01", "+841", "841"))} \
            == {e164}


def test_the_renumbering_table_maps_old_prefixes_to_distinct_new_ones() -> None:
    assert len(set(RENUMBERED_2018.values())) == len(RENUMBERED_2018)
    assert RENUMBERED_2018["162"] == "32" and RENUMBERED_2018["120"] == "70"


def test_a_foreign_number_has_only_its_two_international_forms() -> None:
    assert written_forms("+14155552671") == ["+14155552671", "14155552671"]
