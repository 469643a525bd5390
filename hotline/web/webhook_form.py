"""A webhook's fields as the channels use them: no control character reaches a step, a query or a row.

Twilio passes on what the caller's network sends, and no field of its webhooks legitimately holds a
control character; an SMS may hold line breaks. PostgreSQL refuses NUL in text outright. Each control
character is replaced by U+FFFD, Unicode's mark for a character that could not be taken, rather than
dropped: "1\\x00" must not become the key "1". Every check downstream then refuses the value as it
refuses any other bad input: a key that is not a key is asked for again, a number that is not a
number is an unknown caller.
"""

from __future__ import annotations

import re

from flask import request
from werkzeug.datastructures import ImmutableMultiDict

REPLACEMENT = "\ufffd"
# C0 controls, DEL and C1 controls.
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
# The same, less tab and line breaks, for text a person wrote.
CONTROL_IN_TEXT = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def clean_text(value: str, free_text: bool = False) -> str:
    """`value` with each control character replaced; `free_text` keeps tabs and line breaks."""
    return (CONTROL_IN_TEXT if free_text else CONTROL).sub(REPLACEMENT, value)


def webhook_form(free_text: frozenset[str] = frozenset()) -> ImmutableMultiDict[str, str]:
    """This webhook's form fields, cleaned; the fields named in `free_text` keep tabs and line breaks.

    The signature is checked on the fields as Twilio sent them (`request.form`); the views read these.
    """
    return ImmutableMultiDict([(clean_text(key), clean_text(value, key in free_text))
                               for key, value in request.form.items(multi=True)])
