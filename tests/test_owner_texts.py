"""Texts to owners: every one in both languages with the same blanks."""

from __future__ import annotations

import string

from hotline.services.owner_texts import DUE_LATER
from hotline.services.owner_texts import FAILURE_REASON_WORDS
from hotline.services.owner_texts import STATUS_TEXTS
from hotline.services.owner_texts import TEXTS

LANGS = ("vi", "en")


def blanks(text: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(text) if field}


def test_every_text_exists_in_both_languages_with_the_same_blanks() -> None:
    for text_id, texts in TEXTS.items():
        assert set(texts) == set(LANGS), text_id
        assert blanks(texts["vi"]) == blanks(texts["en"]), text_id
    for table in (FAILURE_REASON_WORDS, {"due_later": DUE_LATER}):
        for key, words in table.items():
            assert set(words) == set(LANGS) and all(words.values()), key


def test_every_status_that_texts_the_owner_has_its_text() -> None:
    assert set(STATUS_TEXTS.values()) <= set(TEXTS)
    assert {text_id for text_id in TEXTS if text_id.startswith("status_")} == set(STATUS_TEXTS.values())

