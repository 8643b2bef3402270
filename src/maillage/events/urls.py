from django.urls import path

from maillage.events.views import (
    agenda,
    announcements,
    b2b,
    brainstorming,
    checkin,
    dashboard,
    eventday,
    pitches,
    registration,
    requests,
    scheduling,
    setup,
)

app_name = "events"

urlpatterns = [
    # -- set-up, public page and registration -------------------------------------------------
    path("", registration.event_list, name="event_list"),
    # Before the event routes, so "new" is never taken for a slug.
    path("new/", setup.setup_create, name="setup_create"),
    path("<slug:slug>/", registration.event_detail, name="event_detail"),
    path("<slug:slug>/setup/", setup.setup_programme, name="setup_programme"),
    path("<slug:slug>/register/", registration.register, name="register"),
    path("<slug:slug>/register/cancel/", registration.register_cancel, name="register_cancel"),
    # -- brainstorming -------------------------------------------------------------------------
    path("<slug:slug>/brainstorming/", brainstorming.brainstorm_page, name="brainstorm_page"),
    path(
        "<slug:slug>/brainstorming/ideas.csv",
        brainstorming.brainstorm_export,
        {"file_format": "csv"},
        name="brainstorm_export_csv",
    ),
    path(
        "<slug:slug>/brainstorming/ideas.xlsx",
        brainstorming.brainstorm_export,
        {"file_format": "xlsx"},
        name="brainstorm_export_xlsx",
    ),
    path(
        "<slug:slug>/brainstorming/<str:action>/",
        brainstorming.brainstorm_action,
        name="brainstorm_action",
    ),
    # -- B2B meetings ---------------------------------------------------------------------------
    path("<slug:slug>/b2b/participants/", b2b.b2b_participants, name="b2b_participants"),
    path("<slug:slug>/b2b/suggestions/", b2b.b2b_suggestions, name="b2b_suggestions"),
    path("<slug:slug>/b2b/requests/", b2b.b2b_requests, name="b2b_requests"),
    path("<slug:slug>/b2b/requests/send/", b2b.b2b_request_send, name="b2b_request_send"),
    path("<slug:slug>/b2b/requests/all/", requests.requests_list, name="requests_list"),
    path(
        "<slug:slug>/b2b/requests/all/requests.csv",
        requests.requests_export,
        {"fmt": "csv"},
        name="requests_csv",
    ),
    path(
        "<slug:slug>/b2b/requests/all/requests.xlsx",
        requests.requests_export,
        {"fmt": "xlsx"},
        name="requests_xlsx",
    ),
    path(
        "<slug:slug>/b2b/requests/<int:request_id>/accept/",
        b2b.b2b_request_answer,
        {"answer": "accept"},
        name="b2b_request_accept",
    ),
    path(
        "<slug:slug>/b2b/requests/<int:request_id>/decline/",
        b2b.b2b_request_answer,
        {"answer": "decline"},
        name="b2b_request_decline",
    ),
    path("<slug:slug>/b2b/propose/", b2b.b2b_propose, name="b2b_propose"),
    path("<slug:slug>/b2b/block/", b2b.b2b_block, name="b2b_block"),
    path("<slug:slug>/b2b/feedback/", b2b.b2b_feedback, name="b2b_feedback"),
    # -- scheduling and agendas -----------------------------------------------------------------
    path("<slug:slug>/schedule/", scheduling.schedule_page, name="schedule"),
    path("<slug:slug>/schedule/start/", scheduling.schedule_start, name="schedule_start"),
    path("<slug:slug>/schedule/runs/<int:run_id>/", scheduling.schedule_run, name="schedule_run"),
    path(
        "<slug:slug>/schedule/runs/<int:run_id>/progress/",
        scheduling.schedule_progress,
        name="schedule_progress",
    ),
    path(
        "<slug:slug>/schedule/runs/<int:run_id>/publish/",
        scheduling.schedule_publish,
        name="schedule_publish",
    ),
    path(
        "<slug:slug>/schedule/runs/<int:run_id>/plan.pdf",
        scheduling.schedule_plan_pdf,
        name="schedule_plan_pdf",
    ),
    path(
        "<slug:slug>/schedule/meetings/<int:meeting_id>/lock/",
        scheduling.schedule_lock,
        name="schedule_lock",
    ),
    path("<slug:slug>/agenda/", agenda.agenda_page, name="agenda"),
    path("<slug:slug>/agenda/<int:registration_id>/", agenda.agenda_page, name="agenda_of"),
    path("<slug:slug>/agenda/<int:registration_id>.ics", agenda.agenda_ics, name="agenda_ics"),
    path("<slug:slug>/agenda/<int:registration_id>.pdf", agenda.agenda_pdf_view, name="agenda_pdf"),
    path("<slug:slug>/agenda/feed/<str:token>.ics", agenda.agenda_feed, name="agenda_feed"),
    # -- pitch sessions ---------------------------------------------------------------------------
    path("<slug:slug>/pitches/", pitches.pitch_list, name="pitches"),
    path("<slug:slug>/pitches.pdf", pitches.pitch_list_pdf, name="pitches_pdf"),
    path("<slug:slug>/pitches/sessions/", pitches.pitch_session_add, name="pitch_session_add"),
    path(
        "<slug:slug>/pitches/sessions/<int:session_id>/add/",
        pitches.pitch_add,
        name="pitch_add",
    ),
    path("<slug:slug>/pitches/<int:pitch_id>/edit/", pitches.pitch_edit, name="pitch_edit"),
    path("<slug:slug>/pitches/<int:pitch_id>/move/", pitches.pitch_move, name="pitch_move"),
    path("<slug:slug>/pitches/<int:pitch_id>/remove/", pitches.pitch_remove, name="pitch_remove"),
    path("<slug:slug>/pitches/<int:pitch_id>/follow/", pitches.pitch_follow, name="pitch_follow"),
    # -- event day and organiser dashboard ------------------------------------------------------
    path("<slug:slug>/day/", eventday.eventday_page, name="eventday_page"),
    path("<slug:slug>/day/badges.pdf", checkin.badges, name="eventday_badges"),
    path("<slug:slug>/day/scan/", checkin.scan, name="eventday_scan"),
    path("<slug:slug>/message/", announcements.announcement, name="announcement"),
    path(
        "<slug:slug>/day/attendance/<int:registration_id>/",
        eventday.eventday_attendance,
        name="eventday_attendance",
    ),
    path("<slug:slug>/day/replan/", eventday.eventday_replan, name="eventday_replan"),
    path("<slug:slug>/day/runs/<int:run_id>/", eventday.eventday_run, name="eventday_run"),
    path(
        "<slug:slug>/day/runs/<int:run_id>/publish/",
        eventday.eventday_publish,
        name="eventday_publish",
    ),
    path("<slug:slug>/dashboard/", dashboard.dashboard, name="dashboard"),
    path(
        "<slug:slug>/dashboard/participants.xlsx",
        dashboard.dashboard_export,
        {"what": "participants"},
        name="dashboard_participants_xlsx",
    ),
    path(
        "<slug:slug>/dashboard/meetings.xlsx",
        dashboard.dashboard_export,
        {"what": "meetings"},
        name="dashboard_meetings_xlsx",
    ),
]
