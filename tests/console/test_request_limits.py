"""Request bodies are bounded: 64 KiB for webhooks and forms, more for the owner import, refused before reading."""

from __future__ import annotations

import io
from collections.abc import Callable

from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from hotline.models import Role
from tests.console.conftest import csrf_token
from tests.ivr.conftest import Caller

TWENTY_MB = 20 * 1024 * 1024
TOO_LARGE = "Dữ liệu gửi lên quá lớn: tối đa 64 KB."
TOO_MANY = "Biểu mẫu có quá nhiều trường hoặc một trường quá dài."


class UnreadBody(io.RawIOBase):
    """A request body of `size` bytes that notes whether anyone read from it."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.position = 0
        self.read_from = False

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True  # the test client measures the body's length by seeking to its end

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        self.position = offset + (self.size if whence == io.SEEK_END else 0)
        return self.position

    def tell(self) -> int:
        return self.position

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        self.read_from = True
        buffer[:1] = b"x"
        return 1


def post_declaring(client: FlaskClient, path: str, length: int) -> tuple[TestResponse, UnreadBody]:
    body = UnreadBody(length)
    response = client.post(path, input_stream=body, content_type="application/x-www-form-urlencoded",
                           headers={"X-Twilio-Signature": "x"})
    return response, body


def test_a_body_declared_too_large_is_refused_before_it_is_read(client: FlaskClient) -> None:
    answers = {}
    for path in ("/ivr/voice", "/sms/inbound", "/login", "/owners/import", "/api/v1/dossiers"):
        answers[path], body = post_declaring(client, path, TWENTY_MB)
        assert answers[path].status_code == 413, path
        assert not body.read_from, path
    assert TOO_LARGE in answers["/login"].get_data(as_text=True)
    assert answers["/api/v1/dossiers"].get_json()["status"] == 413  # the API answers in its own JSON


def test_a_webhook_of_ordinary_size_is_answered(client: FlaskClient) -> None:
    phone = Caller(client)
    assert phone.post("/ivr/voice", phone.fields(Padding="x" * 60_000)).status_code == 200


def test_a_form_with_too_many_fields_is_refused(client: FlaskClient) -> None:
    phone = Caller(client)
    fields = phone.fields(**{f"Extra{n}": "1" for n in range(300)})
    response = phone.post("/ivr/voice", fields)
    assert response.status_code == 413
    assert TOO_MANY in response.get_data(as_text=True)


def upload(client: FlaskClient, data: bytes, **fields: str) -> TestResponse:
    token = csrf_token(client, "/owners/import")
    return client.post("/owners/import", data={"csrf_token": token, "file": (io.BytesIO(data), "owners.csv"),
                                               **fields}, content_type="multipart/form-data")


def owners_csv(size: int) -> bytes:
    """One good owner row, padded with a column the import ignores to `size` bytes or so."""
    return ("full_name,phone,vessel_number,ghi chu\n"
            f"Nguyễn Văn K,0912000666,94444,{'x' * size}\n").encode()


def test_the_owner_import_takes_a_file_larger_than_a_form(signed_in: Callable[[Role], FlaskClient]) -> None:
    response = upload(signed_in(Role.OPERATOR), owners_csv(100_000))
    assert response.status_code == 200
    assert "Đã thêm 1 chủ tàu, 1 tàu; từ chối 0 dòng." in response.get_data(as_text=True)


def test_the_owner_import_has_its_own_limit(app: Flask, signed_in: Callable[[Role], FlaskClient]) -> None:
    app.config["MAX_IMPORT_LENGTH"] = 256 * 1024
    client = signed_in(Role.OPERATOR)
    response = upload(client, owners_csv(300_000))
    assert response.status_code == 413
    assert "tối đa 256 KB" in response.get_data(as_text=True)
    # Its other fields are still form fields: a long one is refused though the file may be large.
    response = upload(client, owners_csv(10), note="x" * 100_000)
    assert response.status_code == 413
    assert TOO_MANY in response.get_data(as_text=True)
