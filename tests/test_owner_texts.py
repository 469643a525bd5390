"""Texts to owners: both languages with the same blanks, and what each costs as SMS at its longest."""

from __future__ import annotations

import string
import tomllib
from pathlib import Path

import pytest
from sqlalchemy import String

from hotline.models import Dossier
from hotline.services import owner_texts
from hotline.services.catalogue_file import MAX_FEE_VND
from hotline.services.owner_texts import DUE_LATER
from hotline.services.owner_texts import FAILURE_REASON_WORDS
from hotline.services.owner_texts import GSM_BASIC
from hotline.services.owner_texts import SCORE_LEVEL_WORDS
from hotline.services.owner_texts import STATUS_TEXTS
from hotline.services.owner_texts import TEXTS
from hotline.services.owner_texts import is_gsm7
from hotline.services.owner_texts import money
from hotline.services.owner_texts import owner_text
from hotline.services.owner_texts import plain
from hotline.services.owner_texts import receipt_text
from hotline.services.owner_texts import sms_segments
from hotline.services.privacy_notice import PRIVACY_PATHS

LANGS = ("vi", "en")
PROCEDURES = tomllib.loads((Path(__file__).resolve().parents[1] / "config" / "procedures.toml").read_text())
PROVINCE = tomllib.loads((Path(__file__).resolve().parents[1] / "config" / "province.toml").read_text())

# The most segments each text may take without diacritics, filled with the longest values it can get.
# English runs longer: where Vietnamese fits one segment and English needs two, the budgets say so.
BUDGETS: dict[str, dict[str, int]] = {
    "receipt": {"vi": 2, "en": 2},
    "receipt_charges": {"vi": 1, "en": 1},
    "status_awaiting_papers": {"vi": 1, "en": 1},
    "status_in_progress": {"vi": 1, "en": 1},
    "status_needs_supplement": {"vi": 1, "en": 1},
    "status_result_ready": {"vi": 1, "en": 1},
    "status_delivered": {"vi": 1, "en": 1},
    "status_returned": {"vi": 1, "en": 2},
    "status_rejected": {"vi": 1, "en": 1},
    "visit_pickup": {"vi": 2, "en": 2},
    "visit_delivery": {"vi": 1, "en": 2},
    "delivery_failed": {"vi": 2, "en": 2},
    "pickup_failed": {"vi": 2, "en": 2},
    "satisfaction_question": {"vi": 2, "en": 2},
    "reply_help": {"vi": 1, "en": 1},
    "reply_nothing_to_rate": {"vi": 1, "en": 1},
    "rating_thanks": {"vi": 1, "en": 1},
}


def blanks(text: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(text) if field}


def longest(words: list[str]) -> str:
    return max(words, key=len)


def column_length(name: str) -> int:
    column_type = Dossier.__table__.c[name].type
    assert isinstance(column_type, String) and column_type.length is not None
    return column_type.length


def worst_case(lang: str) -> dict[str, str]:
    """The longest value each blank can take: codes as long as their columns allow, the longest names."""
    code = "000.00.15.H48.0000.0000.0000-261201-0001"
    assert len(code) == column_length("code")
    day = "31/12/2026"
    return {
        "code": code,
        "phone_code": "9" * column_length("phone_code"),
        "tracking": "RR000000017VN",
        "date": day,
        "due": longest([day, DUE_LATER[lang]]),
        "procedure": longest([p[f"name_{lang}"] for p in PROCEDURES["procedure"]]),
        "reason": longest([words[lang] for words in FAILURE_REASON_WORDS.values()]),
        "level": longest([words[lang] for words in SCORE_LEVEL_WORDS.values()]),
        "total": money(MAX_FEE_VND + 2 * PROVINCE["dispatch"]["postage_vnd"], lang),
        # A long public address as privacy_link() gives it (without "https://").
        "privacy": "tongdai-tauca.dichvucong.quangngai.gov.vn" + PRIVACY_PATHS[lang],
    }


def over_budget() -> list[tuple[str, str, int]]:
    """Each text and language whose longest diacritic-free form takes more segments than its budget."""
    over = []
    for text_id, budgets in BUDGETS.items():
        for lang, budget in budgets.items():
            segments = sms_segments(plain(owner_text(text_id, lang, **worst_case(lang))))
            if segments > budget:
                over.append((text_id, lang, segments))
    return over


def test_gsm_fits_160_characters_in_one_segment_and_153_in_each_of_several() -> None:
    assert [sms_segments("a" * n) for n in (1, 160, 161, 306, 307)] == [1, 1, 2, 2, 3]


def test_ucs2_fits_70_characters_in_one_segment_and_67_in_each_of_several() -> None:
    assert [sms_segments("ơ" * n) for n in (1, 70, 71, 134, 135)] == [1, 1, 2, 2, 3]
    assert sms_segments("a" * 69 + "ơ") == 1 and sms_segments("a" * 70 + "ơ") == 2


def test_an_extension_character_counts_double() -> None:
    assert sms_segments("a" * 158 + "€") == 1
    assert sms_segments("a" * 159 + "€") == 2
    assert all(sms_segments("a" * 159 + ch) == 2 for ch in "^{}\\[~]|€")


def test_a_character_outside_both_alphabets_makes_the_whole_text_ucs2_counted_in_utf16_units() -> None:
    assert sms_segments("a" * 69 + "😀") == 2  # one emoji is two UTF-16 code units
    assert sms_segments("a" * 68 + "😀") == 1
    assert sms_segments("Đ" + "a" * 69) == 1 and sms_segments("Đ" + "a" * 70) == 2


def test_a_pair_never_straddles_two_segments() -> None:
    # 152 + the escape pair would need 154 in the first segment: the pair moves to the second.
    assert sms_segments("a" * 152 + "€" + "a" * 152) == 3
    assert sms_segments("a" * 151 + "€" + "a" * 153) == 2
    assert sms_segments("a" * 66 + "😀" + "a" * 66) == 3


def test_the_gsm_alphabet_is_the_whole_default_table() -> None:
    assert len(GSM_BASIC) == 127  # 128 code points, one of them the escape to the extension table
    assert is_gsm7("@£$¥èéùìòÇØøÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ¤¡ÄÖÑÜ§¿äöñüà")
    assert not any(is_gsm7(ch) for ch in "áêçđơư`")


def test_vietnamese_with_diacritics_is_ucs2_and_its_plain_form_is_gsm() -> None:
    text = "Hồ sơ đã được tiếp nhận, ngày hẹn trả kết quả sẽ báo sau qua tin nhắn."
    assert len(text) == 70 and not is_gsm7(text) and sms_segments(text) == 1 and sms_segments(text + ".") == 2
    assert plain(text) == "Ho so da duoc tiep nhan, ngay hen tra ket qua se bao sau qua tin nhan."
    assert is_gsm7(plain(text)) and sms_segments(plain(text + ".")) == 1


def test_every_text_exists_in_both_languages_with_the_same_blanks() -> None:
    for text_id, texts in TEXTS.items():
        assert set(texts) == set(LANGS), text_id
        assert blanks(texts["vi"]) == blanks(texts["en"]), text_id
    for table in (FAILURE_REASON_WORDS, SCORE_LEVEL_WORDS, {"due_later": DUE_LATER}):
        for key, words in table.items():
            assert set(words) == set(LANGS) and all(words.values()), key


def test_every_status_that_texts_the_owner_has_its_text() -> None:
    assert set(STATUS_TEXTS.values()) <= set(TEXTS)
    assert {text_id for text_id in TEXTS if text_id.startswith("status_")} == set(STATUS_TEXTS.values())


def test_the_question_and_the_help_name_the_levels_the_thanks_repeat() -> None:
    for lang in LANGS:
        question = TEXTS["satisfaction_question"][lang]
        assert all(f"{score} {words[lang]}," in question or f"{score} {words[lang]}." in question
                   for score, words in SCORE_LEVEL_WORDS.items()), lang
        help_text = TEXTS["reply_help"][lang]
        assert f"1 ({SCORE_LEVEL_WORDS[1][lang]})" in help_text and f"5 ({SCORE_LEVEL_WORDS[5][lang]})" in help_text


def test_every_text_has_a_budget_and_every_blank_a_worst_case() -> None:
    assert set(BUDGETS) == set(TEXTS) and all(set(budgets) == set(LANGS) for budgets in BUDGETS.values())
    for lang in LANGS:
        assert set().union(*(blanks(text[lang]) for text in TEXTS.values())) <= set(worst_case(lang))


def test_every_text_at_its_longest_fits_its_budget_without_diacritics() -> None:
    for text_id in TEXTS:
        for lang in LANGS:
            assert is_gsm7(plain(owner_text(text_id, lang, **worst_case(lang)))), (text_id, lang)
    assert over_budget() == []


def test_with_diacritics_the_receipt_with_its_link_and_its_charges_keeps_to_four_segments() -> None:
    """Sent with diacritics (the default), the longest receipt for a procedure of the catalogue took three
    segments with the privacy link; the amount the post collects adds one, with a public address of up to 33
    characters."""
    link = "tongdai.quangngai.gov.vn" + PRIVACY_PATHS["vi"]
    code = f"{PROVINCE['unit_code']}-261231-0001"
    for procedure in PROCEDURES["procedure"]:
        body = receipt_text("vi", procedure=procedure["name_vi"], code=code, phone_code="12345678",
                            date="31/12/2026", privacy=link, total_vnd=1_250_000)
        assert not is_gsm7(body) and sms_segments(body) <= 4, procedure["name_vi"]
    name = longest([procedure["name_vi"] for procedure in PROCEDURES["procedure"]])
    longer = receipt_text("vi", procedure=name, code=code, phone_code="12345678", date="31/12/2026",
                          privacy="x" * 30 + link, total_vnd=1_250_000)
    assert sms_segments(longer) == 5  # the check would see what a longer address costs


def test_the_receipt_without_diacritics_with_its_charges_at_their_longest_keeps_to_its_budget() -> None:
    """Two segments in Vietnamese; English, longer, takes a third only with the longest codes and address."""
    for lang, budget in (("vi", 2), ("en", 3)):
        values = {k: v for k, v in worst_case(lang).items() if k != "total"}
        body = receipt_text(lang, total_vnd=MAX_FEE_VND, **values)
        assert sms_segments(plain(body)) <= budget, lang


def test_money_in_texts_is_written_the_vietnamese_way_and_english_texts_stay_gsm() -> None:
    assert money(65000) == "65.000 đ"
    assert money(65000, "en") == "65.000 dong" and is_gsm7(money(1_250_000, "en"))


def test_the_budget_check_catches_a_text_grown_too_long(monkeypatch: pytest.MonkeyPatch) -> None:
    more = " Mọi thắc mắc về hồ sơ, xin gọi đường dây nóng của Trung tâm trong giờ hành chính."
    grown = {**TEXTS, "status_delivered": {**TEXTS["status_delivered"], "vi": TEXTS["status_delivered"]["vi"] + more}}
    monkeypatch.setattr(owner_texts, "TEXTS", grown)
    assert over_budget() == [("status_delivered", "vi", 2)]
