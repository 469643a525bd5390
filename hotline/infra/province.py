"""The province this centre serves (config/province.toml), read and checked once when the app is made."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import MISSING
from dataclasses import dataclass
from dataclasses import fields
from pathlib import Path
from typing import Any

from flask import current_app

from hotline.infra.settings import load_toml


class ProvinceConfigError(ValueError):
    """province.toml is missing a setting, has one of the wrong kind, or one nobody reads."""


@dataclass(frozen=True)
class HotlineSettings:
    """How the phone line speaks and whom it reaches."""

    # Numbers the operator branch dials, in order; none: the caller waits in `operator_queue`.
    operator_numbers: tuple[str, ...] = ()
    operator_queue: str = "operators"
    caller_id: str | None = None
    language: str = "vi-VN"
    voice: str = "Google.vi-VN-Standard-A"
    language_en: str = "en-US"
    voice_en: str = "Google.en-US-Standard-C"
    # Send SMS without diacritics (160-character GSM segments instead of 70-character UCS-2 ones).
    sms_strip_diacritics: bool = False


@dataclass(frozen=True)
class DispatchSettings:
    """The post's rules: attempts before a shipment goes back to the centre, and the postage collected."""

    max_attempts: int = 3
    postage_vnd: int = 0


@dataclass(frozen=True)
class Province:
    """The province, its centre and the settings of its hotline and its post."""

    name: str
    # The province's code in vietnam-provinces (after the July 2025 merger), e.g. 51 for Quảng Ngãi.
    province_code: int
    # Prefix of fishing-vessel registration numbers, e.g. QNg in QNg-90123-TS.
    vessel_prefix: str
    # The centre's unit code in the national one-stop system; dossier codes start with it.
    unit_code: str
    centre_name: str
    hotline: HotlineSettings = HotlineSettings()
    dispatch: DispatchSettings = DispatchSettings()


def parse_province(data: Mapping[str, Any]) -> Province:
    """Check the file's settings and build the province; every problem is named in the error."""
    values = _checked(Province, data, "")
    values["hotline"] = HotlineSettings(**_checked(HotlineSettings, data.get("hotline", {}), "hotline."))
    values["dispatch"] = DispatchSettings(**_checked(DispatchSettings, data.get("dispatch", {}), "dispatch."))
    if values["dispatch"].max_attempts < 1 or values["dispatch"].postage_vnd < 0:
        raise ProvinceConfigError("dispatch.max_attempts must be at least 1 and dispatch.postage_vnd not negative")
    return Province(**values)


# The Python types a TOML value may have for each annotation the settings use; TOML arrays read as lists.
_KINDS: dict[str, tuple[type, ...]] = {
    "str": (str,), "int": (int,), "bool": (bool,), "str | None": (str,), "tuple[str, ...]": (list,),
}


def _checked(shape: type, data: Any, prefix: str) -> dict[str, Any]:
    if not isinstance(data, Mapping):
        raise ProvinceConfigError(f"[{prefix.rstrip('.')}] must be a table of settings")
    known = {f.name: f for f in fields(shape)}
    unknown = sorted(set(data) - set(known))
    if unknown:
        raise ProvinceConfigError(f"unknown setting(s) in province.toml: {', '.join(prefix + u for u in unknown)}")
    values: dict[str, Any] = {}
    for name, spec in known.items():
        kinds = _KINDS.get(str(spec.type))
        if kinds is None:  # a nested table, checked by the caller
            continue
        if name not in data:
            if spec.default is MISSING and spec.default_factory is MISSING:
                raise ProvinceConfigError(f"province.toml lacks {prefix}{name}")
            continue
        value = data[name]
        if not isinstance(value, kinds) or (kinds == (int,) and isinstance(value, bool)):
            raise ProvinceConfigError(f"{prefix}{name} in province.toml must be {spec.type}, not {value!r}")
        values[name] = tuple(str(v) for v in value) if isinstance(value, list) else value
    return values


def load_province(config_dir: str | Path) -> Province:
    return parse_province(load_toml(config_dir, "province.toml"))


def province() -> Province:
    """This app's province, as read when the app was made."""
    found: Province = current_app.extensions["province"]
    return found
