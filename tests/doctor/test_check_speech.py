"""`hotline check` on the speech model: installed, a Vosk model, and loadable by the worker."""

from __future__ import annotations

from pathlib import Path

from tests.doctor.conftest import Installation


def test_no_model_installed(ready: Installation) -> None:
    result = ready.check("--only", "speech")
    assert result.exit_code == 1
    assert ready.problems(result) == ["✗ Speech model: No speech model is installed: run `hotline model download "
                                      "vi-small` or set VOSK_MODEL_PATH"]


def test_a_model_path_that_is_missing_or_not_a_model(ready: Installation, tmp_path: Path) -> None:
    ready.app.config["VOSK_MODEL_PATH"] = str(tmp_path / "vosk-model-small-vn-0.4")
    result = ready.check("--only", "speech")
    assert result.exit_code == 1
    assert ready.problems(result) == [f"✗ Speech model: The speech model directory {tmp_path}/vosk-model-small-vn-0.4 "
                                      "does not exist: fix VOSK_MODEL_PATH or run `hotline model download vi-small`"]
    ready.app.config["VOSK_MODEL_PATH"] = str(tmp_path)
    result = ready.check("--only", "speech")
    assert result.exit_code == 1
    assert ready.problems(result) == [f"✗ Speech model: {tmp_path} is not a Vosk model directory (it lacks am/ and "
                                      "graph/ or conf/)"]


def test_a_model_that_does_not_load(ready: Installation, tmp_path: Path, ko_model_dir: Path) -> None:
    # Shaped like a model, but its acoustic model was cut short (an interrupted copy).
    broken = tmp_path / "vosk-model-small-vn-0.4"
    (broken / "am").mkdir(parents=True)
    (broken / "am" / "final.mdl").write_bytes((ko_model_dir / "am" / "final.mdl").read_bytes()[:4096])
    (broken / "conf").mkdir()
    for name in ("mfcc.conf", "model.conf"):
        (broken / "conf" / name).write_bytes((ko_model_dir / "conf" / name).read_bytes())
    ready.app.config["VOSK_MODEL_PATH"] = str(broken)
    result = ready.check("--only", "speech")
    assert result.exit_code == 1
    assert ready.problems(result) == [f"✗ Speech model: The speech model at {broken} does not load: Failed to "
                                      "create a model. Download it again with `hotline model download`"]
