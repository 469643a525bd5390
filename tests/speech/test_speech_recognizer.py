"""The real recogniser (Korean model) on synthetic speech: mechanics, not accuracy."""

from __future__ import annotations

import io
import logging
import wave

import pytest
import vosk

from hotline.speech.grammar import DIGITS_VI
from hotline.speech.grammar import EmptyGrammarError
from hotline.speech.grammar import known_words
from hotline.speech.grammar import recognise_short_answer
from hotline.speech.recognizer import AudioError
from hotline.speech.recognizer import decode
from hotline.speech.recognizer import read_wav

DIGITS_KO = {"일": "1", "이": "2", "삼": "3", "사": "4", "오": "5"}
YES_KO = {"네": "yes", "아니요": "no"}


def wav_bytes(pcm: bytes, rate: int, channels: int = 1, width: int = 2) -> bytes:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as wav:
        wav.setnchannels(channels)
        wav.setsampwidth(width)
        wav.setframerate(rate)
        wav.writeframes(pcm)
    return buffer.getvalue()


@pytest.mark.parametrize("rate", [8000, 16000])
def test_decodes_at_the_rate_the_header_declares(ko_model: vosk.Model, speech: dict[int, bytes],
                                                 rate: int) -> None:
    audio = read_wav(speech[rate])
    assert audio.sample_rate == rate
    transcript = decode(ko_model, audio)
    assert transcript.words, "the recogniser heard no word in clear synthetic speech"
    assert transcript.text == " ".join(w["word"] for w in transcript.words)
    for word in transcript.words:
        assert set(word) == {"word", "conf", "start", "end"}
        assert 0.0 <= word["conf"] <= 1.0
        assert 0.0 <= word["start"] < word["end"] <= audio.duration + 0.05
    assert transcript.confidence == pytest.approx(sum(w["conf"] for w in transcript.words) / len(transcript.words))
    assert transcript.decode_seconds > 0
    # Speech fills the second half of the sample too; a timeline that reaches there is the right one.
    assert transcript.words[-1]["end"] > audio.duration / 2


def test_a_wrong_rate_squeezes_the_timeline_without_any_error(ko_model: vosk.Model,
                                                               speech: dict[int, bytes]) -> None:
    audio = read_wav(speech[8000])
    wrong = decode(ko_model, audio, sample_rate=16000)
    # Told 16 kHz, Vosk reads 8 kHz audio as half as long and decodes it anyway: why the header is read.
    assert all(w["end"] <= audio.duration / 2 + 0.05 for w in wrong.words)
    assert wrong.text != decode(ko_model, audio).text


def test_silence_decodes_to_no_words(ko_model: vosk.Model) -> None:
    transcript = decode(ko_model, read_wav(wav_bytes(b"\x00\x00" * 8000, 8000)))
    assert transcript.text == ""
    assert transcript.words == []
    assert transcript.confidence is None


@pytest.mark.parametrize(("data", "reason"), [
    (b"", "empty audio"),
    (b"RIFF\x00\x00not really a wave file", "not a readable WAV"),
    (wav_bytes(b"", 8000), "no samples"),
    (wav_bytes(b"\x00\x00\x00\x00" * 100, 8000, channels=2), "2 channel(s)"),
    (wav_bytes(b"\x80" * 100, 8000, width=1), "8-bit"),
    (wav_bytes(b"\x00\x00" * 100, 4000), "sample rate 4000"),
])
def test_unusable_audio_is_refused_with_its_reason(data: bytes, reason: str) -> None:
    with pytest.raises(AudioError, match=reason.replace("(", r"\(").replace(")", r"\)")):
        read_wav(data)


def test_grammar_keeps_only_words_the_model_knows(ko_model: vosk.Model,
                                                  caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING):
        kept = known_words(ko_model, ["일", "xyzzy", "이", "một"])
    assert kept == ["일", "이"]
    assert "xyzzy" in caplog.text and "một" in caplog.text


def test_short_answer_maps_heard_words_to_their_meaning(ko_model: vosk.Model,
                                                        speech: dict[int, bytes]) -> None:
    vocabulary = {**DIGITS_KO, **YES_KO, "xyzzy": "never"}
    answer = recognise_short_answer(ko_model, read_wav(speech[8000]), vocabulary)
    assert answer.values, "a grammar of the spoken words heard none of them"
    assert set(answer.values) <= set(vocabulary.values()) - {"never"}
    assert all(word in vocabulary for word in answer.heard.split())


def test_a_grammar_with_no_known_word_is_an_error_not_silence(ko_model: vosk.Model,
                                                              speech: dict[int, bytes]) -> None:
    with pytest.raises(EmptyGrammarError):
        recognise_short_answer(ko_model, read_wav(speech[8000]), DIGITS_VI)
