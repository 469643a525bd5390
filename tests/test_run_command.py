"""`hotline run` as the README's run command uses it: web app, worker and a private Redis."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from sqlalchemy import create_engine
from sqlalchemy import text

BIN = Path(sys.executable).parent


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _health(url: str, deadline: float) -> dict[str, dict[str, object]]:
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=2) as response:
                body: dict[str, dict[str, object]] = json.load(response)
                if body["queue"]["ok"]:
                    return body
        except OSError:
            pass
        time.sleep(0.5)
    raise AssertionError("/healthz did not come up within a minute")


@pytest.mark.slow
def test_run_serves_health_within_a_minute_and_takes_a_call(tmp_path: Path) -> None:
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("REDIS_URL", "HOTLINE_", "TWILIO_"))}
    env.update(DATABASE_URL=f"sqlite:///{tmp_path / 'run.db'}", HOTLINE_INSTANCE_PATH=str(tmp_path))
    env.pop("PUBLIC_BASE_URL", None)
    subprocess.run([str(BIN / "hotline"), "db", "upgrade"], env=env, check=True, capture_output=True)
    subprocess.run([str(BIN / "hotline"), "seed-demo"], env=env, check=True, capture_output=True)
    server = subprocess.Popen([str(BIN / "hotline"), "run", "--port", str(port), "--workers", "1"], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        body = _health(url, time.monotonic() + 60)
        assert body["database"]["ok"] is True
        call = subprocess.run([str(BIN / "hotline"), "call", "--url", url, "--from", "0912345678",
                               "--keys", "1 2 90123# 1 1", "--audio", str(_silence(tmp_path)), "--linger", "0"],
                              env=env, capture_output=True, text=True, timeout=120)
        assert call.returncode == 0, call.stdout + call.stderr
        assert "Nguyễn Văn An" in call.stdout
        assert _receipt_sent_by_worker(tmp_path, time.monotonic() + 30)
    finally:
        server.send_signal(signal.SIGTERM)
        output = server.communicate(timeout=30)[0]
    assert "/login" in output and "hotline call" in output
    assert not (tmp_path / "redis" / "redis.sock").exists() or _redis_stopped(tmp_path)
    engine = create_engine(f"sqlite:///{tmp_path / 'run.db'}")
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM dossier")).scalar_one() == 1
    engine.dispose()


def _receipt_sent_by_worker(tmp_path: Path, deadline: float) -> bool:
    """The worker ran the SMS job: without Twilio settings it records the message as sent locally."""
    engine = create_engine(f"sqlite:///{tmp_path / 'run.db'}")
    query = text("SELECT state FROM outgoing_message WHERE purpose = 'receipt'")
    try:
        while time.monotonic() < deadline:
            with engine.connect() as conn:
                if conn.execute(query).scalar() == "recorded":
                    return True
            time.sleep(0.5)
        return False
    finally:
        engine.dispose()


def _silence(tmp_path: Path) -> Path:
    import wave

    path = tmp_path / "note.wav"
    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(8000)
        wav.writeframes(b"\0\0" * 8000)
    return path


def _redis_stopped(tmp_path: Path) -> bool:
    sock = socket.socket(socket.AF_UNIX)
    try:
        sock.connect(str(tmp_path / "redis" / "redis.sock"))
    except OSError:
        return True
    finally:
        sock.close()
    return False
