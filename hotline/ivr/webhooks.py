"""The voice blueprint: thin webhook views that check the signature, hand the form to the flow, answer TwiML."""

from __future__ import annotations

import logging
import uuid

from flask import Blueprint
from flask import Response
from flask import request
from flask import send_from_directory
from flask import url_for
from flask.typing import ResponseReturnValue
from werkzeug.exceptions import HTTPException

from hotline.infra.db import get_session
from hotline.infra.db import rollback_request
from hotline.ivr.answers import answer_once
from hotline.ivr.calls import close_call
from hotline.ivr.calls import keep_recording
from hotline.ivr.engine import answer as answer_step
from hotline.ivr.engine import enter
from hotline.ivr.flow import FIRST_STEP
from hotline.ivr.menus import operators_without_records
from hotline.ivr.turn import Turn
from hotline.ivr.twiml import Reply
from hotline.ivr.twiml import prompt_dir
from hotline.web.twilio_signature import twilio_signed
from hotline.web.webhook_form import clean_text
from hotline.web.webhook_form import webhook_form

log = logging.getLogger(__name__)

bp = Blueprint("ivr", __name__, url_prefix="/ivr")


def twiml(xml: str) -> Response:
    return Response(xml, mimetype="text/xml")


def greet(turn: Turn) -> Reply:
    owner = turn.known_owner
    if owner is not None:
        turn.reply.say("welcome_owner", name=owner.full_name)
    else:
        turn.reply.say("welcome")
    turn.reply.say("keys_help")
    return enter(turn, FIRST_STEP)


@bp.post("/voice")
@twilio_signed
def voice() -> ResponseReturnValue:
    """An incoming call: greet the caller (by name when known) and say the main menu."""
    return twiml(answer_once(webhook_form(), "voice", greet))


@bp.post("/step/<step>")
@twilio_signed
def answer(step: str) -> ResponseReturnValue:
    """The caller's answer to a step; `n` numbers the reply it answers, so retries are recognised."""
    key = clean_text(f"{step[:40]}#{request.args.get('n', '')[:20]}")
    return twiml(answer_once(webhook_form(), key, lambda turn: answer_step(turn, step)))


@bp.post("/operator")
@twilio_signed
def operator() -> ResponseReturnValue:
    """Where the apology sends the caller: the operator branch."""
    key = clean_text(f"operator#{request.args.get('n', '')[:40]}")
    return twiml(answer_once(webhook_form(), key, lambda turn: enter(turn, "operator")))


@bp.post("/recording")
@twilio_signed
def recording() -> ResponseReturnValue:
    keep_recording(get_session(), webhook_form(), request.args.get("purpose"))
    return twiml(Reply().xml())


@bp.post("/status")
@twilio_signed
def status() -> ResponseReturnValue:
    close_call(get_session(), webhook_form())
    return twiml(Reply().xml())


@bp.get("/prompts/<path:filename>")
def prompt_audio(filename: str) -> ResponseReturnValue:
    """The centre's recorded prompts, fetched by Twilio for <Play>."""
    return send_from_directory(prompt_dir(), filename)


@bp.errorhandler(Exception)
def apologise(exc: Exception) -> ResponseReturnValue:
    """Never an error page to Twilio: log it, say sorry and offer the operator."""
    if isinstance(exc, HTTPException):
        return exc
    log.exception("IVR webhook %s failed", request.path)
    rollback_request()
    reply = Reply()
    reply.say("apology")
    if request.endpoint == "ivr.operator":
        operators_without_records(reply)
    else:
        reply.redirect(url_for("ivr.operator", n=uuid.uuid4().hex))
    return twiml(reply.xml())
