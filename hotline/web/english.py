"""English for the console's Vietnamese UI strings, read once from translations/en.toml.

The catalogue is data a translator edits, not code: each line is the Vietnamese as the templates and
views write it, then its English. A string missing there is shown in Vietnamese (web/i18n.py).
"""

from __future__ import annotations

import tomllib
from importlib.resources import files

ENGLISH: dict[str, str] = tomllib.loads(files("hotline.web").joinpath("translations/en.toml").read_text("utf-8"))
