"""Who sees which page: the owner of the answers (alice), a colleague of her organisation, a
member of the same cluster (bob, for alice's answers), an outsider (charlie), the organiser (the
cluster's manager) and a platform admin."""

import re
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from maillage.impact.models import MeetingRating, ReportJob
from maillage.impact.services.answers import rate_meeting
from maillage.impact.tests.conftest import Followed

pytestmark = pytest.mark.django_db

type Login = Callable[[str], Client]
TODAY = timezone.localdate().isoformat()


def _rated(followed: Followed) -> None:
    rate_meeting(
        invitation=followed.invitations["A"],
        request_id=followed.request("A", "B").pk,
        took_place=True,
        interest="cooperation",
        comment="Our secret plans",
    )


@pytest.mark.parametrize(
    ("who", "status", "sees"),
    [
        ("alice", 200, True),
        ("colleague", 200, True),
        ("bob", 200, False),
        ("charlie", 200, False),
        ("manager", 200, False),
    ],
)
def test_history_shows_an_organisation_only_its_own_answers(
    as_user: Login, followed: Followed, who: str, status: int, sees: bool
) -> None:
    _rated(followed)

    response = as_user(who).get(reverse("impact:history"))

    assert response.status_code == status
    assert ("Alice Robotics SRL" in response.text) is sees


def test_history_needs_a_login(client: Client, followed: Followed) -> None:
    response = client.get(reverse("impact:history"))

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("alice", 200),
        ("colleague", 200),
        ("bob", 404),
        ("charlie", 404),
        ("manager", 404),
        ("admin", 200),
    ],
)
def test_a_rating_page_of_the_history(
    as_user: Login, followed: Followed, who: str, status: int
) -> None:
    _rated(followed)
    url = reverse(
        "impact:history_rate", args=[followed.invitations["A"].pk, followed.request("A", "B").pk]
    )

    response = as_user(who).get(url)

    assert response.status_code == status
    assert ("Our secret plans" in response.text) is (status == 200)


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("alice", 302),
        ("colleague", 302),
        ("bob", 404),
        ("charlie", 404),
        ("manager", 404),
        ("admin", 403),
    ],
)
def test_only_the_organisation_changes_its_answers(
    as_user: Login, followed: Followed, who: str, status: int
) -> None:
    url = reverse(
        "impact:history_rate", args=[followed.invitations["A"].pk, followed.request("A", "B").pk]
    )

    response = as_user(who).post(url, {"took_place": "no"})

    assert response.status_code == status
    assert MeetingRating.objects.exists() is (status == 302)


@pytest.mark.parametrize(
    ("who", "status"), [("admin", 200), ("alice", 200), ("bob", 403), ("manager", 403)]
)
def test_an_organisation_s_history_for_the_admins(
    as_user: Login, followed: Followed, who: str, status: int
) -> None:
    _rated(followed)
    url = reverse("impact:organisation_history", args=[followed.day.people["A"].organisation.slug])

    assert as_user(who).get(url).status_code == status


def test_history_stops_and_restarts_the_emails(as_user: Login, followed: Followed) -> None:
    client = as_user("alice")

    client.post(reverse("impact:subscription"), {"subscribe": "no"})
    stopped = client.get(reverse("impact:history")).text
    client.post(reverse("impact:subscription"), {"subscribe": "yes"})

    assert "You receive no follow-up e-mails." in stopped
    assert "You receive the follow-up e-mails." in client.get(reverse("impact:history")).text


@pytest.mark.parametrize("rows", [1, 3])
def test_history_lists_without_a_query_per_row(
    as_user: Login,
    followed: Followed,
    django_assert_num_queries: Callable[..., object],
    rows: int,
) -> None:
    for months in (3, 6)[: rows - 1]:
        followed.open(months)
    client = as_user("alice")

    with django_assert_num_queries(8):  # type: ignore[operator]
        response = client.get(reverse("impact:history"))

    assert len(re.findall(r'href="/impact/history/\d+/"', response.text)) == rows


@pytest.mark.parametrize(
    ("who", "status"),
    [("manager", 200), ("admin", 200), ("alice", 403), ("bob", 403), ("charlie", 403)],
)
def test_the_follow_up_plan_is_for_the_organisers(
    as_user: Login, followed: Followed, who: str, status: int
) -> None:
    response = as_user(who).get(reverse("impact:follow_up", args=[followed.day.event.slug]))

    assert response.status_code == status
    if status == 200:
        assert "Rating of the meetings" in response.text


def test_the_organiser_changes_the_waves_and_sees_counts_not_answers(
    as_user: Login, followed: Followed
) -> None:
    _rated(followed)
    client = as_user("manager")
    url = reverse("impact:follow_up", args=[followed.day.event.slug])

    saved = client.post(url, {"held_on": followed.plan.held_on.isoformat(), "wave_months": "2, 9"})
    page = client.get(url).text

    assert saved.status_code == 302
    assert "Follow-up after 9 months" in page
    assert "Our secret plans" not in page
    assert "Alice" not in page


@pytest.mark.parametrize(
    ("months", "message"),
    [
        ("6, 3", "increasing order"),
        ("three", "whole numbers"),
        ("0", "1 to 36 months"),
        ("1,2,3,4,5,6,7", "between 1 and 6"),
    ],
)
def test_a_wrong_wave_schedule_is_refused(
    as_user: Login, followed: Followed, months: str, message: str
) -> None:
    response = as_user("manager").post(
        reverse("impact:follow_up", args=[followed.day.event.slug]),
        {"held_on": followed.plan.held_on.isoformat(), "wave_months": months},
    )

    assert response.status_code == 400
    assert message in response.text


def test_the_day_cannot_move_once_the_rating_went_out(as_user: Login, followed: Followed) -> None:
    response = as_user("manager").post(
        reverse("impact:follow_up", args=[followed.day.event.slug]),
        {"held_on": "2020-01-01", "wave_months": "3, 6, 12"},
    )

    assert response.status_code == 400
    assert "can no longer change" in response.text


@pytest.mark.parametrize(
    ("who", "status"),
    [("manager", 200), ("admin", 200), ("alice", 403), ("bob", 403), ("charlie", 403)],
)
def test_reports_are_for_the_cluster_s_managers_and_the_admins(
    as_user: Login, followed: Followed, who: str, status: int
) -> None:
    _rated(followed)
    slug = followed.day.event.organisers.get().slug
    client = as_user(who)

    page = client.get(reverse("impact:report", args=[slug]))
    json_file = client.get(reverse("impact:report_json", args=[slug]))

    assert (page.status_code, json_file.status_code) == (status, status)
    if status == 200:
        assert "Our secret plans" not in page.text
        assert ":c" in page.text
        assert json_file.json()["organiser"] == slug


def test_the_report_page_refuses_a_period_that_ends_before_it_starts(
    as_user: Login, followed: Followed
) -> None:
    slug = followed.day.event.organisers.get().slug

    response = as_user("manager").get(
        reverse("impact:report", args=[slug]), {"start": "2027-01-01", "end": "2026-01-01"}
    )

    assert response.status_code == 400
    assert "The period must start before it ends." in response.text


def test_the_report_index_lists_the_managed_clusters(as_user: Login, followed: Followed) -> None:
    response = as_user("manager").get(reverse("impact:report_index"))

    assert "Cluster Alpha" in response.text
    assert as_user("alice").get(reverse("impact:report_index")).status_code == 403


@pytest.mark.parametrize("file_format", ["pdf", "xlsx"])
def test_a_report_file_is_built_in_the_background_then_downloaded(
    as_user: Login,
    followed: Followed,
    file_format: str,
    settings: object,
    django_capture_on_commit_callbacks: Callable[..., object],
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}  # type: ignore[attr-defined]
    slug = followed.day.event.organisers.get().slug
    client = as_user("manager")

    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        started = client.post(
            reverse("impact:report_start", args=[slug]),
            {"start": "2020-01-01", "end": TODAY, "file_format": file_format},
        )
    job = ReportJob.objects.get()
    page = client.get(started["Location"])
    download = client.get(reverse("impact:report_download", args=[slug, job.pk]))

    assert job.status == "done"
    assert "Download impact-cluster-alpha" in page.text
    assert download["Content-Disposition"].endswith(f'.{file_format}"')
    assert download.content[:4] in {b"%PDF", b"PK\x03\x04"}
    assert (
        as_user("alice").get(reverse("impact:report_download", args=[slug, job.pk])).status_code
        == 403
    )


def test_the_job_page_answers_htmx_with_its_progress_only(
    as_user: Login, followed: Followed
) -> None:
    slug = followed.day.event.organisers.get().slug
    client = as_user("manager")
    client.post(
        reverse("impact:report_start", args=[slug]),
        {"start": "2020-01-01", "end": TODAY, "file_format": "pdf"},
    )
    job = ReportJob.objects.get()

    partial = client.get(reverse("impact:report_job", args=[slug, job.pk]), HTTP_HX_REQUEST="true")

    assert partial.text.lstrip().startswith('<section id="job-progress"')
    assert 'hx-trigger="every 1s"' in partial.text
