"""The call flow as data: every step, the function that says it, the input it takes and where answers lead."""

from __future__ import annotations

import enum
from collections.abc import Callable
from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import field

from hotline.ivr import menus
from hotline.ivr import new_dossier
from hotline.ivr import rating
from hotline.ivr import rearrange
from hotline.ivr.turn import Turn

# Says the step to the caller; returns the step to go on to at once, or None to wait for the caller.
Says = Callable[[Turn], str | None]
# Reads the caller's free answer into the next step; None: not a valid answer (re-prompt).
Judge = Callable[[Turn], str | None]


class Input(str, enum.Enum):
    KEY = "key"          # one key
    DIGITS = "digits"    # several keys ending in #
    RECORDING = "recording"
    NONE = "none"        # the step speaks and moves on or ends the call


@dataclass(frozen=True)
class Step:
    input: Input
    says: Says
    # Reads answers the keys alone do not decide; None: the keys decide.
    judge: Judge | None = None
    # Key -> next step, for menus the table alone decides.
    keys: Mapping[str, str] = field(default_factory=dict)
    # Steps the judge or the step itself may lead to, beyond the keys.
    leads_to: tuple[str, ...] = ()
    # Where no answer at all leads; None: re-prompt like any bad answer.
    silence: str | None = None
    prompts: tuple[str, ...] = ()

    @property
    def asks(self) -> bool:
        """Whether the step waits for keys, and so takes the keys every question takes (REPEAT_KEY, PERSON_KEY)."""
        return self.input in (Input.KEY, Input.DIGITS)

    def targets(self) -> set[str]:
        return {*self.keys.values(), *self.leads_to, *([self.silence] if self.silence else []),
                *([PERSON_STEP] if self.asks else [])}


K, D, R, N = Input.KEY, Input.DIGITS, Input.RECORDING, Input.NONE

FLOW: dict[str, Step] = {
    "main_menu": Step(K, menus.main_menu,
                      keys={"1": "choose_procedure", "2": "status_menu", "3": "record_feedback", "4": "rate_service",
                            "9": "switch_language"},
                      prompts=("welcome", "welcome_owner", "keys_help", "main_menu", "language_offer")),
    "switch_language": Step(N, menus.switch_language, leads_to=("main_menu",), prompts=("keys_help",)),
    "choose_procedure": Step(K, new_dossier.choose_procedure, new_dossier.read_procedure_key,
                             leads_to=("ask_vessel_number", "tell_charges"),
                             prompts=("choose_procedure", "procedure_option")),
    "ask_vessel_number": Step(D, new_dossier.ask_vessel_number, new_dossier.read_vessel_number,
                              leads_to=("confirm_vessel_number",), prompts=("ask_vessel_number",)),
    "confirm_vessel_number": Step(K, new_dossier.confirm_vessel_number,
                                  keys={"1": "tell_charges", "2": "ask_vessel_number"},
                                  prompts=("confirm_vessel_number",)),
    # Before anything is filed, the caller hears what the procedure costs and what the post will collect.
    "tell_charges": Step(N, new_dossier.tell_charges, leads_to=("record_note",), prompts=("tell_charges",)),
    "record_note": Step(R, new_dossier.record_note, new_dossier.after_note,
                        leads_to=("confirm_address", "record_address", "record_name"), prompts=("record_note",)),
    "record_name": Step(R, new_dossier.record_name, new_dossier.after_name, leads_to=("record_address",),
                        prompts=("record_name",)),
    # Keeping the address on file (1), or recording a new one, confirms the dossier: it is filed then.
    "confirm_address": Step(K, new_dossier.confirm_address, new_dossier.read_address_choice,
                            leads_to=("read_receipt", "record_address"), prompts=("confirm_address",)),
    "record_address": Step(R, new_dossier.record_address, new_dossier.after_address, leads_to=("read_receipt",),
                           prompts=("record_address",)),
    "read_receipt": Step(K, new_dossier.read_receipt, keys={"1": "read_receipt"}, silence="goodbye",
                         prompts=("read_receipt",)),
    "status_menu": Step(D, menus.status_menu, menus.read_dossier_choice, leads_to=("read_status",),
                        prompts=("status_choose_dossier", "listed_vessel", "ask_phone_code")),
    "read_status": Step(K, menus.read_status, keys={"1": "read_status", "2": "status_menu", "9": "main_menu",
                                                   "3": "choose_new_day", "4": "ask_proxy_phone"},
                        silence="goodbye",
                        prompts=("read_status", "promise_due", "promise_expected", "delivery_none",
                                 "delivery_planned", "delivery_on_manifest", "delivery_failed",
                                 "delivery_done", "delivery_returned", "rearrange_delivery_offer",
                                 "rearrange_pickup_offer")),
    # A failed pickup or delivery rearranged by the caller: a new day, or a stand-in's number.
    "choose_new_day": Step(K, rearrange.choose_new_day, rearrange.read_new_day, leads_to=("rearranged", "read_status"),
                           prompts=("choose_new_day", "new_day_option", "nothing_to_rearrange")),
    "ask_proxy_phone": Step(D, rearrange.ask_proxy_phone, rearrange.read_proxy_phone,
                            leads_to=("confirm_proxy_phone", "read_status"),
                            prompts=("ask_proxy_phone", "nothing_to_rearrange")),
    "confirm_proxy_phone": Step(K, rearrange.confirm_proxy_phone, rearrange.read_proxy_confirmation,
                                leads_to=("rearranged", "ask_proxy_phone"), prompts=("confirm_proxy_phone",)),
    "rearranged": Step(N, rearrange.rearranged, leads_to=("goodbye",), prompts=("rearranged_day", "rearranged_proxy")),
    "record_feedback": Step(R, menus.record_feedback, menus.after_feedback, leads_to=("goodbye",),
                            prompts=("record_feedback", "feedback_thanks")),
    "rate_service": Step(K, rating.rate_service, rating.read_rating, leads_to=("main_menu", "goodbye"),
                         prompts=("rate_service", "nothing_to_rate", "rating_thanks")),
    "operator": Step(N, menus.operator, leads_to=("record_voicemail",),
                     prompts=("operator", "operator_busy", "office_closed")),
    "record_voicemail": Step(R, menus.record_voicemail, menus.after_voicemail, leads_to=("goodbye",),
                             prompts=("record_voicemail", "voicemail_thanks")),
    "goodbye": Step(N, menus.goodbye, prompts=("goodbye",)),
}

FIRST_STEP = "main_menu"
# Every step that asks something (a <Gather>) takes these two keys besides its own, and no step may give them
# another meaning: * says the step again, 0 reaches a person (W3C's guidance for voice menus; SPEC §3.8).
# An answer of several digits means them only when it is * (anywhere: no number is keyed with a star) or 0
# alone: no vessel number (4 or 5 digits), phone code (never starting with 0) or list choice (1-9) is "0".
REPEAT_KEY = "*"
PERSON_KEY = "0"
# The step that reaches a person: the operators in office hours, else a voicemail that becomes a call-back.
PERSON_STEP = "operator"
# Where a caller goes after three bad answers.
OUT_OF_TRIES = PERSON_STEP
MAX_TRIES = 3
# Steps of a new dossier not yet filed: a call that ends here leaves a draft to call back.
DOSSIER_STEPS = frozenset({"choose_procedure", "ask_vessel_number", "confirm_vessel_number", "tell_charges",
                           "record_note",
                           "record_name", "confirm_address", "record_address"})
# Said before the first step that records, once per call (Law 91/2025/QH15: the caller is told first).
RECORDING_NOTICE = "recording_notice"
# Prompts every step may add: the re-prompt, the hand-over, the apology and the recording notice.
SHARED_PROMPTS = ("invalid", "too_many_tries", "apology", RECORDING_NOTICE)
