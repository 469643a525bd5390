"""Routes: which courier covers which commune, from config/routes.toml and the admin page."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from hotline.infra.settings import load_toml
from hotline.models import Role
from hotline.models import Route
from hotline.models import User
from hotline.services.places import PlaceError
from hotline.services.places import find_ward


class RouteError(ValueError):
    """A route names a commune or courier that does not exist."""


def read_routes(config_dir: str, province_code: int) -> dict[int, str]:
    """Commune/ward code → courier username, as the config file lists them."""
    wanted: dict[int, str] = {}
    for entry in load_toml(config_dir, "routes.toml").get("route", []):
        for name in entry.get("communes", []):
            try:
                wanted[find_ward(province_code, name)] = entry["courier"]
            except PlaceError as exc:  # unknown, or without accents and fitting two communes: never guess
                raise RouteError(f"routes.toml, courier {entry.get('courier')!r}: {exc}") from exc
    return wanted


def courier_named(session: Session, username: str) -> User:
    user = session.scalar(select(User).where(User.username == username, User.role == Role.COURIER))
    if user is None:
        raise RouteError(f"no courier account named {username!r}")
    return user


def route_map(session: Session, config_dir: str, province_code: int) -> dict[int, int]:
    """Commune/ward code → courier id: the routes set, or while none are, what the config file would
    seed (nothing is written)."""
    routes = {route.ward_code: route.courier_id for route in session.scalars(select(Route))}
    if routes:
        return routes
    couriers = {user.username: user.id for user in session.scalars(select(User).where(User.role == Role.COURIER))}
    return {ward_code: couriers[username] for ward_code, username in read_routes(config_dir, province_code).items()
            if username in couriers}


def fill_routes(session: Session, config_dir: str, province_code: int) -> int:
    """Seed the routes from the config file while none are set; return how many were added.

    Once any route exists the admin page is the authority: a commune it takes away from a courier
    must stay unassigned, not come back from the file on the next change.
    """
    if session.scalar(select(Route.id).limit(1)) is not None:
        return 0
    seeded = route_map(session, config_dir, province_code)
    session.add_all(Route(ward_code=ward_code, courier_id=courier_id) for ward_code, courier_id in seeded.items())
    session.flush()
    return len(seeded)


def assign_route(session: Session, ward_code: int, courier: User | None) -> None:
    """Give a commune to a courier, or take it away (None)."""
    route = session.scalar(select(Route).where(Route.ward_code == ward_code))
    if courier is None:
        if route is not None:
            session.delete(route)
    elif route is None:
        session.add(Route(ward_code=ward_code, courier_id=courier.id))
    else:
        route.courier_id = courier.id
    session.flush()


def courier_wards(session: Session, courier_id: int) -> list[int]:
    return list(session.scalars(select(Route.ward_code).where(Route.courier_id == courier_id)))
