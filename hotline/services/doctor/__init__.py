"""`hotline check`'s rules: what is wrong with this installation, one line per problem, before callers find out.

Each rule looks at one part and returns a Finding. The rules here need only the services floor and
below; the speech model's rule is in hotline.speech.checkup, and the CLI and the admins' page add it.
"""

from __future__ import annotations

from hotline.services.doctor.clock import check_clock
from hotline.services.doctor.data import check_calendar
from hotline.services.doctor.data import check_catalogue
from hotline.services.doctor.finding import Finding
from hotline.services.doctor.finding import Rule
from hotline.services.doctor.finding import run_rules
from hotline.services.doctor.settings import check_public_url
from hotline.services.doctor.settings import check_secret_key
from hotline.services.doctor.settings import check_twilio
from hotline.services.doctor.stores import check_database
from hotline.services.doctor.stores import check_disk
from hotline.services.doctor.stores import check_queue
from hotline.services.doctor.twilio_number import check_twilio_number

# Each part's rule, in the order a technician fixes them: settings first, then what they reach, then the data.
RULES: dict[str, Rule] = {
    "secret_key": check_secret_key,
    "public_url": check_public_url,
    "twilio": check_twilio,
    "database": check_database,
    "queue": check_queue,
    "disk": check_disk,
    "catalogue": check_catalogue,
    "calendar": check_calendar,
    "clock": check_clock,
}

__all__ = ["RULES", "Finding", "Rule", "check_twilio_number", "run_rules"]
