"""The application factory."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from flask import Flask

from hotline.infra import settings


def create_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    """Create the hotline app from the environment, or from `test_config` in tests."""
    app = Flask(__name__, instance_path=os.environ.get("HOTLINE_INSTANCE_PATH") or None,
                instance_relative_config=True)
    app.config.from_mapping(settings.from_environment(os.environ))
    if test_config is not None:
        app.config.from_mapping(test_config)
    settings.check_production(app.config)
    if not app.config.get("DATABASE_URL"):
        app.config["DATABASE_URL"] = settings.default_database_url(app.instance_path)
    app.config["SECRET_KEY"] = app.config.get("SECRET_KEY") or settings.DEV_SECRET
    app.config["TWILIO_AUTH_TOKEN"] = app.config.get("TWILIO_AUTH_TOKEN") or settings.DEV_TWILIO_AUTH_TOKEN
    app.config.setdefault("INSTANCE_PATH", app.instance_path)

    from hotline.infra import db
    from hotline.infra import logs
    from hotline.infra import queue
    from hotline.infra.province import load_province
    from hotline.infra.retention import load_schedule
    from hotline.web import auth
    from hotline.web import i18n
    from hotline.web import limits
    from hotline.web import security

    logs.init_app(app)
    app.extensions["province"] = load_province(app.config["CONFIG_DIR"])
    app.extensions["retention"] = load_schedule(app.config["CONFIG_DIR"])
    db.init_app(app)
    queue.init_app(app)
    auth.init_app(app)
    limits.init_app(app)  # before security's CSRF check, which reads the form
    security.init_app(app)
    i18n.init_app(app)

    from hotline import api
    from hotline import console
    from hotline import health
    from hotline import sms
    from hotline.dispatch import admin
    from hotline.dispatch import courier
    from hotline.ivr import webhooks

    for blueprint in (console.bp, webhooks.bp, sms.bp, api.bp, courier.bp, admin.bp, health.bp):
        app.register_blueprint(blueprint)
    return app
