"""province.toml: read into one typed object when the app is made, every problem named."""

from __future__ import annotations

import shutil
import tomllib
from pathlib import Path
from typing import Any

import pytest

from hotline.app import create_app
from hotline.infra.province import Province
from hotline.infra.province import ProvinceConfigError
from hotline.infra.province import parse_province
from hotline.infra.settings import PROJECT_ROOT


def shipped() -> dict[str, Any]:
    with (PROJECT_ROOT / "config" / "province.toml").open("rb") as fh:
        return tomllib.load(fh)


def test_the_shipped_file_reads_as_the_province() -> None:
    centre = parse_province(shipped())
    assert (centre.name, centre.province_code, centre.vessel_prefix) == ("Quảng Ngãi", 51, "QNg")
    assert centre.hotline.operator_numbers == () and centre.hotline.sms_strip_diacritics is False
    assert (centre.dispatch.max_attempts, centre.dispatch.postage_vnd) == (3, 25000)
    assert centre.hotline.voice_en  # a default for what the file leaves out


@pytest.mark.parametrize(("change", "named"), [
    (lambda d: d.pop("unit_code"), "lacks unit_code"),
    (lambda d: d.update(province_code="51"), "province_code"),
    (lambda d: d.update(province_code=True), "province_code"),
    (lambda d: d["hotline"].update(operator_numbers="0912345678"), "hotline.operator_numbers"),
    (lambda d: d["dispatch"].update(max_attempt=3), "dispatch.max_attempt"),
    (lambda d: d.update(timezone="Asia/Ho_Chi_Minh"), "timezone"),
    (lambda d: d["dispatch"].update(max_attempts=0), "max_attempts"),
])
def test_a_wrong_setting_is_named(change: Any, named: str) -> None:
    data = shipped()
    change(data)
    with pytest.raises(ProvinceConfigError, match=named.replace(".", r"\.")):
        parse_province(data)


def test_the_app_reads_the_file_once_and_refuses_a_broken_one(tmp_path: Path) -> None:
    app = create_app({"DATABASE_URL": f"sqlite:///{tmp_path / 'a.db'}"})
    assert isinstance(app.extensions["province"], Province)
    config = tmp_path / "config"
    shutil.copytree(PROJECT_ROOT / "config", config)
    (config / "province.toml").write_text((config / "province.toml").read_text().replace("vessel_prefix", "prefix"))
    with pytest.raises(ProvinceConfigError, match="unknown setting.*: prefix"):
        create_app({"DATABASE_URL": f"sqlite:///{tmp_path / 'b.db'}", "CONFIG_DIR": str(config)})
