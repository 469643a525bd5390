"""Rules for the data the hotline works from: the procedure catalogue and the calendar of days off."""

from __future__ import annotations

import tomllib
from collections import defaultdict
from datetime import datetime
from pathlib import Path

import holidays
from flask import Flask
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from hotline.domain.workdays import LOCAL_TZ
from hotline.domain.workdays import CalendarConfigError
from hotline.domain.workdays import WorkCalendar
from hotline.infra.db import READ_ONLY
from hotline.infra.settings import load_toml
from hotline.models import Procedure
from hotline.services.doctor.finding import Finding
from hotline.services.doctor.stores import first_line

CALENDAR_FILE = "calendar.toml"


def check_catalogue(app: Flask) -> Finding:
    found = Finding("catalogue")
    engine = app.extensions["db"].engine
    # In catalogue order within a key, so the same clash is named the same way on every run and database.
    query = select(Procedure.keypad_key, Procedure.code).where(Procedure.active).order_by(Procedure.keypad_key,
                                                                                        Procedure.id)
    try:
        with engine.execution_options(**{READ_ONLY: True}).connect() as conn:
            active = conn.execute(query).all()
    except SQLAlchemyError as exc:
        found.problem("catalogue.unreadable", error=first_line(exc.__cause__ or exc))
        return found
    if not active:
        found.problem("catalogue.empty")
        return found
    by_key: dict[int, list[str]] = defaultdict(list)
    for key, code in active:
        by_key[key].append(code)
    for key, codes in by_key.items():
        if not 1 <= key <= 9:
            found.problem("catalogue.bad_key", key=key, code=", ".join(codes))
        if len(codes) > 1:
            found.problem("catalogue.duplicate_key", key=key, codes=", ".join(codes))
    found.note("catalogue.ok", count=len(active), keys=" ".join(str(key) for key in by_key))
    return found


def check_calendar(app: Flask) -> Finding:
    """This year and next must be known: Vietnam's public holidays, and the days the province announced.

    The `holidays` package computes the national holidays of any year it supports; the bridge days and
    swapped Saturdays are announced year by year, so config/calendar.toml must name some day of each year,
    or list the year in `checked_years` when the province announced none.
    """
    found = Finding("calendar")
    path = Path(app.config["CONFIG_DIR"]) / CALENDAR_FILE
    try:
        calendar = WorkCalendar.from_config(load_toml(app.config["CONFIG_DIR"], CALENDAR_FILE))
    except (OSError, tomllib.TOMLDecodeError, CalendarConfigError) as exc:
        found.problem("calendar.unreadable", path=path, error=first_line(exc))
        return found
    this_year = datetime.now(LOCAL_TZ).year
    years = (this_year, this_year + 1)
    announced = calendar.extra_days_off | calendar.extra_working_days
    for year in years:
        if not holidays.country_holidays("VN", years=year):
            found.problem("calendar.no_public_holidays", year=year)
        if not calendar.is_announced(year):
            found.problem("calendar.year_missing", path=path, year=year)
    count = sum(day.year in years for day in announced)
    found.note("calendar.ok", years=f"{years[0]}–{years[1]}", count=count)
    return found
