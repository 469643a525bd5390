"""A stand-in for Twilio's Messages and Recordings APIs on 127.0.0.1: the edge of the world, in Twilio's protocol.

It checks the account's basic auth and path as Twilio does, answers each POST from a script the test
sets (accept, 429, 500, a 400 refusal with Twilio's error code, or a hang-up) and keeps every request,
so a test counts exactly what reached Twilio: `deliveries()` counts each text by number and body.
It also holds recordings: their audio is served at their
URL (as Twilio serves media, without auth) until a DELETE of the recording removes them; every DELETE is
kept with its path and credentials, and answered from a script of its own or else 204 (404 for a
recording it does not hold).
"""

from __future__ import annotations

import base64
import itertools
import json
import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from dataclasses import field
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import parse_qs

from tests.tools import LocalHTTPServer


@dataclass(frozen=True)
class Answer:
    status: int
    code: int | None = None
    message: str = ""


ACCEPT = Answer(201)
RATE_LIMITED = Answer(429, 20429, "Too Many Requests")
# A 5xx from Twilio's edge need not be JSON.
SERVER_ERROR = Answer(500)
INVALID_NUMBER = Answer(400, 21211, "The 'To' number is not a valid phone number.")
NOT_MOBILE = Answer(400, 21614, "'To' number is not a valid mobile number")
# No answer at all: the connection is closed without a response.
HANG_UP = Answer(0)


@dataclass
class TwilioStandIn:
    account_sid: str
    auth_token: str
    base_url: str = ""
    # Answers for the next POSTs, in order; once used up every request is accepted.
    script: list[Answer] = field(default_factory=list)
    # Every POST's form, whatever it was answered.
    requests: list[dict[str, str]] = field(default_factory=list)
    # The messages accepted (answered 201).
    sent: list[dict[str, str]] = field(default_factory=list)
    # Recordings held, by sid: their WAV audio.
    recordings: dict[str, bytes] = field(default_factory=dict)
    # Every DELETE of a recording: its path and the "sid:token" of its basic auth.
    deletes: list[tuple[str, str]] = field(default_factory=list)
    # HTTP statuses for the next DELETEs, in order; once used up, Twilio's own answer.
    delete_script: list[int] = field(default_factory=list)

    def hold_recording(self, sid: str, audio: bytes) -> str:
        """Hold a recording as Twilio does after a call; return its RecordingUrl."""
        self.recordings[sid] = audio
        return f"{self.base_url}{self.recordings_path}{sid}"

    @property
    def recordings_path(self) -> str:
        return f"/2010-04-01/Accounts/{self.account_sid}/Recordings/"

    # Message SIDs, one per accepted message however many requests arrive at once.
    sids: Iterator[int] = field(default_factory=lambda: itertools.count(1))
    lock: threading.Lock = field(default_factory=threading.Lock)

    def deliveries(self) -> Counter[tuple[str, str]]:
        """How often each text was accepted, by (To, Body): every text the hotline sends names its subject
        (a receipt its dossier's code), so a count above one is a duplicate the owner received."""
        with self.lock:
            return Counter((form["To"], form["Body"]) for form in self.sent)

    def accept(self, form: dict[str, str]) -> str:
        """Keep an accepted message; return its SID."""
        with self.lock:
            self.sent.append(form)
            return f"SM{next(self.sids):032x}"

    def answer_next(self, *answers: Answer) -> None:
        self.script.extend(answers)

    def next_answer(self, form: dict[str, str]) -> Answer:
        if self.script:
            return self.script.pop(0)
        # Twilio refuses a number it cannot text; the hotline's owners all have Vietnamese mobiles.
        return ACCEPT if form.get("To", "").startswith("+84") else INVALID_NUMBER


def _handler(twilio: TwilioStandIn) -> type[BaseHTTPRequestHandler]:
    class Messages(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
            raw = parse_qs(self.rfile.read(int(self.headers["Content-Length"])).decode())
            form = {name: values[0] for name, values in raw.items()}
            auth = base64.b64decode(self.headers["Authorization"].split()[1]).decode()
            path = f"/2010-04-01/Accounts/{twilio.account_sid}/Messages.json"
            if auth != f"{twilio.account_sid}:{twilio.auth_token}" or self.path != path:
                return self.reply(401, {"code": 20003, "message": "Authenticate", "status": 401})
            twilio.requests.append(form)
            answer = twilio.next_answer(form)
            if answer is HANG_UP:
                self.close_connection = True
                return None
            if answer.status != 201:
                if answer.code is None:
                    return self.reply(answer.status, None)
                return self.reply(answer.status, {"code": answer.code, "message": answer.message,
                                                  "status": answer.status})
            return self.reply(201, {"sid": twilio.accept(form), "status": "queued", "to": form["To"],
                                    "from": form["From"], "body": form["Body"], "account_sid": twilio.account_sid})

        def do_GET(self) -> None:  # noqa: N802
            sid = self.path.removeprefix(twilio.recordings_path).removesuffix(".wav")
            audio = twilio.recordings.get(sid) if self.path.startswith(twilio.recordings_path) else None
            if audio is None:
                return self.reply(404, {"code": 20404, "message": "The requested resource was not found",
                                        "status": 404})
            self.send_response(200)
            self.send_header("Content-Type", "audio/x-wav")
            self.send_header("Content-Length", str(len(audio)))
            self.end_headers()
            self.wfile.write(audio)
            return None

        def do_DELETE(self) -> None:  # noqa: N802
            auth = base64.b64decode(self.headers["Authorization"].split()[1]).decode()
            sid = self.path.removeprefix(twilio.recordings_path).removesuffix(".json")
            if auth != f"{twilio.account_sid}:{twilio.auth_token}" or not self.path.startswith(twilio.recordings_path):
                return self.reply(401, {"code": 20003, "message": "Authenticate", "status": 401})
            twilio.deletes.append((self.path, auth))
            status = twilio.delete_script.pop(0) if twilio.delete_script else 204 if sid in twilio.recordings else 404
            if status == 204:
                twilio.recordings.pop(sid, None)
                self.send_response(204)
                self.end_headers()
                return None
            if status == 404:
                return self.reply(404, {"code": 20404, "message": "The requested resource was not found",
                                        "status": 404})
            return self.reply(status, None)

        def reply(self, status: int, payload: dict[str, Any] | None) -> None:
            data = json.dumps(payload).encode() if payload is not None else b"<html>Internal Server Error</html>"
            self.send_response(status)
            self.send_header("Content-Type", "application/json" if payload is not None else "text/html")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *_args: Any) -> None:
            return

    return Messages


@contextmanager
def serving_twilio(account_sid: str, auth_token: str) -> Iterator[TwilioStandIn]:
    """Run the stand-in for this account on a free port of 127.0.0.1 until the block ends."""
    twilio = TwilioStandIn(account_sid, auth_token)
    server = LocalHTTPServer(("127.0.0.1", 0), _handler(twilio))
    twilio.base_url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield twilio
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
