"""The operator console: a blueprint of blueprints, one per page family, with its templates and static files."""

from __future__ import annotations

from flask import Blueprint

from hotline.console import admin
from hotline.console import board
from hotline.console import catalogue
from hotline.console import checkup
from hotline.console import data_requests
from hotline.console import dossiers
from hotline.console import errors
from hotline.console import feedback
from hotline.console import intake
from hotline.console import login
from hotline.console import owners
from hotline.console import privacy
from hotline.console import recordings
from hotline.console import reports
from hotline.web import dates
from hotline.web import people

bp = Blueprint("console", __name__, template_folder="templates", static_folder="static",
               static_url_path="/console/static")
for part in (login.bp, privacy.bp, board.bp, dossiers.bp, intake.bp, owners.bp, recordings.bp, feedback.bp, reports.bp,
             admin.bp, catalogue.bp, checkup.bp, data_requests.bp, errors.bp):
    bp.register_blueprint(part)
# Every console page tells supervisors how many privacy requests are due.
bp.context_processor(data_requests.nav_counts)
# Who acted, by name; dates typed and shown as dd/mm/yyyy; the way back to one's own work.
bp.add_app_template_filter(people.actor, "actor")
bp.add_app_template_filter(people.audit_person, "audit_person")
bp.add_app_template_filter(people.action, "audit_action")
bp.add_app_template_filter(lambda value: value if isinstance(value, str) else dates.show_day(value), "day_field")
bp.record_once(lambda state: state.app.jinja_env.globals.update(
    day_pattern=dates.DAY_PATTERN, day_placeholder=dates.DAY_PLACEHOLDER))
bp.add_app_template_global(errors.home_url, "home_url")
