from pathlib import Path

from redis import Redis

from hotline.infra.embedded_redis import EmbeddedRedis


def test_private_redis_starts_serves_and_stops(tmp_path: Path) -> None:
    server = EmbeddedRedis(tmp_path, persist=True).start()
    conn = Redis.from_url(server.url)
    conn.set("k", "v")
    assert conn.get("k") == b"v"
    assert conn.config_get("maxmemory-policy")["maxmemory-policy"] == "noeviction"
    server.stop()
    assert server.process is not None and server.process.poll() is not None
