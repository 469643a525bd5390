"""Numbers written before Vietnam's 2018 mobile renumbering are read as the numbers they are today."""

import phonenumbers
import pytest

from hotline.domain.phone import RENUMBERED_2018
from hotline.domain.phone import PhoneNumberError
from hotline.domain.phone import caller_phone
from hotline.domain.phone import format_old_national
from hotline.domain.phone import normalize_phone
from hotline.domain.phone import renumbered

# The Ministry's table as published in 2018 (old network code -> new), written out again on purpose:
# a slip in either copy fails here.
MINISTRY_TABLE = {
    "0120": "070", "0121": "079", "0122": "077", "0126": "076", "0128": "078",
    "0123": "083", "0124": "084", "0125": "085", "0127": "081", "0129": "082",
    "0162": "032", "0163": "033", "0164": "034", "0165": "035", "0166": "036", "0167": "037", "0168": "038",
    "0169": "039", "0186": "056", "0188": "058", "0199": "059",
}


def test_the_table_is_the_ministrys_and_nothing_more() -> None:
    assert {"0" + old: "0" + new for old, new in RENUMBERED_2018.items()} == MINISTRY_TABLE


@pytest.mark.parametrize(("old", "new"), sorted(MINISTRY_TABLE.items()))
def test_every_old_code_gives_todays_valid_number_keeping_the_last_seven_digits(old: str, new: str) -> None:
    e164 = normalize_phone(f"{old}5678945")
    assert e164 == f"+84{new[1:]}5678945"
    assert phonenumbers.is_valid_number(phonenumbers.parse(e164, None))


@pytest.mark.parametrize("writing", ["01695678945", "0169 567 8945", "0169.567.8945", "(0169) 567-8945",
                                     "841695678945", "+84 169 567 8945", "00841695678945"])
def test_an_old_number_in_any_writing_is_read_as_todays(writing: str) -> None:
    assert normalize_phone(writing) == "+84395678945"
    found = renumbered(writing)
    assert found is not None and found.old_national == "01695678945"
    assert caller_phone(writing) == "+84395678945"


@pytest.mark.parametrize("number", ["0395678945", "0912345678", "02553822123", "+16502530000", "0130 567 8945"])
def test_todays_numbers_landlines_and_unknown_codes_are_not_renumbered(number: str) -> None:
    assert renumbered(number) is None


def test_an_eleven_digit_number_outside_the_table_is_still_refused() -> None:
    with pytest.raises(PhoneNumberError):
        normalize_phone("0130 567 8945")


def test_an_old_number_is_shown_as_it_was_written() -> None:
    assert format_old_national("01695678945") == "0169 567 8945"
