"""The dossier and shipment endpoints: filters, one dossier, and moves the state machine allows or refuses."""

from __future__ import annotations

from flask.testing import FlaskClient
from sqlalchemy import select

from hotline.models import Channel
from hotline.models import DossierState
from hotline.models import Owner
from hotline.services.receiving import Filing
from hotline.services.receiving import complete_filing
from hotline.services.receiving import open_filed
from tests.factories import procedure
from tests.tools import open_session


def _codes(response) -> list[str]:  # type: ignore[no-untyped-def]
    assert response.status_code == 200, response.get_json()
    return [item["code"] for item in response.get_json()["items"]]


def test_queue_lists_newest_first_with_paging(client: FlaskClient, seeded) -> None:  # type: ignore[no-untyped-def]
    body = client.get("/api/v1/dossiers?per_page=2", headers=seeded.headers).get_json()
    assert [i["code"] for i in body["items"]] == [seeded.codes["anh"], seeded.codes["binh"]]
    assert (body["total"], body["pages"], body["page"], body["total_exact"]) == (3, 2, 1, True)
    last = client.get("/api/v1/dossiers?per_page=2&page=2", headers=seeded.headers)
    assert _codes(last) == [seeded.codes["an"]]


def test_queue_filters_by_phone_in_any_writing_and_by_state(client: FlaskClient, seeded) -> None:  # type: ignore[no-untyped-def]
    assert _codes(client.get("/api/v1/dossiers?phone=0912 345 678", headers=seeded.headers)) == [seeded.codes["an"]]
    assert _codes(client.get("/api/v1/dossiers?phone=%2B84-987-654-321", headers=seeded.headers)) == [
        seeded.codes["binh"]]
    assert _codes(client.get("/api/v1/dossiers?state=draft", headers=seeded.headers)) == [seeded.codes["anh"]]


def test_queue_searches_names_without_accents(client: FlaskClient, seeded) -> None:  # type: ignore[no-untyped-def]
    found = _codes(client.get("/api/v1/dossiers?q=nguyen van an", headers=seeded.headers))
    assert found == [seeded.codes["anh"], seeded.codes["an"]]


def test_bad_filters_are_422_naming_each_one(client: FlaskClient, seeded) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/api/v1/dossiers?state=lost&phone=abc&per_page=1000&due_before=28/11/2026",
                          headers=seeded.headers)
    assert response.status_code == 422
    fields = {d["field"] for d in response.get_json()["details"]}
    assert fields == {"state", "phone", "per_page", "due_before"}


def test_one_dossier_with_its_history(client: FlaskClient, seeded) -> None:  # type: ignore[no-untyped-def]
    response = client.get(f"/api/v1/dossiers/{seeded.codes['an']}", headers=seeded.headers)
    body = response.get_json()
    assert body["owner"]["full_name"] == "Nguyễn Văn An"
    assert body["vessel_number"] == "QNg-90123-TS"
    assert [(e["from_state"], e["to_state"]) for e in body["events"]] == [(None, "received")]
    assert "in_progress" in body["allowed_moves"]


def test_unknown_code_is_404_json(client: FlaskClient, seeded) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/api/v1/dossiers/000.00.15.H48-990101-0001", headers=seeded.headers)
    assert response.status_code == 404
    assert "000.00.15.H48-990101-0001" in response.get_json()["message"]


def test_allowed_move_is_made_and_recorded_with_the_token_name(client: FlaskClient, seeded) -> None:  # type: ignore[no-untyped-def]
    url = f"/api/v1/dossiers/{seeded.codes['an']}/transitions"
    response = client.post(url, json={"to": "in_progress", "note": "giấy tờ đủ"}, headers=seeded.headers)
    assert response.status_code == 201
    body = response.get_json()
    assert body["event"] == {**body["event"], "from_state": "received", "to_state": "in_progress",
                             "actor": "api:partner system", "reason": "giấy tờ đủ"}
    assert body["dossier"]["due_date"] is not None
    history = client.get(f"/api/v1/dossiers/{seeded.codes['an']}", headers=seeded.headers).get_json()
    assert history["state"] == "in_progress"
    assert [e["to_state"] for e in history["events"]] == ["received", "in_progress"]


def test_refused_move_is_409_with_the_reason_and_changes_nothing(client: FlaskClient, seeded) -> None:  # type: ignore[no-untyped-def]
    url = f"/api/v1/dossiers/{seeded.codes['an']}/transitions"
    response = client.post(url, json={"to": "delivered"}, headers=seeded.headers)
    assert response.status_code == 409
    assert "cannot move a dossier from received to delivered" in response.get_json()["message"]
    after = client.get(f"/api/v1/dossiers/{seeded.codes['an']}", headers=seeded.headers).get_json()
    assert after["state"] == "received"
    assert len(after["events"]) == 1


def test_malformed_transition_bodies(client: FlaskClient, seeded) -> None:  # type: ignore[no-untyped-def]
    url = f"/api/v1/dossiers/{seeded.codes['an']}/transitions"
    h = seeded.headers
    broken = client.post(url, data="{not json", headers={**h, "Content-Type": "application/json"})
    assert broken.status_code == 400
    assert client.post(url, data="to=in_progress", headers=h).status_code == 415
    assert client.post(url, json=["in_progress"], headers=h).status_code == 422
    assert client.post(url, json={"to": ["x"]}, headers=h).status_code == 422
    wrong = client.post(url, json={"to": "somewhere", "note": 5, "extra": 1}, headers=h)
    assert wrong.status_code == 422
    assert {d["field"] for d in wrong.get_json()["details"]} == {"to", "note", "extra"}
    missing = client.post("/api/v1/dossiers/NO-SUCH/transitions", json={"to": "in_progress"}, headers=h)
    assert missing.status_code == 404


def test_shipments_filter_by_state_kind_dossier_and_day(client: FlaskClient, seeded) -> None:  # type: ignore[no-untyped-def]
    def tracking(query: str) -> list[str]:
        response = client.get(f"/api/v1/shipments?{query}", headers=seeded.headers)
        assert response.status_code == 200, response.get_json()
        return [s["tracking_code"] for s in response.get_json()["items"]]

    assert tracking("") == ["RR123456785VN"]
    assert tracking(f"dossier={seeded.codes['an']}&kind=delivery&state=on_manifest&date=2026-12-03") == [
        "RR123456785VN"]
    assert tracking("date=2026-12-04") == []
    assert tracking(f"dossier={seeded.codes['binh']}") == []
    assert tracking("kind=pickup") == []
    assert client.get("/api/v1/shipments?kind=boat", headers=seeded.headers).status_code == 422


def test_a_dossier_tells_its_vessel_flag_and_what_the_owner_pays(app, client: FlaskClient, seeded) -> None:  # type: ignore[no-untyped-def]
    with app.app_context(), open_session(app) as session:
        an = session.scalars(select(Owner).where(Owner.full_name == "Nguyễn Văn An")).one()
        filing = Filing(procedure=procedure(session, 2), owner=an, channel=Channel.OPERATOR, actor="test",
                        vessel_number="QNg-91234-TS")
        dossier = open_filed(session, filing, DossierState.RECEIVED)
        complete_filing(session, dossier, "vi")
        session.commit()
        code = dossier.code
    body = client.get(f"/api/v1/dossiers/{code}", headers=seeded.headers).get_json()
    assert body["vessel_flag"] == "other_owner"
    assert body["charges"] == {"fee_vnd": 40000, "postage_vnd": 25000, "to_collect_vnd": 65000}
    listed = client.get(f"/api/v1/dossiers?q={seeded.codes['an']}", headers=seeded.headers).get_json()
    assert listed["items"][0]["vessel_flag"] is None
