import stat
from pathlib import Path

from redis import Redis

from hotline.infra.embedded_redis import EmbeddedRedis
from hotline.infra.embedded_redis import running_url


def test_private_redis_starts_serves_and_stops(tmp_path: Path) -> None:
    server = EmbeddedRedis(tmp_path, persist=True).start()
    conn = Redis.from_url(server.url)
    conn.set("k", "v")
    assert conn.get("k") == b"v"
    assert conn.config_get("maxmemory-policy")["maxmemory-policy"] == "noeviction"
    server.stop()
    assert server.process is not None and server.process.poll() is not None


def test_a_running_private_redis_says_where_it_listens_to_this_user_only(tmp_path: Path) -> None:
    server = EmbeddedRedis(tmp_path, persist=False).start()
    try:
        assert server.url_file.read_text().strip() == server.url
        assert stat.S_IMODE(server.url_file.stat().st_mode) == 0o600
        assert running_url(tmp_path) == server.url
    finally:
        server.stop()
    assert not server.url_file.exists()
    assert running_url(tmp_path) is None


def test_a_url_file_pointing_at_no_server_finds_nothing(tmp_path: Path) -> None:
    (tmp_path / "url").write_text(f"unix://{tmp_path / 'gone.sock'}\n")
    assert running_url(tmp_path) is None
    (tmp_path / "url").write_text("not a url\n")
    assert running_url(tmp_path) is None
