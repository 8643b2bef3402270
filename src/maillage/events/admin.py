from django.contrib import admin

from maillage.events.models import (
    B2BSession,
    BlockedPair,
    Challenge,
    ConferenceSession,
    Event,
    Idea,
    IdeaMember,
    IdeaVote,
    Meeting,
    MeetingRequest,
    MeetingSeat,
    Pitch,
    PitchFollowUp,
    PitchSession,
    Registration,
    ScheduleRun,
    Workshop,
)


class B2BSessionInline(admin.TabularInline[B2BSession, Event]):
    model = B2BSession
    extra = 0


class ConferenceSessionInline(admin.TabularInline[ConferenceSession, Event]):
    model = ConferenceSession
    extra = 0


@admin.register(Event)
class EventAdmin(admin.ModelAdmin[Event]):
    list_display = ("name", "year", "start_date", "end_date", "venue", "participant_count")
    list_filter = ("year",)
    search_fields = ("name", "description", "venue")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("organisers",)
    inlines = (B2BSessionInline, ConferenceSessionInline)


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin[Registration]):
    list_display = ("organisation", "event", "role", "status", "checked_in_at", "no_show")
    list_filter = ("event", "role", "status", "no_show")
    search_fields = ("organisation__name", "user__email")
    raw_id_fields = ("user", "organisation", "event")


@admin.register(MeetingRequest)
class MeetingRequestAdmin(admin.ModelAdmin[MeetingRequest]):
    list_display = ("requester", "recipient", "status", "mutual", "proposed_by_organiser")
    list_filter = ("event", "status", "mutual", "proposed_by_organiser")
    raw_id_fields = ("event", "requester", "recipient")


@admin.register(ScheduleRun)
class ScheduleRunAdmin(admin.ModelAdmin[ScheduleRun]):
    list_display = ("event", "status", "progress", "created_at", "published_at", "is_replan")
    list_filter = ("status", "is_replan")
    readonly_fields = ("stats",)


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin[Meeting]):
    list_display = ("request", "run", "slot", "table", "locked")
    list_filter = ("locked",)
    raw_id_fields = ("run", "request")


# Rows an administrator rarely edits but may need to inspect or correct.
for model in (
    B2BSession,
    BlockedPair,
    Challenge,
    ConferenceSession,
    Idea,
    IdeaMember,
    IdeaVote,
    MeetingSeat,
    Workshop,
):
    admin.site.register(model)


class PitchInline(admin.TabularInline[Pitch, PitchSession]):
    model = Pitch
    extra = 0
    autocomplete_fields = ("organisation",)
    raw_id_fields = ("presenter",)


@admin.register(PitchSession)
class PitchSessionAdmin(admin.ModelAdmin[PitchSession]):
    list_display = ("title", "event", "starts_at", "room")
    search_fields = ("title", "event__name")
    raw_id_fields = ("event",)
    inlines = (PitchInline,)


@admin.register(Pitch)
class PitchAdmin(admin.ModelAdmin[Pitch]):
    list_display = ("title", "session", "position", "team", "stand")
    search_fields = ("title", "team", "session__title")
    autocomplete_fields = ("organisation",)
    raw_id_fields = ("session", "presenter")


@admin.register(PitchFollowUp)
class PitchFollowUpAdmin(admin.ModelAdmin[PitchFollowUp]):
    list_display = ("pitch", "registration", "created_at")
    search_fields = ("pitch__title", "registration__organisation__name")
    raw_id_fields = ("pitch", "registration", "meeting_request")
