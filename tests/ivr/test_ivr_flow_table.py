"""The flow table is whole: handlers, targets, reachability and prompts in both languages."""

from __future__ import annotations

import string

from hotline.ivr.flow import FIRST_STEP
from hotline.ivr.flow import FLOW
from hotline.ivr.flow import OUT_OF_TRIES
from hotline.ivr.flow import PERSON_KEY
from hotline.ivr.flow import PERSON_STEP
from hotline.ivr.flow import REPEAT_KEY
from hotline.ivr.flow import SHARED_PROMPTS
from hotline.ivr.flow import Input
from hotline.ivr.prompts import PROMPTS


def test_every_step_is_said_by_a_function_of_the_call_flow() -> None:
    for name, step in FLOW.items():
        assert callable(step.says) and step.says.__module__.startswith("hotline.ivr."), name
        assert step.judge is None or callable(step.judge), name


def test_steps_with_free_input_have_a_judge_and_menus_have_keys_or_a_judge() -> None:
    for name, step in FLOW.items():
        if step.input in (Input.DIGITS, Input.RECORDING):
            assert step.judge is not None, name
        if step.input is Input.KEY:
            assert step.keys or step.judge is not None, name
        if step.input is Input.NONE:
            assert step.judge is None and not step.keys, name


def test_every_target_exists() -> None:
    for name, step in FLOW.items():
        assert step.targets() <= set(FLOW), name
        assert all(len(key) == 1 and key in string.digits + "*#" for key in step.keys), name


def test_every_step_is_reachable_from_the_first() -> None:
    seen = {FIRST_STEP, OUT_OF_TRIES}
    frontier = [FIRST_STEP, OUT_OF_TRIES]
    while frontier:
        for target in FLOW[frontier.pop()].targets() - seen:
            seen.add(target)
            frontier.append(target)
    assert seen == set(FLOW)


def test_every_prompt_exists_in_both_languages_with_the_same_blanks() -> None:
    used = {p for step in FLOW.values() for p in step.prompts} | set(SHARED_PROMPTS)
    assert used <= set(PROMPTS)
    assert set(PROMPTS) <= used
    formatter = string.Formatter()
    for prompt_id, texts in PROMPTS.items():
        assert set(texts) == {"vi", "en"}, prompt_id
        blanks = [{f for _, f, _, _ in formatter.parse(texts[lang]) if f} for lang in ("vi", "en")]
        assert blanks[0] == blanks[1], prompt_id


def test_the_main_menu_speaks_every_key_it_offers_in_both_languages() -> None:
    for lang in ("vi", "en"):
        # The offer of the other language is said by that language's voice, in its words.
        text = PROMPTS["main_menu"][lang] + PROMPTS["language_offer"]["en" if lang == "vi" else "vi"]
        for key in [*FLOW["main_menu"].keys, PERSON_KEY]:
            assert f"bấm {key}." in text or f"press {key}." in text, (lang, key)


def test_no_step_gives_the_repeat_or_the_person_key_a_meaning_of_its_own() -> None:
    for name, step in FLOW.items():
        assert not {REPEAT_KEY, PERSON_KEY} & set(step.keys), name
        if step.asks:
            assert PERSON_STEP in step.targets(), name
