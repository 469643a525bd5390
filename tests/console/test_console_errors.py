"""403 and 404 are the console's own pages, in its language; a courier is led back to their own pages."""

from __future__ import annotations

from collections.abc import Callable

from flask.testing import FlaskClient

from hotline.models import Role
from tests.console.conftest import post_form


def test_a_missing_page_or_dossier_is_a_vietnamese_page_in_the_layout(
        signed_in: Callable[[Role], FlaskClient]) -> None:
    client = signed_in(Role.OPERATOR)
    for path in ("/no-such-page", "/dossiers/NO-SUCH-CODE"):
        response = client.get(path)
        assert response.status_code == 404
        page = response.get_data(as_text=True)
        assert "Không tìm thấy trang" in page and "Not Found" not in page
        assert 'href="/dossiers"' in page  # the console's own navigation
        assert 'href="/board">Về trang làm việc của bạn' in page
    post_form(client, "/language", {"lang": "en", "next": "/board"}, page="/board")
    english = client.get("/no-such-page").get_data(as_text=True)
    assert "Page not found" in english and "Back to your own work" in english


def test_a_courier_on_a_staff_page_is_told_so_and_led_to_their_manifests(
        signed_in: Callable[[Role], FlaskClient]) -> None:
    courier = signed_in(Role.COURIER)
    refused = courier.get("/dossiers")
    assert refused.status_code == 403
    page = refused.get_data(as_text=True)
    assert "Không có quyền truy cập" in page and "Forbidden" not in page
    assert 'href="/courier/">Về trang làm việc của bạn' in page
    assert 'class="brand" href="/courier/"' in page
    assert courier.get("/").headers["Location"] == "/courier/"
    assert signed_in(Role.OPERATOR).get("/").headers["Location"] == "/board"


def test_the_api_keeps_its_json_errors(client: FlaskClient) -> None:
    response = client.get("/api/v1/dossiers/NO-SUCH")
    assert response.is_json
