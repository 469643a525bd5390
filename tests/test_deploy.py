"""deploy/: the units, the nginx site and the Redis settings pass the real tools; gunicorn's access lines
carry the request id and no query string; the settings file and the site agree with the app."""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from hotline.infra.settings import ENV_SETTINGS
from hotline.infra.settings import PROJECT_ROOT
from hotline.infra.settings import REQUIRED_IN_PRODUCTION
from tests.tools import require_tool

DEPLOY = PROJECT_ROOT / "deploy"
INSTALLED_AT = "/opt/hotline/src/"
# Names the settings file gives that the app's settings table does not hold: the app factory reads
# HOTLINE_INSTANCE_PATH, gunicorn WEB_CONCURRENCY. The other three are the settings of the web-hardening
# (TRUSTED_PROXY_COUNT, MAX_CONTENT_LENGTH) and recordings (RECORDINGS_DIR) work, read once it lands.
READ_ELSEWHERE = {"HOTLINE_INSTANCE_PATH", "WEB_CONCURRENCY", "TRUSTED_PROXY_COUNT", "MAX_CONTENT_LENGTH",
                  "RECORDINGS_DIR"}


def run_check(deploy: Path, *checks: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["bash", str(deploy / "check"), *checks], capture_output=True, text=True, timeout=120)


def copy_of_deploy(tmp_path: Path) -> Path:
    return Path(shutil.copytree(DEPLOY, tmp_path / "deploy"))


def env_example() -> dict[str, str]:
    """The settings file as systemd's EnvironmentFile= reads it (KEY=value lines, # comment lines)."""
    settings = {}
    for line in (DEPLOY / "hotline.env.example").read_text().splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        key, _, value = line.partition("=")
        assert re.fullmatch(r"[A-Z][A-Z0-9_]*", key), f"not a KEY=value line: {line!r}"
        assert "#" not in value, f"systemd would read this comment as part of the value: {line!r}"
        settings[key] = value
    return settings


def test_the_units_pass_systemd_analyze_verify_and_its_security_review() -> None:
    require_tool("systemd-analyze", "systemd")
    result = run_check(DEPLOY, "units")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "hotline-web.service" in result.stdout and "hotline-worker@1.service" in result.stdout


def test_the_check_refuses_a_unit_with_a_mistake(tmp_path: Path) -> None:
    require_tool("systemd-analyze", "systemd")
    deploy = copy_of_deploy(tmp_path)
    unit = deploy / "systemd" / "hotline-web.service"
    unit.write_text(unit.read_text().replace("PrivateTmp=yes", "PrivateTemp=yes"))
    result = run_check(deploy, "units")
    assert result.returncode == 1
    assert "Unknown key 'PrivateTemp'" in result.stderr


def test_the_check_refuses_a_unit_that_drops_its_hardening(tmp_path: Path) -> None:
    require_tool("systemd-analyze", "systemd")
    deploy = copy_of_deploy(tmp_path)
    unit = deploy / "systemd" / "hotline-worker@.service"
    hardening = ("NoNewPrivileges=", "ProtectSystem=", "PrivateDevices=", "CapabilityBoundingSet=",
                 "SystemCallFilter=", "RestrictAddressFamilies=", "ProtectKernel")
    unit.write_text("".join(line for line in unit.read_text().splitlines(keepends=True)
                            if not line.startswith(hardening)))
    result = run_check(deploy, "units")
    assert result.returncode == 1
    assert "hotline-worker@1.service is exposed beyond 25" in result.stderr


def test_the_nginx_site_passes_nginx_t() -> None:
    require_tool("nginx")
    require_tool("openssl")
    result = run_check(DEPLOY, "nginx")
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_check_refuses_a_site_nginx_would_not_load(tmp_path: Path) -> None:
    require_tool("nginx")
    require_tool("openssl")
    deploy = copy_of_deploy(tmp_path)
    site = deploy / "nginx" / "hotline.conf"
    site.write_text(site.read_text().replace("proxy_read_timeout 15s;", "proxy_read_timout 15s;"))
    result = run_check(deploy, "nginx")
    assert result.returncode == 1
    assert 'unknown directive "proxy_read_timout"' in result.stderr


def test_the_redis_settings_give_an_append_only_file_and_no_eviction(tmp_path: Path) -> None:
    require_tool("redis-server")
    require_tool("redis-cli", "redis-tools")
    assert run_check(DEPLOY, "redis").returncode == 0
    deploy = copy_of_deploy(tmp_path)
    conf = deploy / "redis" / "hotline.conf"
    conf.write_text(conf.read_text().replace("maxmemory-policy noeviction", "maxmemory-policy allkeys-lru"))
    result = run_check(deploy, "redis")
    assert result.returncode == 1
    assert "maxmemory-policy allkeys-lru, not noeviction" in result.stderr


def test_the_units_start_files_that_the_project_ships() -> None:
    named = set()
    for unit in (DEPLOY / "systemd").iterdir():
        named |= set(re.findall(re.escape(INSTALLED_AT) + r"(\S+)", unit.read_text()))
    assert {"deploy/gunicorn.conf.py", "deploy/backup", "docs/go-live.md"} <= named
    assert [path for path in named if not (PROJECT_ROOT / path).is_file()] == []


def test_the_settings_file_has_what_production_requires_and_only_names_something_reads() -> None:
    settings = env_example()
    assert settings["HOTLINE_ENV"] == "production"
    assert set(REQUIRED_IN_PRODUCTION) <= settings.keys()
    unread = [key for key in settings if not {key, key.removeprefix("HOTLINE_")} & ENV_SETTINGS.keys()
              and key not in READ_ELSEWHERE]
    assert unread == []


def test_the_settings_file_reads_the_same_in_a_shell_as_in_systemd() -> None:
    """docs/go-live.md sources it in a shell for `hotline` commands run by hand and for deploy/restore."""
    shell = subprocess.run(["sh", "-c", 'set -a && . "$0" && set +a && env -0', str(DEPLOY / "hotline.env.example")],
                           env={}, capture_output=True, text=True, check=True)
    exported = dict(item.split("=", 1) for item in shell.stdout.split("\0") if item)
    assert {key: exported.get(key) for key in env_example()} == env_example()


def test_nginx_refuses_what_the_app_would_refuse_and_no_less() -> None:
    site = (DEPLOY / "nginx" / "hotline.conf").read_text()
    [megabytes] = re.findall(r"^\s*client_max_body_size (\d+)m;", site, re.MULTILINE)
    assert int(megabytes) * 1024 * 1024 == int(env_example()["MAX_CONTENT_LENGTH"])


def test_the_site_sends_the_headers_the_app_trusts_and_logs_no_query_string() -> None:
    site = (DEPLOY / "nginx" / "hotline.conf").read_text()
    for header in ("X-Forwarded-For $remote_addr", "X-Forwarded-Proto $scheme", "X-Forwarded-Host $host",
                   "X-Request-Id $request_id"):
        assert f"proxy_set_header {header};" in site
    log_format = re.search(r"log_format hotline_private (.*?);", site, re.DOTALL)
    assert log_format is not None
    assert "$request_id" in log_format.group(1)
    assert not re.search(r"\$(request|request_uri|args|query_string|arg_\w+|http_referer)\b", log_format.group(1))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def get(url: str, headers: dict[str, str]) -> str:
    """GET without following redirects; return the response's X-Request-Id."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args: object, **kwargs: object) -> None:
            return None

    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(urllib.request.Request(url, headers=headers), timeout=10) as response:
            return str(response.headers["X-Request-Id"])
    except urllib.error.HTTPError as answer:
        return str(answer.headers["X-Request-Id"])


@pytest.mark.slow
def test_gunicorn_logs_each_request_with_its_id_and_without_its_query_string(tmp_path: Path, redis_url: str) -> None:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HOTLINE_", "TWILIO_"))}
    env.update(DATABASE_URL=f"sqlite:///{tmp_path / 'web.db'}", REDIS_URL=redis_url,
               HOTLINE_INSTANCE_PATH=str(tmp_path), WEB_CONCURRENCY="1")
    gunicorn = Path(sys.executable).parent / "gunicorn"
    server = subprocess.Popen([str(gunicorn), "--config", str(DEPLOY / "gunicorn.conf.py"),
                               "--bind", f"127.0.0.1:{port}", "hotline.wsgi:app"],
                              env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                given = get(f"http://127.0.0.1:{port}/owners?q=0912345678",
                            {"X-Request-Id": "5f2b9c0e8a7d4e1f9b3c6a2d8e0f1a4b"})
                break
            except OSError:
                assert time.monotonic() < deadline, "gunicorn did not answer within 30 s"
                time.sleep(0.2)
        made = get(f"http://127.0.0.1:{port}/healthz?from=%2B84912345678", {})
    finally:
        server.send_signal(signal.SIGTERM)
        output = server.communicate(timeout=30)[0]
    access = [line for line in output.splitlines() if line.startswith("access ")]
    assert given == "5f2b9c0e8a7d4e1f9b3c6a2d8e0f1a4b"
    assert re.fullmatch(r"access \[5f2b9c0e8a7d4e1f9b3c6a2d8e0f1a4b\] GET /owners 302 \d+ \d+ms", access[0])
    assert re.fullmatch(rf"access \[{made}\] GET /healthz 200 \d+ \d+ms", access[1])
    assert "0912345678" not in output and "84912345678" not in output
