"""The call flow as data: every step, the input it takes and where each answer leads."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import field


class Input(str, enum.Enum):
    KEY = "key"          # one key
    DIGITS = "digits"    # several keys ending in #
    RECORDING = "recording"
    NONE = "none"        # the step speaks and moves on or ends the call


@dataclass(frozen=True)
class Step:
    input: Input
    # Key -> next step, for menus the table alone decides.
    keys: Mapping[str, str] = field(default_factory=dict)
    # Steps an answer handler or the step itself may lead to, beyond the keys.
    leads_to: tuple[str, ...] = ()
    # Where no answer at all leads; None: re-prompt like any bad answer.
    silence: str | None = None
    prompts: tuple[str, ...] = ()

    def targets(self) -> set[str]:
        return {*self.keys.values(), *self.leads_to, *([self.silence] if self.silence else [])}


K, D, R, N = Input.KEY, Input.DIGITS, Input.RECORDING, Input.NONE

FLOW: dict[str, Step] = {
    "main_menu": Step(K, {"1": "choose_procedure", "2": "status_menu", "3": "record_feedback",
                          "4": "rate_service", "0": "operator", "9": "switch_language"},
                      prompts=("welcome", "welcome_owner", "main_menu")),
    "switch_language": Step(N, leads_to=("main_menu",)),
    "choose_procedure": Step(K, leads_to=("ask_vessel_number", "record_note"),
                             prompts=("choose_procedure", "procedure_option")),
    "ask_vessel_number": Step(D, leads_to=("confirm_vessel_number",), prompts=("ask_vessel_number",)),
    "confirm_vessel_number": Step(K, {"1": "record_note", "2": "ask_vessel_number"},
                                  prompts=("confirm_vessel_number",)),
    "record_note": Step(R, leads_to=("confirm_address", "record_address", "record_name"),
                        prompts=("record_note",)),
    "record_name": Step(R, leads_to=("record_address",), prompts=("record_name",)),
    "confirm_address": Step(K, {"1": "read_receipt", "2": "record_address"}, prompts=("confirm_address",)),
    "record_address": Step(R, leads_to=("read_receipt",), prompts=("record_address",)),
    "read_receipt": Step(K, {"1": "read_receipt"}, silence="goodbye", prompts=("read_receipt",)),
    "status_menu": Step(D, leads_to=("read_status",),
                        prompts=("status_choose_dossier", "ask_phone_code")),
    "read_status": Step(K, {"1": "read_status", "2": "status_menu", "0": "main_menu"}, silence="goodbye",
                        prompts=("read_status", "promise_due", "promise_expected", "delivery_none",
                                 "delivery_planned", "delivery_on_manifest", "delivery_failed",
                                 "delivery_done", "delivery_returned")),
    "record_feedback": Step(R, leads_to=("goodbye",), prompts=("record_feedback", "feedback_thanks")),
    "rate_service": Step(K, leads_to=("main_menu", "goodbye"),
                         prompts=("rate_service", "nothing_to_rate", "rating_thanks")),
    "operator": Step(N, leads_to=("record_voicemail",), prompts=("operator", "operator_busy", "office_closed")),
    "record_voicemail": Step(R, leads_to=("goodbye",), prompts=("record_voicemail", "voicemail_thanks")),
    "goodbye": Step(N, prompts=("goodbye",)),
}

FIRST_STEP = "main_menu"
# Where a caller goes after three bad answers.
OUT_OF_TRIES = "operator"
MAX_TRIES = 3
# Steps of a new dossier not yet filed: a call that ends here leaves a draft to call back.
DOSSIER_STEPS = frozenset({"choose_procedure", "ask_vessel_number", "confirm_vessel_number", "record_note",
                           "record_name", "confirm_address", "record_address"})
# Prompts every step may add: the re-prompt, the hand-over and the apology.
SHARED_PROMPTS = ("invalid", "too_many_tries", "apology")
