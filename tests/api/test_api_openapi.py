"""The OpenAPI document describes every route of the API blueprint, with its methods and parameters."""

from __future__ import annotations

import re

from flask import Flask

from hotline.api.openapi import DOCUMENT


def _api_rules(app: Flask) -> list[tuple[str, set[str], set[str]]]:
    rules = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith("api."):
            path = re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule.rule)
            methods = {m.lower() for m in rule.methods or ()} - {"head", "options"}
            rules.append((path, methods, set(rule.arguments)))
    return rules


def test_every_api_route_and_method_is_documented(app: Flask) -> None:
    rules = _api_rules(app)
    assert len(rules) == 5
    for path, methods, arguments in rules:
        assert path in DOCUMENT["paths"], f"{path} is not in the OpenAPI document"
        documented = DOCUMENT["paths"][path]
        assert methods == set(documented), f"{path}: routes {methods}, document {set(documented)}"
        for method in methods:
            in_path = {p["name"] for p in documented[method].get("parameters", []) if p["in"] == "path"}
            assert in_path == arguments


def test_nothing_is_documented_that_does_not_exist(app: Flask) -> None:
    assert set(DOCUMENT["paths"]) == {path for path, _, _ in _api_rules(app)}


def test_every_schema_reference_resolves() -> None:
    text = repr(DOCUMENT)
    for name in re.findall(r"#/components/schemas/(\w+)", text):
        assert name in DOCUMENT["components"]["schemas"], name
    assert DOCUMENT["components"]["securitySchemes"]["bearerAuth"] == {"type": "http", "scheme": "bearer"}
