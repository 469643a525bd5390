"""`hotline check` on where things are kept: the database's schema, Redis and its workers, the recordings' disk."""

from __future__ import annotations

from pathlib import Path

from alembic.script import ScriptDirectory
from redis import Redis
from rq import Worker
from sqlalchemy import text

from hotline import migrations
from hotline.infra.db import make_database
from hotline.infra.embedded_redis import EmbeddedRedis
from tests.doctor.conftest import Installation


def _head() -> str:
    head = ScriptDirectory(str(migrations.MIGRATIONS_DIR)).get_current_head()
    assert head is not None
    return head


def test_database_not_migrated_or_at_another_revision(ready: Installation) -> None:
    head = _head()
    assert ready.check("--only", "database").exit_code == 0
    with ready.app.extensions["db"].engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '0000'"))
    result = ready.check("--only", "database")
    assert result.exit_code == 1
    assert ready.problems(result) == ["✗ Database: The database's schema is at revision 0000, this release needs "
                                      f"{head}: run `hotline db upgrade`"]
    with ready.app.extensions["db"].engine.begin() as conn:
        conn.execute(text("DELETE FROM alembic_version"))
    result = ready.check("--only", "database")
    assert result.exit_code == 1
    assert ready.problems(result) == ["✗ Database: The database has no hotline schema yet (no migration applied), "
                                      f"this release needs revision {head}: run `hotline db upgrade`"]


def test_database_that_does_not_answer(ready: Installation) -> None:
    ready.app.extensions["db"].engine.dispose()
    ready.app.extensions["db"] = make_database("sqlite:////nonexistent-dir/hotline.db")
    result = ready.check("--only", "database")
    assert result.exit_code == 1
    assert ready.problems(result) == ["✗ Database: The database does not answer: unable to open database file. "
                                      "Check DATABASE_URL and the database server"]


def test_redis_that_evicts_or_forgets_on_restart(ready: Installation) -> None:
    assert ready.check("--only", "queue").exit_code == 0
    ready.redis.config_set("maxmemory-policy", "allkeys-lru")
    result = ready.check("--only", "queue")
    assert result.exit_code == 1
    assert ready.problems(result) == [
        "✗ Queue (Redis) and workers: Redis has maxmemory-policy allkeys-lru: when memory runs out it throws "
        "queued jobs away. Set maxmemory-policy noeviction"]
    ready.redis.config_set("maxmemory-policy", "noeviction")
    ready.redis.config_set("appendonly", "no")
    result = ready.check("--only", "queue")
    assert result.exit_code == 1
    assert ready.problems(result) == [
        "✗ Queue (Redis) and workers: Redis keeps nothing on disk (appendonly no, save empty): a restart loses "
        "the queued jobs. Set appendonly yes"]
    ready.redis.config_set("save", "3600 1")
    assert ready.check("--only", "queue").exit_code == 0  # RDB snapshots are persistence too


def test_redis_whose_persistence_cannot_be_read(ready: Installation, tmp_path: Path) -> None:
    # A managed Redis often refuses CONFIG; with its AOF off, nothing confirms that it saves.
    with EmbeddedRedis(tmp_path / "redis", persist=False, extra_args=["--rename-command", "CONFIG", ""]) as server:
        locked = Redis.from_url(server.url)
        Worker(["transcription", "notification", "default"], connection=locked).register_birth()
        ready.app.extensions["redis"] = locked
        result = ready.check("--only", "queue")
        locked.close()
    assert result.exit_code == 1
    assert ready.problems(result) == [
        "✗ Queue (Redis) and workers: Redis refuses CONFIG and its AOF is off, so its saving to disk cannot be "
        "confirmed. Set appendonly yes"]


def test_redis_unset_or_not_answering(ready: Installation) -> None:
    ready.app.extensions["redis"] = None
    result = ready.check("--only", "queue")
    assert result.exit_code == 1
    assert ready.problems(result) == ["✗ Queue (Redis) and workers: REDIS_URL is not set: without a queue no SMS "
                                      "is sent and no recording is transcribed"]
    ready.app.extensions["redis"] = Redis(unix_socket_path="/nonexistent-dir/redis.sock")
    result = ready.check("--only", "queue")
    assert result.exit_code == 1
    [line] = ready.problems(result)
    assert line.startswith("✗ Queue (Redis) and workers: Redis does not answer: Error ")
    assert line.endswith("/nonexistent-dir/redis.sock. No such file or directory. Check REDIS_URL and the Redis "
                         "server")


def test_no_live_worker_or_none_on_a_queue(ready: Installation) -> None:
    ready.worker.register_death()
    result = ready.check("--only", "queue")
    assert result.exit_code == 1
    assert ready.problems(result) == ["✗ Queue (Redis) and workers: No worker is running: start `hotline worker`"]
    texts_only = Worker(["notification"], connection=ready.redis)
    texts_only.register_birth()
    result = ready.check("--only", "queue")
    texts_only.register_death()
    assert result.exit_code == 1
    assert ready.problems(result) == ["✗ Queue (Redis) and workers: No worker takes jobs from the queue(s) "
                                      "transcription, default: start `hotline worker` on them"]


def test_a_worker_whose_heartbeat_stopped_is_not_live(ready: Installation) -> None:
    # A worker killed without saying so leaves its name registered until its key expires.
    ready.redis.delete(ready.worker.key)
    result = ready.check("--only", "queue")
    assert result.exit_code == 1
    assert ready.problems(result) == ["✗ Queue (Redis) and workers: No worker is running: start `hotline worker`"]


def test_disk_with_less_free_space_than_the_threshold(ready: Installation, tmp_path: Path) -> None:
    assert ready.check("--only", "disk").exit_code == 0
    ready.app.config["RECORDINGS_MIN_FREE_MB"] = str(2**40)  # an exabyte: more than any test machine has
    result = ready.check("--only", "disk")
    assert result.exit_code == 1
    [line] = ready.problems(result)
    assert line.startswith("✗ Disk space for recordings: Only ")
    assert line.endswith(f"MB are free for recordings at {tmp_path / 'recordings'}; at least {2**40} MB are "
                         "needed: free some space or move RECORDINGS_DIR to another disk")
    ready.app.config["RECORDINGS_MIN_FREE_MB"] = "lots"
    result = ready.check("--only", "disk")
    assert result.exit_code == 1
    assert ready.problems(result) == ["✗ Disk space for recordings: RECORDINGS_MIN_FREE_MB lots is not a positive "
                                      "whole number"]
