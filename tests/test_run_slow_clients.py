"""`hotline run` keeps answering Twilio while junk uploads trickle in: a signed webhook within a second."""

from __future__ import annotations

import http.client
import os
import select
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest
from twilio.request_validator import RequestValidator

from hotline.infra.settings import DEV_TWILIO_AUTH_TOKEN

BIN = Path(sys.executable).parent
TWENTY_MB = 20 * 1024 * 1024
TRICKLE = b"x" * 1024  # every 0.1 s: a 64 KiB body takes 6.4 s to arrive
JUNK_SECONDS = 8.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass
class Junk:
    """A 20 MB post with a forged signature (so the server must read it to judge it), sent slowly;
    notes when the server answered it, and how."""

    port: int
    chunked: bool
    answered_after: float | None = None
    status_line: bytes = b""

    def send(self) -> None:
        length = "Transfer-Encoding: chunked" if self.chunked else f"Content-Length: {TWENTY_MB}"
        head = (f"POST /ivr/voice HTTP/1.1\r\nHost: 127.0.0.1:{self.port}\r\n"
                f"Content-Type: application/x-www-form-urlencoded\r\nX-Twilio-Signature: forged\r\n"
                f"{length}\r\n\r\n").encode()
        started = time.monotonic()
        with socket.create_connection(("127.0.0.1", self.port), timeout=JUNK_SECONDS) as sock:
            sock.sendall(head)
            while time.monotonic() - started < JUNK_SECONDS:
                if select.select([sock], [], [], 0.1)[0]:
                    self.answered_after = time.monotonic() - started
                    self.status_line = sock.recv(4096).split(b"\r\n", 1)[0]
                    return
                try:
                    sock.sendall(b"400\r\n" + TRICKLE + b"\r\n" if self.chunked else TRICKLE)
                except OSError:  # the server closed the connection: as good as an answer
                    self.answered_after = time.monotonic() - started
                    return


def signed_call(port: int, call_sid: str) -> tuple[int, bytes]:
    url = f"http://127.0.0.1:{port}/ivr/voice"
    fields = {"CallSid": call_sid, "From": "+84912345678", "To": "+842553822000", "CallStatus": "ringing"}
    signature = RequestValidator(DEV_TWILIO_AUTH_TOKEN).compute_signature(url, fields)
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
    try:
        conn.request("POST", "/ivr/voice", body=urllib.parse.urlencode(fields),
                     headers={"Content-Type": "application/x-www-form-urlencoded", "X-Twilio-Signature": signature})
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def wait_for_health(port: int, server: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and server.poll() is None:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    raise AssertionError("hotline run did not answer /healthz within a minute")


@pytest.mark.slow
def test_a_signed_webhook_is_answered_within_a_second_while_junk_uploads_trickle(tmp_path: Path) -> None:
    port = free_port()
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("REDIS_URL", "HOTLINE_", "TWILIO_", "PUBLIC_BASE_URL", "DATABASE_URL"))}
    env.update(DATABASE_URL=f"sqlite:///{tmp_path / 'run.db'}", HOTLINE_INSTANCE_PATH=str(tmp_path))
    subprocess.run([str(BIN / "hotline"), "db", "upgrade"], env=env, check=True, capture_output=True)
    server = subprocess.Popen([str(BIN / "hotline"), "run", "--no-worker", "--port", str(port), "--workers", "2"],
                              env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        wait_for_health(port, server)
        for n in range(4):  # both workers have opened the database and built their first reply
            assert signed_call(port, f"CA{n:032x}")[0] == 200
        junk = [Junk(port, chunked=False), Junk(port, chunked=False), Junk(port, chunked=True),
                Junk(port, chunked=True)]
        senders = [threading.Thread(target=j.send) for j in junk]
        for sender in senders:
            sender.start()
        time.sleep(0.5)  # the junk is in, and trickling
        started = time.monotonic()
        status, body = signed_call(port, "CA" + "f" * 32)
        answered_in = time.monotonic() - started
        for sender in senders:
            sender.join(JUNK_SECONDS + 5)
    finally:
        server.send_signal(signal.SIGTERM)
        server.communicate(timeout=30)
    assert status == 200 and body.startswith(b"<?xml")
    assert answered_in < 1.0, f"the signed webhook waited {answered_in:.1f} s behind the junk"
    for declared in junk[:2]:  # refused on its Content-Length, before the body is read
        assert declared.answered_after is not None and declared.answered_after < 1.0, declared
        assert b" 413 " in declared.status_line + b" ", declared
