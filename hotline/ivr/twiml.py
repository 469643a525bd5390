"""Build TwiML with the twilio library: prompts as <Say> in the caller's language, or <Play>."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

from flask import current_app
from flask import url_for
from twilio.twiml.voice_response import Dial
from twilio.twiml.voice_response import Gather
from twilio.twiml.voice_response import VoiceResponse

from hotline.infra.province import province
from hotline.ivr.prompts import SAME_ON_EVERY_CALL
from hotline.ivr.prompts import prompt

AUDIO_EXTENSIONS = (".wav", ".mp3")
# Seconds of silence before a <Gather> or a <Record> gives up; a caller on a boat needs time.
KEY_TIMEOUT = 7
RECORD_TIMEOUT = 5
RECORD_MAX_SECONDS = 120


def prompt_dir() -> Path:
    return Path(current_app.config["CONFIG_DIR"]) / "prompts"


def recorded_prompt(prompt_id: str, lang: str) -> str | None:
    """The file name of a recorded prompt, if the centre recorded one (`<id>.wav`, `<id>.en.mp3`…)."""
    stem = prompt_id if lang == "vi" else f"{prompt_id}.{lang}"
    recorded = _prompt_files()
    for ext in AUDIO_EXTENSIONS:
        if f"{stem}{ext}" in recorded:
            return f"{stem}{ext}"
    return None


def _prompt_files() -> frozenset[str]:
    """The names in the prompts folder, listed again whenever the folder changes (a file added,
    removed or renamed): one stat per prompt spoken rather than one per file name tried."""
    folder = prompt_dir()
    try:
        stamp = (str(folder), os.stat(folder).st_mtime_ns)
    except OSError:
        return frozenset()
    listed: tuple[tuple[str, int], frozenset[str]] | None = current_app.extensions.get("prompt_files")
    # A folder changed within the last two seconds is listed every time: on a file system with a
    # coarse clock a second change in the same tick would leave the stamp as it was.
    if listed is None or listed[0] != stamp or time.time_ns() - stamp[1] < 2_000_000_000:
        with os.scandir(folder) as entries:
            listed = (stamp, frozenset(entry.name for entry in entries if entry.is_file()))
        current_app.extensions["prompt_files"] = listed
    return listed[1]


def voice_for(lang: str) -> tuple[str, str]:
    """The <Say> language and voice for `lang`, from the province's hotline settings."""
    hotline = province().hotline
    if lang == "vi":
        return hotline.language, hotline.voice
    return hotline.language_en, hotline.voice_en


class Reply:
    """The TwiML answer to one webhook, spoken in one language."""

    def __init__(self, lang: str = "vi") -> None:
        self.lang = lang
        self.response = VoiceResponse()

    def say(self, prompt_id: str, into: VoiceResponse | Gather | None = None, lang: str | None = None,
            **values: Any) -> None:
        """Speak a prompt: the recorded file when there is one and nothing call-specific to fill in, else <Say>.

        `lang` speaks it in another language than the call's, with that language's voice.
        """
        lang = lang or self.lang
        target = self.response if into is None else into
        audio = None if values.keys() - SAME_ON_EVERY_CALL else recorded_prompt(prompt_id, lang)
        if audio is not None:
            target.play(url_for("ivr.prompt_audio", filename=audio))
            return
        text = prompt(prompt_id, lang, **values).strip()
        if text:
            language, voice = voice_for(lang)
            target.say(text, language=language, voice=voice)

    def text(self, prompt_id: str, **values: Any) -> str:
        """A prompt's words, to speak inside another prompt."""
        return prompt(prompt_id, self.lang, **values)

    def gather(self, action: str, *, one_key: bool) -> Gather:
        """Wait for one key, or for keys ending in #; no answer posts an empty one to `action`."""
        options: dict[str, Any] = {"num_digits": 1} if one_key else {"finish_on_key": "#"}
        gather = Gather(action=action, method="POST", input="dtmf", timeout=KEY_TIMEOUT,
                        action_on_empty_result=True, **options)
        self.response.append(gather)
        return gather

    def record(self, action: str, callback: str) -> None:
        """Record a voice note ending on #, on silence or at the length limit."""
        self.response.record(action=action, method="POST", finish_on_key="#", timeout=RECORD_TIMEOUT,
                             max_length=RECORD_MAX_SECONDS, play_beep=True,
                             recording_status_callback=callback,
                             recording_status_callback_method="POST",
                             recording_status_callback_event="completed")

    def dial(self, numbers: list[str], caller_id: str | None) -> None:
        dial = Dial(caller_id=caller_id) if caller_id else Dial()
        for number in numbers:
            dial.number(number)
        self.response.append(dial)

    def enqueue(self, queue_name: str) -> None:
        self.response.enqueue(queue_name)

    def redirect(self, url: str) -> None:
        self.response.redirect(url, method="POST")

    def hangup(self) -> None:
        self.response.hangup()

    def xml(self) -> str:
        return str(self.response)
