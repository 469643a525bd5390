"""One name for each code, wherever an owner or an operator meets it: the digits a caller keys are the
"mã tra cứu" (phone code), the national-form code is the "mã hồ sơ" (dossier code)."""

from __future__ import annotations

import re
from pathlib import Path

from flask import Flask

from hotline.console.receipt import receipt_lines
from hotline.domain.codes import group_digits
from hotline.infra.province import province
from hotline.ivr.prompts import PROMPTS
from hotline.services.catalogue import work_calendar
from hotline.services.owner_texts import TEXTS
from hotline.web.english import ENGLISH
from tests.factories import make_dossier
from tests.factories import make_owner
from tests.tools import open_session

PACKAGE = Path(__file__).resolve().parents[1] / "hotline"
CONFIG = PACKAGE.parent / "config"
# Names the short code went by before it had one.
RETIRED_NAMES = re.compile(r"mã gọi|ma goi|call code", re.IGNORECASE)
PHONE_CODE = {"vi": "mã tra cứu", "en": "phone code"}
DOSSIER_CODE = {"vi": "mã hồ sơ", "en": "dossier code"}


def texts_of_the_project() -> list[Path]:
    return [path for folder in (PACKAGE, CONFIG) for path in folder.rglob("*")
            if path.suffix in (".py", ".html", ".toml", ".txt", ".md")]


def test_no_text_calls_the_phone_code_by_a_retired_name() -> None:
    found = [f"{path.relative_to(PACKAGE.parent)}: {match.group(0)}" for path in texts_of_the_project()
             for match in RETIRED_NAMES.finditer(path.read_text(encoding="utf-8"))]
    assert found == []


def test_the_call_names_only_the_phone_code_and_names_it_mã_tra_cứu() -> None:
    """The caller keys and hears only the phone code: the call never says "mã hồ sơ", and every sentence
    that reads or asks for a code calls it the phone code."""
    asking = {"ask_phone_code"} | {pid for pid, texts in PROMPTS.items() if "{code}" in texts["vi"]}
    assert {"ask_phone_code", "read_receipt", "read_status"} <= asking
    for prompt_id, texts in PROMPTS.items():
        for lang, text in texts.items():
            assert DOSSIER_CODE[lang] not in text.lower(), (prompt_id, lang)
            if prompt_id in asking:
                sentence = next(s for s in re.split(r"(?<=\.) ", text) if "{code}" in s or "code" in s
                                or "mã" in s)
                assert PHONE_CODE[lang] in sentence.lower(), (prompt_id, lang)


def test_every_text_to_an_owner_names_the_phone_code_mã_tra_cứu_and_the_dossier_code_apart() -> None:
    for text_id, texts in TEXTS.items():
        for lang, text in texts.items():
            lowered = text.lower()
            for before in re.findall(r"(\w+ \w+ \w*) ?\(?\{phone_code\}", lowered):
                assert before.strip().endswith(PHONE_CODE[lang]), (text_id, lang, before)
            for before in re.findall(r"(\w+ \w+ \w*) ?\{code\}", lowered):
                assert not before.strip().endswith(PHONE_CODE[lang]), (text_id, lang, before)
    assert "mã tra cứu {phone_code}" in TEXTS["receipt"]["vi"] and "mã hồ sơ {code}" in TEXTS["receipt"]["vi"]


def test_the_receipt_labels_each_code_by_its_name(app: Flask) -> None:
    with open_session(app) as session, app.app_context():
        dossier = make_dossier(session, make_owner(session))
        lines = dict((value, label) for label, value in receipt_lines(dossier, province(), work_calendar()))
        assert lines[dossier.code] == "Mã hồ sơ"
        assert lines[" ".join(group_digits(dossier.phone_code))] == "Mã tra cứu"


def test_the_console_shows_the_phone_code_under_its_name() -> None:
    unlabelled = [f"{path.name}: {line.strip()}" for path in (PACKAGE / "console" / "templates").glob("*.html")
                  for line in path.read_text(encoding="utf-8").splitlines()
                  if "phone_code" in line and '_("Mã tra cứu")' not in line]
    assert unlabelled == []


def test_english_translates_each_name_by_its_one_english_name() -> None:
    for vietnamese, english in ENGLISH.items():
        for names in (PHONE_CODE, DOSSIER_CODE):
            if names["vi"] in vietnamese.lower():
                assert names["en"] in english.lower(), vietnamese
