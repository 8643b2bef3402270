"""The organisers' list of an event's meeting requests: filters, pagination, exports, access.

Owner: ``manager`` (organises the event); another organiser: the manager of a cluster that does
not organise it; participant: ``alice``; outsider: ``charlie``; and the anonymous visitor.
"""

import csv
import io
from dataclasses import dataclass

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from maillage.accounts.models import Affiliation
from maillage.ecosystem.tests.factories import (
    AffiliationFactory,
    DomainFactory,
    NetworkFactory,
    UserFactory,
)
from maillage.events.models import MeetingRequest, Registration
from maillage.events.tests.b2b_fixtures import B2B, add_participants, make_b2b

pytestmark = pytest.mark.django_db


@dataclass
class Requests:
    b2b: B2B
    delta: Registration
    pending: MeetingRequest
    accepted: MeetingRequest
    declined: MeetingRequest


def _request(requester, recipient, status, message="") -> MeetingRequest:
    return MeetingRequest.objects.create(
        event=requester.event,
        requester=requester,
        recipient=recipient,
        status=status,
        message=message,
        expires_at=timezone.now(),
    )


@pytest.fixture
def listed(cast) -> Requests:
    """alice -> bob pending, alice -> delta accepted, delta -> bob declined; alice's company
    works in robotics (industry sector), bob's and delta's in software (digital sector)."""
    b2b = make_b2b(cast)
    [delta] = add_participants(b2b.event, 1)
    industry = DomainFactory(code="industry", label_en="Industrial processes")
    digital = DomainFactory(code="digital", label_en="Digital technologies")
    cast.alice_org.domains.add(DomainFactory(code="robotics", parent=industry))
    software = DomainFactory(code="software", parent=digital)
    cast.bob_org.domains.add(software)
    delta.organisation.domains.add(software)
    return Requests(
        b2b,
        delta,
        _request(b2b.alice_reg, b2b.bob_reg, MeetingRequest.Status.PENDING),
        _request(b2b.alice_reg, delta, MeetingRequest.Status.ACCEPTED, "=HYPERLINK(1)"),
        _request(delta, b2b.bob_reg, MeetingRequest.Status.DECLINED),
    )


def url(listed: Requests, name: str = "requests_list") -> str:
    return reverse(f"events:{name}", args=[listed.b2b.event.slug])


def shown(client: Client, address: str, **params: object) -> set[int]:
    response = client.get(address, params)
    assert response.status_code == 200
    return {row.request.pk for row in response.context["rows"]}


def test_requests_list_shows_every_request_to_the_organiser(listed, as_user):
    response = as_user("manager").get(url(listed))
    page = response.content.decode()
    assert response.status_code == 200
    assert "3 requests" in page
    for request in (listed.pending, listed.accepted, listed.declined):
        assert f'id="request-{request.pk}"' in page
    assert "Industrial processes" in page
    assert "Digital technologies" in page


def test_requests_list_filters_by_state_sector_and_participant(listed, as_user):
    client = as_user("manager")
    address = url(listed)
    assert shown(client, address, status="accepted") == {listed.accepted.pk}
    # Either side's sector: delta -> bob is all digital, alice's two touch industry too.
    assert shown(client, address, sector="industry") == {listed.pending.pk, listed.accepted.pk}
    assert shown(client, address, sector="digital") == {
        listed.pending.pk,
        listed.accepted.pk,
        listed.declined.pk,
    }
    assert shown(client, address, participant=listed.delta.pk) == {
        listed.accepted.pk,
        listed.declined.pk,
    }
    assert shown(client, address, participant=listed.delta.pk, status="declined") == {
        listed.declined.pk
    }


def test_requests_list_unknown_filter_is_a_form_error(listed, as_user):
    response = as_user("manager").get(url(listed), {"status": "lost", "participant": "999999"})
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert set(errors) == {"status", "participant"}
    assert "lost is not one of the available choices" in errors["status"][0]


def test_requests_list_is_paginated(listed, as_user, monkeypatch):
    monkeypatch.setattr("maillage.events.views.requests.REQUESTS_PER_PAGE", 2)
    client = as_user("manager")
    first = client.get(url(listed), {"status": ""})
    second = client.get(url(listed), {"status": "", "page": 2})
    assert len(first.context["rows"]) == 2
    assert len(second.context["rows"]) == 1
    assert "page=2" in first.content.decode()
    assert "status=&amp;page=2" in first.content.decode()  # the filters stay on the next page


@pytest.mark.parametrize("count", [1, 3])
def test_requests_list_queries_do_not_grow_with_rows(
    cast, as_user, count, django_assert_num_queries
):
    b2b = make_b2b(cast)
    for other in add_participants(b2b.event, count):
        _request(b2b.alice_reg, other, MeetingRequest.Status.PENDING)
    client = as_user("manager")
    with django_assert_num_queries(12):
        response = client.get(reverse("events:requests_list", args=[b2b.event.slug]))
    assert len(response.context["rows"]) == count


def _csv_rows(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def test_requests_export_csv_and_xlsx_hold_the_filtered_list(listed, as_user):
    client = as_user("manager")
    response = client.get(url(listed, "requests_csv"), {"participant": listed.delta.pk})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    header, *rows = _csv_rows(response.content)
    assert header[:6] == [
        "Requested on",
        "Requester",
        "Requester's sector",
        "Recipient",
        "Recipient's sector",
        "State",
    ]
    assert sorted((r[1], r[3], r[5]) for r in rows) == [
        ("Alice Robotics SRL", listed.delta.organisation.name, "accepted"),
        (listed.delta.organisation.name, "Bob Logistics SA", "declined"),
    ]
    # A message a spreadsheet would run as a formula is neutralised.
    assert "'=HYPERLINK(1)" in [r[-1] for r in rows]

    workbook = client.get(url(listed, "requests_xlsx"), {"status": "accepted"})
    sheet = load_workbook(io.BytesIO(workbook.content)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert len(values) == 2
    assert values[1][1:6] == [
        "Alice Robotics SRL",
        "Industrial processes",
        listed.delta.organisation.name,
        "Digital technologies",
        "accepted",
    ]
    assert values[1][-1] == "=HYPERLINK(1)"
    assert sheet.cell(row=2, column=len(values[1])).data_type == "s"  # text, not a formula


def test_requests_export_unknown_filter_is_400(listed, as_user):
    response = as_user("manager").get(url(listed, "requests_csv"), {"sector": "nowhere"})
    assert response.status_code == 400
    assert "nowhere is not one of the available choices" in response.content.decode()


@pytest.fixture
def other_organiser(cast):
    """A manager of a cluster that does not organise the event."""
    user = UserFactory(email="olga@example.org")
    AffiliationFactory(user=user, organisation=NetworkFactory(), role=Affiliation.Role.MANAGER)
    return user


@pytest.mark.parametrize("name", ["requests_list", "requests_csv", "requests_xlsx"])
def test_requests_list_and_exports_organisers_and_admins_only(
    listed, client, cast, other_organiser, name
):
    address = url(listed, name)
    admin = UserFactory(email="admin@example.org", is_superuser=True, is_staff=True)
    expected = [(other_organiser, 403), (cast.alice, 403), (cast.charlie, 403), (admin, 200)]
    for user, status in expected:
        client.force_login(user)
        assert client.get(address).status_code == status, user
    client.logout()
    anonymous = client.get(address)
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(reverse("accounts:login"))


def test_requests_page_links_the_list_for_organisers_only(listed, as_user):
    link = f'href="{url(listed)}"'
    assert (
        link
        in as_user("manager")
        .get(reverse("events:b2b_requests", args=[listed.b2b.event.slug]))
        .content.decode()
    )
    assert (
        link
        not in as_user("alice")
        .get(reverse("events:b2b_requests", args=[listed.b2b.event.slug]))
        .content.decode()
    )
