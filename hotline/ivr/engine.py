"""Run the flow table: enter a step, judge an answer, re-prompt, hand over after three tries."""

from __future__ import annotations

from hotline.ivr.flow import FLOW
from hotline.ivr.flow import MAX_TRIES
from hotline.ivr.flow import PERSON_KEY
from hotline.ivr.flow import PERSON_STEP
from hotline.ivr.flow import RECORDING_NOTICE
from hotline.ivr.flow import REPEAT_KEY
from hotline.ivr.flow import Input
from hotline.ivr.turn import Turn
from hotline.ivr.twiml import Reply
from hotline.models import utcnow
from hotline.services.privacy_notice import privacy_site

# The call's memory of the recording notice: when it was said.
NOTICE_GIVEN_AT = "notice_given_at"
# The call's memory of the step it left for a person (three bad answers, or 0): a new dossier left unfiled
# there is a draft to call back.
HANDED_OVER_AT = "handed_over_at"


class FlowError(RuntimeError):
    """A step tried to lead somewhere it does not lead in the flow table."""


def enter(turn: Turn, step: str) -> Reply:
    """Put the caller at `step` and say it; a step that moves on by itself leads to the next one."""
    turn.step = step
    if FLOW[step].input is Input.RECORDING:
        give_recording_notice(turn)
    onward = FLOW[step].says(turn)
    if onward is None:
        return turn.reply
    return go(turn, onward)


def give_recording_notice(turn: Turn) -> None:
    """Before the call's first recording, say that it is recorded, why, and where the caller's rights are.

    The call's state keeps when it was said, in the same step row as the reply that said it: a retried
    webhook gets that stored reply, notice and all, and no later step of the call says it again.
    """
    if turn.get(NOTICE_GIVEN_AT) is None:
        turn.reply.say(RECORDING_NOTICE, site=privacy_site())
        turn.set(NOTICE_GIVEN_AT, utcnow().isoformat(timespec="seconds"))


def go(turn: Turn, target: str) -> Reply:
    """Move on from the current step to `target`, as the flow table allows."""
    if target not in FLOW[turn.step].targets():
        raise FlowError(f"step {turn.step!r} does not lead to {target!r}")
    return enter(turn, target)


def answer(turn: Turn, step: str) -> Reply:
    """Judge the caller's answer to `step` and say what comes next."""
    if step != turn.step or step not in FLOW:
        # A stale or out-of-order request: ask the step the call is really at again.
        return enter(turn, turn.step)
    spec = FLOW[step]
    if spec.asks and REPEAT_KEY in turn.digits:
        return enter(turn, step)
    if spec.asks and turn.digits == PERSON_KEY:
        return hand_over(turn, step)
    if not turn.digits and spec.silence and spec.input is not Input.RECORDING:
        return go(turn, spec.silence)
    target = spec.judge(turn) if spec.judge is not None else spec.keys.get(turn.digits)
    if target is None:
        return try_again(turn, step)
    turn.set("tries", 0)
    return go(turn, target)


def try_again(turn: Turn, step: str) -> Reply:
    """A short re-prompt; the third bad answer goes to the operator branch."""
    tries = int(turn.get("tries", 0)) + 1
    if tries >= MAX_TRIES:
        turn.reply.say("too_many_tries")
        return hand_over(turn, step)
    turn.set("tries", tries)
    turn.reply.say("invalid")
    return enter(turn, step)


def hand_over(turn: Turn, step: str) -> Reply:
    """Leave `step` for a person (OUT_OF_TRIES is that step too), remembering where the caller left."""
    turn.set("tries", 0)
    turn.set(HANDED_OVER_AT, step)
    return enter(turn, PERSON_STEP)
