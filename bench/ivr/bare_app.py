"""The baseline: one signed-free endpoint doing one ORM insert and commit; only the bench starts it."""

from __future__ import annotations

import os
import uuid

from flask import Flask

from hotline.infra.db import make_database
from hotline.models import Call

database = make_database(os.environ["DATABASE_URL"])
app = Flask(__name__)


@app.post("/bare")
def bare() -> str:
    with database.sessions() as session:
        session.add(Call(call_sid=uuid.uuid4().hex, from_number="+84912345678"))
        session.commit()
    return "<Response/>"
