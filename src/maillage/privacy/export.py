"""Everything the platform holds about one person, as plain JSON-ready data (GDPR art. 15, 20).

Secrets are left out on purpose (password hash, API token hashes, the agenda feed's token):
they are credentials, not information about the person.
"""

from typing import Any

from django.db.models import Q
from django.utils import timezone

from maillage.accounts.models import Affiliation, AffiliationClaim, User
from maillage.api.models import ApiToken
from maillage.audit.models import AuditEvent
from maillage.ecosystem.models import Contact, ImportBatch
from maillage.events.models import (
    Challenge,
    Idea,
    IdeaMember,
    IdeaVote,
    MeetingRequest,
    MeetingSeat,
    Registration,
    ScheduleRun,
)
from maillage.matching.models import SuggestionFeedback

#: Bumped when the layout of the export changes.
FORMAT_VERSION = 1


def personal_data_of(user: User) -> dict[str, Any]:
    """The person's account, roles, requests to join organisations, contact entries and
    consents, registrations, meeting requests and meetings, brainstorming contributions,
    feedback, tokens, imports and the audit events of their own actions."""
    registrations = Registration.objects.filter(user=user)
    return {
        "format": FORMAT_VERSION,
        "exported_at": timezone.now(),
        "account": {
            "email": user.email,
            "full_name": user.full_name,
            "language": user.language,
            "date_joined": user.date_joined,
            "last_login": user.last_login,
            "platform_admin": user.is_platform_admin,
        },
        "affiliations": list(
            Affiliation.objects.filter(user=user)
            .order_by("pk")
            .values("organisation__name", "organisation__slug", "role", "created_at")
        ),
        "requests_to_join": list(
            AffiliationClaim.objects.filter(user=user)
            .order_by("pk")
            .values("organisation__name", "role", "message", "status", "created_at", "decided_at")
        ),
        "contact_entries": list(
            Contact.objects.filter(user=user)
            .order_by("pk")
            .values(
                "organisation__name",
                "first_name",
                "last_name",
                "job_title",
                "email",
                "phone",
                "public_consent",
            )
        ),
        "registrations": list(
            registrations.order_by("pk").values(
                "event__name",
                "event__slug",
                "organisation__name",
                "role",
                "status",
                "offers",
                "needs",
                "unavailable_slots",
                "max_meetings",
                "created_at",
                "checked_in_at",
                "no_show",
            )
        ),
        "meeting_requests": list(
            MeetingRequest.objects.filter(Q(requester__user=user) | Q(recipient__user=user))
            .order_by("pk")
            .values(
                "event__name",
                "requester__organisation__name",
                "recipient__organisation__name",
                "message",
                "status",
                "created_at",
                "answered_at",
            )
        ),
        "meetings": list(
            MeetingSeat.objects.filter(
                registration__user=user, run__in=ScheduleRun.objects.published()
            )
            .order_by("pk")
            .values(
                "run__event__name",
                "slot",
                "meeting__table",
                "meeting__request__requester__organisation__name",
                "meeting__request__recipient__organisation__name",
            )
        ),
        "challenges": list(
            Challenge.objects.filter(posted_by__user=user)
            .order_by("pk")
            .values("workshop__event__name", "title", "description", "created_at")
        ),
        "ideas": list(
            Idea.objects.filter(author__user=user)
            .order_by("pk")
            .values("challenge__title", "text", "created_at")
        ),
        "idea_teams": list(
            IdeaMember.objects.filter(registration__user=user).order_by("pk").values("idea__text")
        ),
        "idea_votes": list(
            IdeaVote.objects.filter(registration__user=user).order_by("pk").values("idea__text")
        ),
        "suggestion_feedback": list(
            SuggestionFeedback.objects.filter(user=user)
            .order_by("pk")
            .values("subject__name", "suggested__name", "useful", "created_at")
        ),
        "api_tokens": list(
            ApiToken.objects.filter(user=user)
            .order_by("pk")
            .values("name", "prefix", "created_at", "last_used_at")
        ),
        "imports": list(
            ImportBatch.objects.filter(imported_by=user)
            .order_by("pk")
            .values("network__name", "file_name", "row_count", "created_at")
        ),
        "audit_events": list(
            AuditEvent.objects.filter(actor_id=user.pk)
            .order_by("at", "pk")
            .values("at", "action", "target_type", "target_label")
        ),
    }
