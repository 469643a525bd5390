"""Every console route for every role: anonymous to the login page, couriers refused, admin pages for admins."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask import Flask
from flask.testing import FlaskClient

from hotline.models import Role
from tests.factories import make_dossier
from tests.factories import make_owner
from tests.tools import open_session

STAFF_PAGES = ["/board", "/board/live", "/dossiers", "/dossiers/new", "/dossiers/{code}",
               "/dossiers/{code}/receipt.pdf", "/owners", "/owners/{owner}", "/owners/import", "/feedback"]
MANAGER_PAGES = ["/reports", "/reports.xlsx", "/data-requests"]
ADMIN_PAGES = ["/admin/users", "/admin/system", "/admin/audit", "/admin/health", "/admin/procedures",
               "/admin/procedures/{procedure}"]
ALLOWED = {
    Role.OPERATOR: STAFF_PAGES,
    Role.SUPERVISOR: STAFF_PAGES + MANAGER_PAGES,
    Role.ADMIN: STAFF_PAGES + MANAGER_PAGES + ADMIN_PAGES,
    Role.COURIER: [],
}
ALL_PAGES = STAFF_PAGES + MANAGER_PAGES + ADMIN_PAGES


@pytest.fixture
def paths(app: Flask) -> list[str]:
    with open_session(app) as session:
        owner = make_owner(session)
        dossier = make_dossier(session, owner)
        code, owner_id, procedure_id = dossier.code, owner.id, dossier.procedure_id
        session.commit()
    return [p.format(code=code, owner=owner_id, procedure=procedure_id) for p in ALL_PAGES]


def test_anonymous_users_are_sent_to_login(client: FlaskClient, paths: list[str]) -> None:
    for path in paths:
        response = client.get(path)
        assert response.status_code == 302, path
        assert response.headers["Location"].startswith("/login"), path
    assert client.get("/login").status_code == 200
    assert client.get("/healthz").status_code in (200, 503)


@pytest.mark.parametrize("role", list(Role))
def test_each_role_reaches_exactly_its_pages(role: Role, paths: list[str],
                                             signed_in: Callable[[Role], FlaskClient]) -> None:
    client = signed_in(role)
    allowed = {p for p, template in zip(paths, ALL_PAGES, strict=True) if template in ALLOWED[role]}
    for path in paths:
        status = client.get(path).status_code
        if path in allowed:
            assert status in (200, 302), (role, path, status)
        else:
            assert status == 403, (role, path, status)


def test_couriers_land_on_their_own_pages(app: Flask, accounts: dict[Role, str]) -> None:
    from tests.console.conftest import login

    response = login(app.test_client(), accounts[Role.COURIER])
    assert response.headers["Location"] == "/courier/"


@pytest.mark.parametrize("role", [Role.OPERATOR, Role.SUPERVISOR, Role.COURIER])
def test_only_admins_manage_users(role: Role, signed_in: Callable[[Role], FlaskClient], app: Flask) -> None:
    from tests.console.conftest import post_form

    client = signed_in(role)
    page = "/board" if role is not Role.COURIER else "/login"
    response = post_form(client, "/admin/users", {"username": "intruder", "role": "admin"}, page=page)
    assert response.status_code == 403
    with open_session(app) as session:
        from sqlalchemy import select

        from hotline.models import User
        assert session.scalar(select(User).where(User.username == "intruder")) is None
