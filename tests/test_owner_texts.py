"""Texts to owners: every one in both languages with the same blanks."""

from __future__ import annotations

import string

from hotline.services.owner_texts import DUE_LATER
from hotline.services.owner_texts import FAILURE_REASON_WORDS
from hotline.services.owner_texts import SCORE_LEVEL_WORDS
from hotline.services.owner_texts import STATUS_TEXTS
from hotline.services.owner_texts import TEXTS

LANGS = ("vi", "en")


def blanks(text: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(text) if field}


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
