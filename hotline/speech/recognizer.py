"""The Vosk recogniser: one model per process, WAV audio decoded at the rate its header declares."""

from __future__ import annotations

import io
import json
import time
import wave
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import vosk

# Frames fed to Vosk per call: small enough to keep memory flat, large enough to keep the overhead low.
CHUNK_FRAMES = 4000

_model: vosk.Model | None = None
_model_path: Path | None = None


class AudioError(ValueError):
    """The audio is empty, corrupt, or in a form the recogniser cannot take."""


@dataclass(frozen=True)
class Audio:
    """Mono 16-bit PCM and the sample rate its WAV header declared."""

    pcm: bytes
    sample_rate: int

    @property
    def duration(self) -> float:
        return len(self.pcm) / 2 / self.sample_rate


@dataclass(frozen=True)
class Transcript:
    text: str
    words: list[dict[str, Any]]
    confidence: float | None
    decode_seconds: float


def load_model(path: Path) -> vosk.Model:
    """Load a Vosk model (seconds and hundreds of MB: do it once per process)."""
    vosk.SetLogLevel(-1)
    return vosk.Model(str(path))


def preload_model(path: Path) -> vosk.Model:
    """Load the model and make it this process's model; forked job processes inherit it."""
    global _model, _model_path
    _model = load_model(path)
    _model_path = path
    return _model


def use_model(model: vosk.Model | None, path: Path | None = None) -> None:
    """Make an already loaded model (or none) this process's model."""
    global _model, _model_path
    _model, _model_path = model, path


def loaded_model() -> vosk.Model | None:
    """The model preloaded in this process, or None: jobs never load one themselves."""
    return _model


def read_wav(data: bytes) -> Audio:
    """Parse a WAV file; the rate comes from its header because Vosk silently mis-decodes a wrong one."""
    if not data:
        raise AudioError("empty audio: the file has no bytes")
    try:
        with wave.open(io.BytesIO(data)) as wav:
            channels, width, rate = wav.getnchannels(), wav.getsampwidth(), wav.getframerate()
            pcm = wav.readframes(wav.getnframes())
    except (wave.Error, EOFError) as exc:
        raise AudioError(f"not a readable WAV file: {exc}") from exc
    if channels != 1 or width != 2:
        raise AudioError(f"unsupported WAV format: {channels} channel(s), {8 * width}-bit; need mono 16-bit")
    if rate < 8000:
        raise AudioError(f"unsupported sample rate {rate} Hz; need at least 8000 Hz")
    if not pcm:
        raise AudioError("empty audio: the WAV file has no samples")
    return Audio(pcm=pcm, sample_rate=rate)


def _segment_words(result: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {"word": w["word"], "conf": float(w["conf"]), "start": float(w["start"]), "end": float(w["end"])}
        for w in result.get("result", [])
    ]


def decode(model: vosk.Model, audio: Audio, grammar: list[str] | None = None,
           sample_rate: int | None = None) -> Transcript:
    """Decode the audio with a fresh recogniser; `sample_rate` overrides the header (only to show why not)."""
    rate = sample_rate or audio.sample_rate
    started = time.perf_counter()
    if grammar is None:
        recognizer = vosk.KaldiRecognizer(model, rate)
    else:
        recognizer = vosk.KaldiRecognizer(model, rate, json.dumps(grammar, ensure_ascii=False))
    recognizer.SetWords(True)
    segments: list[dict[str, Any]] = []
    step = CHUNK_FRAMES * 2
    for offset in range(0, len(audio.pcm), step):
        # Vosk finishes a segment at each pause it detects; collect every one, not only the last.
        if recognizer.AcceptWaveform(audio.pcm[offset:offset + step]):
            segments.append(json.loads(recognizer.Result()))
    segments.append(json.loads(recognizer.FinalResult()))
    words = [word for segment in segments for word in _segment_words(segment)]
    text = " ".join(s["text"] for s in segments if s.get("text"))
    confidence = sum(w["conf"] for w in words) / len(words) if words else None
    return Transcript(text=text, words=words, confidence=confidence,
                      decode_seconds=time.perf_counter() - started)
