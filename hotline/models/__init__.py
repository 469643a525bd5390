"""SQLAlchemy models, one module per aggregate."""

from hotline.models.base import Base
from hotline.models.base import UTCDateTime
from hotline.models.base import utcnow
from hotline.models.call import Call
from hotline.models.call import CallbackState
from hotline.models.call import CallbackTask
from hotline.models.call import CallStatus
from hotline.models.call import CallStep
from hotline.models.call import ProviderCopy
from hotline.models.call import Recording
from hotline.models.call import RecordingPurpose
from hotline.models.call import TranscriptStatus
from hotline.models.dossier import ALLOWED_MOVES
from hotline.models.dossier import ON_ENTRY
from hotline.models.dossier import REASON_REQUIRED
from hotline.models.dossier import Channel
from hotline.models.dossier import Dossier
from hotline.models.dossier import DossierEvent
from hotline.models.dossier import DossierSequence
from hotline.models.dossier import DossierState
from hotline.models.dossier import Effect
from hotline.models.dossier import ReasonRequiredError
from hotline.models.dossier import TransitionError
from hotline.models.dossier import VesselFlag
from hotline.models.feedback import Feedback
from hotline.models.feedback import FeedbackState
from hotline.models.feedback import RatingChannel
from hotline.models.feedback import SatisfactionRating
from hotline.models.message import MessageState
from hotline.models.message import OutgoingMessage
from hotline.models.owner import Owner
from hotline.models.owner import OwnerName
from hotline.models.owner import Vessel
from hotline.models.personal import Personal
from hotline.models.privacy import PrivacyRequest
from hotline.models.privacy import RequestKind
from hotline.models.privacy import RequestState
from hotline.models.procedure import Procedure
from hotline.models.shipment import Manifest
from hotline.models.shipment import Route
from hotline.models.shipment import Shipment
from hotline.models.shipment import ShipmentAttempt
from hotline.models.shipment import ShipmentKind
from hotline.models.shipment import ShipmentState
from hotline.models.shipment import StopOutcome
from hotline.models.shipment import TrackingSequence
from hotline.models.user import ApiToken
from hotline.models.user import AuditEntry
from hotline.models.user import Role
from hotline.models.user import User

__all__ = [
    "ALLOWED_MOVES",
    "REASON_REQUIRED",
    "ON_ENTRY",
    "ApiToken",
    "AuditEntry",
    "Base",
    "Call",
    "CallStatus",
    "CallStep",
    "CallbackState",
    "CallbackTask",
    "Channel",
    "Dossier",
    "DossierEvent",
    "DossierSequence",
    "DossierState",
    "Effect",
    "Feedback",
    "FeedbackState",
    "Manifest",
    "MessageState",
    "OutgoingMessage",
    "Owner",
    "OwnerName",
    "Personal",
    "PrivacyRequest",
    "Procedure",
    "ProviderCopy",
    "RatingChannel",
    "Recording",
    "RecordingPurpose",
    "RequestKind",
    "RequestState",
    "Role",
    "Route",
    "SatisfactionRating",
    "Shipment",
    "ShipmentAttempt",
    "ShipmentKind",
    "ShipmentState",
    "StopOutcome",
    "TrackingSequence",
    "TranscriptStatus",
    "ReasonRequiredError",
    "TransitionError",
    "VesselFlag",
    "UTCDateTime",
    "User",
    "Vessel",
    "utcnow",
]
