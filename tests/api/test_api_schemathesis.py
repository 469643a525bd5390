"""Schemathesis generates requests from the OpenAPI document; none may make the server fail.

The lazy `schemathesis.pytest.from_fixture` loader does not run under pytest 9, so each operation's
case strategy is drawn by Hypothesis here directly, against the app the fixtures built.
"""

from __future__ import annotations

import pytest
import schemathesis
from flask import Flask
from hypothesis import HealthCheck
from hypothesis import given
from hypothesis import settings
from schemathesis.checks import not_a_server_error

MODES = [schemathesis.GenerationMode.POSITIVE, schemathesis.GenerationMode.NEGATIVE]


@pytest.mark.parametrize("mode", MODES, ids=lambda m: m.value)
def test_generated_requests_never_get_a_server_error(app: Flask, seeded, mode) -> None:  # type: ignore[no-untyped-def]
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    headers = {"Authorization": f"Bearer {seeded.token}"}
    operations = [result.ok() for result in schema.get_all_operations()]  # type: ignore[union-attr]
    # Schemathesis leaves out the operation that serves the document itself.
    assert {op.label for op in operations} == {
        "GET /api/v1/dossiers", "GET /api/v1/dossiers/{code}", "POST /api/v1/dossiers/{code}/transitions",
        "GET /api/v1/shipments"}

    statuses: list[int] = []
    for operation in operations:
        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def no_server_error(case: schemathesis.Case) -> None:
            response = case.call(headers=headers)
            statuses.append(response.status_code)
            assert response.status_code < 500, (case.method, case.formatted_path, case.query, response.text)
            case.validate_response(response, checks=[not_a_server_error])

        no_server_error()
    # Valid requests carry the token past authentication to the handlers (negative cases may
    # mangle the Authorization header itself, and then 401 is the right answer).
    if mode is schemathesis.GenerationMode.POSITIVE:
        assert 401 not in statuses
        assert 200 in statuses
