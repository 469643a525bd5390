"""A centre goes live by the production path alone: migrate, sync the catalogue, make the admin, take a call."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine
from sqlalchemy import text

from hotline.cli.seed import DEMO_OWNERS
from hotline.services.accounts import verify_password
from tests.test_run_command import BIN
from tests.test_run_command import _free_port
from tests.test_run_command import _health
from tests.test_run_command import _silence

ADMIN_PASSWORD = "Mật khẩu quản trị, gõ một lần"


def _hotline(env: dict[str, str], cwd: Path, *args: str, stdin: str | None = None) -> str:
    done = subprocess.run([str(BIN / "hotline"), *args], env=env, cwd=cwd, input=stdin, capture_output=True,
                          text=True, encoding="utf-8", timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout + done.stderr


@pytest.mark.slow
def test_a_fresh_install_by_the_production_path_files_a_called_in_dossier(tmp_path: Path) -> None:
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    database = f"sqlite:///{tmp_path / 'live.db'}"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("REDIS_URL", "HOTLINE_", "TWILIO_"))}
    env.update(DATABASE_URL=database, HOTLINE_INSTANCE_PATH=str(tmp_path / "instance"), PYTHONIOENCODING="utf-8")
    env.pop("PUBLIC_BASE_URL", None)
    said = [_hotline(env, tmp_path, "db", "upgrade")]
    said.append(_hotline(env, tmp_path, "catalogue", "sync"))
    assert "added     key 2  cap-lai-giay-phep-khai-thac" in said[-1] and "unchanged 0" in said[-1]
    said.append(_hotline(env, tmp_path, "user", "add", "--username", "admin", "--role", "admin", "--password-stdin",
                         stdin=ADMIN_PASSWORD + "\n"))
    server = subprocess.Popen([str(BIN / "hotline"), "run", "--no-worker", "--port", str(port), "--workers", "1"],
                              env=env, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        _health(url, time.monotonic() + 60)
        call = _hotline(env, tmp_path, "call", "--url", url, "--from", "0905111222", "--keys", "1 2 90123# 1",
                        "--audio", str(_silence(tmp_path)), "--linger", "0")
    finally:
        server.send_signal(signal.SIGTERM)
        said.append(server.communicate(timeout=30)[0])
    said.append(call)
    assert "Cấp lại giấy phép khai thác thủy sản, bấm 2" in call

    engine = create_engine(database)
    with engine.connect() as conn:
        filed = conn.execute(text("SELECT p.code, p.keypad_key, d.vessel_number FROM dossier d "
                                  "JOIN procedure p ON p.id = d.procedure_id")).all()
        users = conn.execute(text("SELECT username, role, password_hash FROM app_user")).all()
        owners = set(conn.execute(text("SELECT full_name FROM owner")).scalars())
    engine.dispose()
    assert [tuple(row) for row in filed] == [("cap-lai-giay-phep-khai-thac", 2, "QNg-90123-TS")]
    assert [(name, role) for name, role, _hash in users] == [("admin", "admin")]
    assert verify_password(users[0][2], ADMIN_PASSWORD)
    assert not owners & {owner[0] for owner in DEMO_OWNERS}
    assert not (tmp_path / "instance" / "demo-passwords.toml").exists()
    assert all(ADMIN_PASSWORD not in output for output in said)
