"""Events: set-up, registration, brainstorming and B2B meetings."""

from maillage.events.models.b2b import (
    BlockedPair,
    Meeting,
    MeetingRequest,
    MeetingSeat,
    ScheduleRun,
)
from maillage.events.models.brainstorming import Challenge, Idea, IdeaMember, IdeaVote, Workshop
from maillage.events.models.event import B2BSession, ConferenceSession, Event
from maillage.events.models.pitches import Pitch, PitchFollowUp, PitchSession
from maillage.events.models.registration import Registration

__all__ = [
    "B2BSession",
    "BlockedPair",
    "Challenge",
    "ConferenceSession",
    "Event",
    "Idea",
    "IdeaMember",
    "IdeaVote",
    "Meeting",
    "MeetingRequest",
    "MeetingSeat",
    "Pitch",
    "PitchFollowUp",
    "PitchSession",
    "Registration",
    "ScheduleRun",
    "Workshop",
]
