"""A request's Core connection and its session: one connection, real commits, everything closed at the end."""

from __future__ import annotations

import pytest
from flask import Flask
from sqlalchemy import func
from sqlalchemy import select
from sqlalchemy.orm import Session

from hotline.infra.db import get_session
from hotline.infra.db import request_connection
from hotline.infra.db import rollback_request
from hotline.models import Owner


def owners(session: Session) -> int:
    session.rollback()
    return session.scalar(select(func.count(Owner.id))) or 0


def test_a_session_opened_after_the_connection_runs_on_it_and_really_commits(app: Flask, session: Session) -> None:
    with app.test_request_context("/ivr/voice", method="POST"):
        conn = request_connection()
        assert conn.scalar(select(func.count(Owner.id))) == 0
        with pytest.raises(RuntimeError, match="inside a transaction"):
            get_session()  # it would only join the read, and its commit would commit nothing
        conn.commit()
        request_session = get_session()
        assert request_session.connection() is conn
        request_session.add(Owner(full_name="Trần Thị B", phone="+84905000111"))
        request_session.commit()
    assert owners(session) == 1  # seen from another connection: committed for real


def test_rollback_request_undoes_both_and_teardown_closes_the_connection(app: Flask, session: Session) -> None:
    with app.test_request_context("/ivr/voice", method="POST"):
        conn = request_connection()
        conn.execute(Owner.__table__.insert(), {"full_name": "Lê Văn C", "name_folded": "le van c",
                                                "needs_review": False})
        rollback_request()
        assert not conn.in_transaction()
        request_session = get_session()
        request_session.add(Owner(full_name="Phạm Văn D"))
        request_session.flush()
        rollback_request()
        assert owners(session) == 0
    assert conn.closed
