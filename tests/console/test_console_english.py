"""English everywhere: every UI string has an English entry, and no English page shows Vietnamese UI text.

Two checks, because each misses what the other sees:
- static: every `_("…")`/`mark("…")` literal in the console's and dispatch's templates and Python, and every
  label table, is in the dictionary; and no template has Vietnamese text outside `{{ … }}`/`{% … %}`
  (a string someone forgot to wrap never reaches `_()` at all);
- rendered: every page, as the role that uses it, with realistic Vietnamese data, is fetched in English;
  `_()` records each key it could not find (keys known only at run time, such as state labels), and
  no text node or visible attribute may keep Vietnamese letters once the data values are taken out.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from hotline.domain.manifest import KIND_LABELS_VI
from hotline.infra.text import strip_diacritics
from hotline.models import DossierState
from hotline.services.owner_texts import FAILURE_REASONS
from hotline.web.english import ENGLISH
from hotline.web.labels import CALLBACK_REASONS_VI
from hotline.web.labels import LABELS_VI
from tests.console.english_world import build_world

ROOT = Path(__file__).resolve().parents[2] / "hotline"
SOURCES = [*ROOT.glob("console/templates/**/*.html"), *ROOT.glob("dispatch/templates/**/*.html"),
           *ROOT.glob("console/*.py"), *ROOT.glob("dispatch/*.py")]
KEY = re.compile(r"""(?:\b_|\bmark)\(\s*(["'])((?:(?!\1).)+)\1""")
JINJA = re.compile(r"{{.*?}}|{%.*?%}|{#.*?#}", re.S)
VISIBLE_ATTRIBUTES = {"placeholder", "aria-label", "title", "alt"}


# Amounts are written "65.000 đ" in both languages (the centre's one way of writing money).
AMOUNT = re.compile(r"\d[\d.]* đ\b")


def vietnamese(text: str) -> bool:
    return any(ch.isalpha() and strip_diacritics(ch) != ch for ch in AMOUNT.sub(" ", text))


def source_keys() -> dict[str, str]:
    keys = {}
    for path in SOURCES:
        for match in KEY.finditer(path.read_text(encoding="utf-8")):
            keys[match.group(2)] = path.name
    return keys


def test_the_sources_have_ui_strings_and_every_one_has_an_english_entry() -> None:
    keys = source_keys()
    assert len(keys) > 150, "the extractor found too few strings: is the pattern still right?"
    missing = {key: where for key, where in keys.items() if key not in ENGLISH}
    assert missing == {}


def test_every_label_table_has_english_entries() -> None:
    labels = [text for table in LABELS_VI.values() for text in table.values()]
    labels += [*CALLBACK_REASONS_VI.values(), *KIND_LABELS_VI.values(), *FAILURE_REASONS.values()]
    labels += [state.label_vi for state in DossierState]
    assert [text for text in labels if text not in ENGLISH] == []


@pytest.mark.parametrize("path", [p for p in SOURCES if p.suffix == ".html"],
                         ids=lambda p: str(p.relative_to(ROOT)))
def test_templates_write_no_vietnamese_outside_the_translation_calls(path: Path) -> None:
    bare = JINJA.sub(" ", path.read_text(encoding="utf-8"))
    # An element marked lang="vi" is Vietnamese on purpose: the switch back to "Tiếng Việt".
    assert [line.strip() for line in bare.splitlines() if vietnamese(line) and 'lang="vi"' not in line] == []


def test_the_extractor_and_the_checks_would_catch_a_miss() -> None:
    assert KEY.findall('{{ _("Hồ sơ") }} x mark(\'Lưu\')') == [('"', "Hồ sơ"), ("'", "Lưu")]
    assert vietnamese("Dossier đã") and not vietnamese("Dossier 70.000 đ — 01/02/2026")
    assert vietnamese("đ") and vietnamese("70.000 đồng")
    assert [line for line in JINJA.sub(" ", '<p>{{ _("Tìm") }} Tìm</p>').splitlines() if vietnamese(line)]


class _Text(HTMLParser):
    """The text a reader sees: text nodes (not scripts) and the attributes a browser shows."""

    def __init__(self) -> None:
        super().__init__()
        self.chunks: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        # Scripts are not read, and an element marked lang="vi" is Vietnamese on purpose (the language switch).
        self._skip += tag in ("script", "style") or (tag != "html" and dict(attrs).get("lang") == "vi")
        shown = VISIBLE_ATTRIBUTES | ({"value"} if dict(attrs).get("type") in ("submit", "button") else set())
        self.chunks += [value for name, value in attrs if name in shown and value]

    def handle_endtag(self, tag: str) -> None:
        self._skip -= tag in ("script", "style", "button") and self._skip > 0

    def handle_data(self, data: str) -> None:
        if not self._skip and data.strip():
            self.chunks.append(data)


def vietnamese_ui_text(html: str, data_values: list[str]) -> list[str]:
    parser = _Text()
    parser.feed(html)
    left = []
    for chunk in parser.chunks:
        for value in data_values:
            chunk = chunk.replace(value, " ")
        if vietnamese(chunk):
            left.append(chunk.strip())
    return left


def test_every_page_reads_in_english_with_vietnamese_data(app: Flask, accounts: dict) -> None:
    world = build_world(app, accounts)
    app.extensions.pop("i18n_misses", None)
    seen = 0
    for role, path, wanted in world.pages:
        client: FlaskClient = world.clients[role]
        response = client.get(path)
        assert response.status_code == wanted, (role, path, response.status_code)
        html = response.get_data(as_text=True)
        assert '<html lang="en">' in html or path == "/board/live", path  # the board's fragment has no <html>
        assert vietnamese_ui_text(html, world.data_values) == [], (role, path)
        seen += 1
    for what, answer, wanted in world.answers:
        assert answer.status_code == wanted, (what, answer.status_code)
        assert vietnamese_ui_text(answer.get_data(as_text=True), world.data_values) == [], what
    assert seen == len(world.pages) >= 20
    assert app.extensions.get("i18n_misses", set()) == set()


def test_the_page_check_would_see_a_vietnamese_button(app: Flask) -> None:
    html = '<html lang="en"><p>Nguyễn Văn A</p><button>Lưu</button><input placeholder="Tìm"></html>'
    assert vietnamese_ui_text(html, ["Nguyễn Văn A"]) == ["Lưu", "Tìm"]
