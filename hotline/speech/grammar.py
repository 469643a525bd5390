"""Short answers (digits, yes/no) recognised with a Vosk grammar limited to the model's own words."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass

import vosk

from hotline.speech.recognizer import Audio
from hotline.speech.recognizer import decode

log = logging.getLogger(__name__)

# Spoken words and what they mean, as the Vietnamese Vosk models spell them (lower case syllables).
DIGITS_VI: dict[str, str] = {
    "không": "0", "một": "1", "hai": "2", "ba": "3", "bốn": "4", "tư": "4", "năm": "5",
    "sáu": "6", "bảy": "7", "tám": "8", "chín": "9",
}
YES_NO_VI: dict[str, str] = {
    "có": "yes", "vâng": "yes", "dạ": "yes", "đúng": "yes", "phải": "yes", "không": "no", "sai": "no",
}


UNKNOWN = "[unk]"


class EmptyGrammarError(ValueError):
    """None of the answer's words is in the model's vocabulary, so the grammar could only hear nothing."""


@dataclass(frozen=True)
class ShortAnswer:
    values: list[str]
    heard: str
    confidence: float | None


def known_words(model: vosk.Model, words: list[str]) -> list[str]:
    """Keep the words the model knows; Vosk would drop the others with only a log line."""
    kept = [word for word in words if model.vosk_model_find_word(word) >= 0]
    dropped = sorted(set(words) - set(kept))
    if dropped:
        log.warning("grammar words not in the model's vocabulary, left out: %s", ", ".join(dropped))
    return kept


def recognise_short_answer(model: vosk.Model, audio: Audio, vocabulary: Mapping[str, str]) -> ShortAnswer:
    """Decode with a grammar of `vocabulary`'s words and map each heard word to its meaning."""
    words = known_words(model, list(vocabulary))
    if not words:
        raise EmptyGrammarError(f"no word of {sorted(vocabulary)} is in the model's vocabulary")
    # "[unk]" lets other speech be heard as unknown instead of being forced onto an answer word.
    words += known_words(model, [UNKNOWN])
    transcript = decode(model, audio, grammar=words)
    heard = [w["word"] for w in transcript.words if w["word"] in vocabulary]
    return ShortAnswer(values=[vocabulary[word] for word in heard], heard=transcript.text,
                       confidence=transcript.confidence)
