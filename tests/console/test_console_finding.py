"""Finding people and places from the console and the API: words of names, vessel digits, old numbers, communes."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from hotline.models import Owner
from hotline.models import Role
from hotline.services.courier_routes import RouteError
from hotline.services.courier_routes import read_routes
from hotline.services.places import AmbiguousPlace
from hotline.services.places import find_ward
from tests.console.conftest import csrf_token
from tests.console.conftest import post_form
from tests.factories import make_dossier
from tests.factories import make_owner
from tests.tools import open_session

SON_HA, SON_HA_DOT, BA_TO, BA_TO_HORN = 21289, 21292, 21523, 21484  # Xã Sơn Hà, Sơn Hạ, Ba Tô, Ba Tơ (Quảng Ngãi)


def _upload(client: FlaskClient, name: str, data: bytes) -> str:
    token = csrf_token(client, "/owners/import")
    response = client.post("/owners/import", data={"csrf_token": token, "file": (io.BytesIO(data), name)},
                           content_type="multipart/form-data")
    return response.get_data(as_text=True)


def test_a_commune_spelled_exactly_finds_itself_and_one_without_accents_that_fits_two_is_refused() -> None:
    assert find_ward(51, "Sơn Hà") == SON_HA
    assert find_ward(51, "xã sơn hạ") == SON_HA_DOT
    assert find_ward(51, "Ba Tơ") == BA_TO_HORN
    assert find_ward(51, "Xã Ba Tô") == BA_TO
    assert find_ward(51, "Sa Huynh") == find_ward(51, "Phường Sa Huỳnh")
    assert find_ward(51, "Xã Đặng Thuỳ Trâm") == find_ward(51, "đặng thùy trâm")  # wherever the tone mark sits
    assert find_ward(51, "binh son") == find_ward(51, "Bình Sơn")  # fits one: found
    for name in ("Son Ha", "son  ha", "Sơn Há"):
        with pytest.raises(AmbiguousPlace) as refused:
            find_ward(51, name)
        assert [code for code, _ in refused.value.candidates] == [SON_HA_DOT, SON_HA]


def test_the_owners_import_refuses_a_commune_that_fits_two_and_names_both(
        app: Flask, signed_in: Callable[[Role], FlaskClient]) -> None:
    csv_text = ("Họ tên,Số điện thoại,Xã/phường,Số đăng ký tàu\n"
                "Nguyễn Văn Hà,0912000111,Sơn Hạ,93001\n"
                "Nguyễn Văn Tô,0912000222,Ba To,93002\n"
                "Nguyễn Văn Hai,0912000333,Xã Sơn Hà,93003\n")
    page = _upload(signed_in(Role.OPERATOR), "owners.csv", csv_text.encode())
    assert "Đã thêm 2 chủ tàu, 2 tàu; từ chối 1 dòng." in page
    assert "“Ba To” ứng với nhiều xã/phường: Xã Ba Tô, Xã Ba Tơ. Hãy ghi tên có dấu." in page
    with open_session(app) as session:
        assert {o.full_name: o.ward_code for o in session.scalars(select(Owner))} == {
            "Nguyễn Văn Hà": SON_HA_DOT, "Nguyễn Văn Hai": SON_HA}


def test_the_owner_and_new_dossier_forms_refuse_a_commune_that_fits_two(
        app: Flask, signed_in: Callable[[Role], FlaskClient]) -> None:
    client = signed_in(Role.OPERATOR)
    with open_session(app) as session:
        owner_id = make_owner(session, "Lê Văn Tám", vessel_digits=None).id
        session.commit()
    page = f"/owners/{owner_id}"
    edit = {"full_name": "Lê Văn Tám", "phone": "0912 345 678", "commune": "son ha", "address_line": "Thôn 2"}
    refused = post_form(client, page, edit, page=page)
    assert refused.status_code == 422
    assert "Xã Sơn Hạ, Xã Sơn Hà" in refused.get_data(as_text=True)
    assert post_form(client, page, {**edit, "commune": "Sơn Hạ"}, page=page).status_code == 303
    with open_session(app) as session:
        assert session.get_one(Owner, owner_id).ward_code == SON_HA_DOT

    form = {"full_name": "Đinh Văn Mới", "phone": "0905 123 456", "commune": "Ba To", "address_line": "",
            "procedure_id": "1", "vessel_number": "92222", "note": ""}
    new = post_form(client, "/dossiers/new", form, page="/dossiers/new")
    assert new.status_code == 422
    assert "Xã Ba Tô, Xã Ba Tơ" in new.get_data(as_text=True)


def test_courier_routes_refuse_a_commune_that_fits_two(tmp_path: Path) -> None:
    (tmp_path / "routes.toml").write_text('[[route]]\ncourier = "buuta1"\ncommunes = ["Sơn Hạ", "Ba Tơ"]\n',
                                          encoding="utf-8")
    assert read_routes(str(tmp_path), 51) == {SON_HA_DOT: "buuta1", BA_TO_HORN: "buuta1"}
    (tmp_path / "routes.toml").write_text('[[route]]\ncourier = "buuta1"\ncommunes = ["Son Ha"]\n', encoding="utf-8")
    with pytest.raises(RouteError, match="Xã Sơn Hạ, Xã Sơn Hà"):
        read_routes(str(tmp_path), 51)


def test_an_imported_old_number_is_todays_and_the_console_says_it_was_converted(
        app: Flask, signed_in: Callable[[Role], FlaskClient]) -> None:
    client = signed_in(Role.OPERATOR)
    csv_text = "Họ tên,Số điện thoại,Số đăng ký tàu\nTrương Văn Cũ,0169 567 8945,93010\n"
    report = _upload(client, "owners.csv", csv_text.encode())
    assert "Đã thêm 1 chủ tàu, 1 tàu" in report
    assert "1 số điện thoại viết theo đầu số cũ (trước năm 2018) đã được đổi sang số mới" in report
    with open_session(app) as session:
        owner = session.scalars(select(Owner)).one()
        assert (owner.phone, owner.phone_before_2018) == ("+84395678945", "01695678945")
        make_dossier(session, owner)
        session.commit()
        owner_id, code = owner.id, owner.id

    listed = client.get("/owners").get_data(as_text=True)
    assert "0395 678 945" in listed and "(số cũ 0169 567 8945)" in listed
    assert "Số cũ 0169 567 8945 (trước khi đổi đầu số năm 2018)" in client.get(f"/owners/{owner_id}").get_data(
        as_text=True)

    queue = client.get("/dossiers?q=0169.567.8945").get_data(as_text=True)  # searched by the old number
    assert "Số cũ 0169 567 8945 đã đổi thành 0395 678 945 từ năm 2018; kết quả theo số mới." in queue
    assert "Trương Văn Cũ" in queue
    owners = client.get("/owners?q=01695678945").get_data(as_text=True)
    assert "Trương Văn Cũ" in owners and "đã đổi thành 0395 678 945" in owners
    assert code


def test_an_owner_typed_with_an_old_number_keeps_it_until_the_number_changes(
        app: Flask, signed_in: Callable[[Role], FlaskClient]) -> None:
    client = signed_in(Role.OPERATOR)
    with open_session(app) as session:
        owner_id = make_owner(session, "Lê Văn Tám", vessel_digits=None).id
        session.commit()
    page = f"/owners/{owner_id}"
    edit = {"full_name": "Lê Văn Tám", "phone": "0123 456 7890", "commune": "", "address_line": ""}
    assert post_form(client, page, edit, page=page).status_code == 303
    with open_session(app) as session:
        owner = session.get_one(Owner, owner_id)
        assert (owner.phone, owner.phone_before_2018) == ("+84834567890", "01234567890")
    # Saved again as the form shows it (today's number): the old one stays noted.
    assert post_form(client, page, {**edit, "phone": "0834 567 890"}, page=page).status_code == 303
    with open_session(app) as session:
        assert session.get_one(Owner, owner_id).phone_before_2018 == "01234567890"
    assert post_form(client, page, {**edit, "phone": "0905 000 111"}, page=page).status_code == 303
    with open_session(app) as session:
        assert session.get_one(Owner, owner_id).phone_before_2018 is None


def test_the_owners_page_finds_any_word_and_vessel_digits(
        app: Flask, signed_in: Callable[[Role], FlaskClient]) -> None:
    with open_session(app) as session:
        make_owner(session, "Nguyễn Văn An", "+84912345678", vessel_digits="12345")
        make_owner(session, "Trần Thị Bích", "+84987654321", vessel_digits="45678")
        session.commit()
    client = signed_in(Role.OPERATOR)

    def listed(q: str) -> set[str]:
        page = client.get("/owners", query_string={"q": q}).get_data(as_text=True)
        return {name for name in ("Nguyễn Văn An", "Trần Thị Bích") if name in page}

    assert listed("van an") == {"Nguyễn Văn An"}
    assert listed("Văn An") == {"Nguyễn Văn An"}
    assert listed("bich") == {"Trần Thị Bích"}
    assert listed("123") == {"Nguyễn Văn An"}
    assert listed("45678") == {"Trần Thị Bích"}
    # The new dossier form's owner finder reads the same search.
    found = client.get("/dossiers/new", query_string={"find": "bich"}).get_data(as_text=True)
    assert "Trần Thị Bích" in found and "Nguyễn Văn An" not in found
    assert "Nguyễn Văn An" in client.get("/dossiers/new", query_string={"find": "12345"}).get_data(as_text=True)
