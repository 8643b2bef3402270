"""Impact: the follow-up of each event's meetings, the answers, and the reports built on them."""

from maillage.impact.models.answers import MeetingRating, Outcome
from maillage.impact.models.followup import FollowUpPlan, Invitation, OptOut, Wave
from maillage.impact.models.reports import ReferenceFigure, ReportJob

__all__ = [
    "FollowUpPlan",
    "Invitation",
    "MeetingRating",
    "OptOut",
    "Outcome",
    "ReferenceFigure",
    "ReportJob",
    "Wave",
]
