"""`hotline call` names the recorded prompt it plays, by its id in the prompts module."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import requests
from flask import Flask

from hotline.cli.phone import Phone
from hotline.cli.phone import RecordingServer
from hotline.cli.phone import played_prompt
from tests.ivr.conftest import Caller

MakeCaller = Callable[..., Caller]


def test_played_prompt_names_the_prompt_and_its_language() -> None:
    assert played_prompt("/ivr/prompts/welcome.wav") == "prompt welcome"
    assert played_prompt("http://hotline.test/ivr/prompts/main_menu.en.mp3") == "prompt main_menu (en)"
    assert played_prompt("https://cdn.example/hold-music.mp3") == "https://cdn.example/hold-music.mp3"


@pytest.mark.usefixtures("recorded_welcome")
def test_the_phone_prints_the_prompt_id_of_a_recorded_prompt(app: Flask, caller: MakeCaller, tmp_path: Path) -> None:
    document = caller(from_number="+84987000111").dial()
    audio = tmp_path / "note.wav"
    audio.write_bytes(b"RIFF")
    recorder = RecordingServer(audio)
    printed: list[str] = []
    try:
        phone = Phone("http://hotline.test", "token", "+84987000111", [], recorder, echo=printed.append)
        for verb in document:
            phone.show(verb)
    finally:
        recorder.close()
    assert printed[0] == "  ☎  [plays prompt welcome]"
    assert printed[1].startswith("  ☎  Trong cuộc gọi, khi được hỏi, bấm phím sao để nghe lại")
    assert printed[2].startswith("  ☎  Để nộp hồ sơ mới, bấm 1.")


def test_the_phone_serves_its_recording_without_a_line_per_request(tmp_path: Path,
                                                                  capfd: pytest.CaptureFixture[str]) -> None:
    audio = tmp_path / "note.wav"
    audio.write_bytes(b"RIFF....WAVE")
    recorder = RecordingServer(audio)
    try:
        url = recorder.publish("RE0123")
        assert requests.get(url + ".wav", timeout=5).content == b"RIFF....WAVE"
    finally:
        recorder.close()
    assert capfd.readouterr().err == ""
