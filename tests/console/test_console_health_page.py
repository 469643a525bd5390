"""The admins' health page: what /healthz keeps to itself, every part of `hotline check`, Vietnamese first."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient

from hotline.models import Role


def test_admins_see_each_part_with_its_problems_and_details(app: Flask, signed_in: Callable[[Role], FlaskClient],
                                                            tmp_path: Path) -> None:
    app.config["RECORDINGS_DIR"] = str(tmp_path / "recordings")
    page = signed_in(Role.ADMIN).get("/admin/health").get_data(as_text=True)
    # The test app has no speech model and a short secret key: problems, said in Vietnamese.
    assert "Chưa cài mô hình nhận dạng giọng nói" in page
    assert "SECRET_KEY chỉ có 11 ký tự, cần ít nhất 32" in page
    # Details /healthz never shows: where recordings go and how much room is left, the catalogue's keys.
    assert f"{tmp_path / 'recordings'}: còn trống" in page
    assert "6 thủ tục trên các phím 1 2 3 4 5 6" in page
    assert 'id="part-clock"' in page and 'id="part-speech"' in page


def test_the_page_never_loads_the_speech_model(app: Flask, signed_in: Callable[[Role], FlaskClient],
                                               tmp_path: Path) -> None:
    # Shaped like a model but unloadable: the page, which does not load it, reports it present.
    (tmp_path / "model" / "am").mkdir(parents=True)
    (tmp_path / "model" / "conf").mkdir()
    app.config["VOSK_MODEL_PATH"] = str(tmp_path / "model")
    page = signed_in(Role.ADMIN).get("/admin/health").get_data(as_text=True)
    assert f"{tmp_path / 'model'} (trang này không nạp thử mô hình" in page


def test_the_users_page_links_to_it(signed_in: Callable[[Role], FlaskClient]) -> None:
    assert 'href="/admin/health"' in signed_in(Role.ADMIN).get("/admin/users").get_data(as_text=True)
