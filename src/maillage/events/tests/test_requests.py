import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import translation

from maillage.core.errors import ValidationFailed
from maillage.events.models import BlockedPair, MeetingRequest, Registration
from maillage.events.services.requests import (
    accept_meeting_request,
    decline_meeting_request,
    expire_meeting_requests,
    propose_meeting,
    send_meeting_request,
)
from maillage.events.tests.factories import EventFactory, RegistrationFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
NOW = dt.datetime(2027, 3, 1, 12, 0, tzinfo=dt.UTC)


@pytest.fixture
def pair():
    event = EventFactory(pending_request_quota=2, request_ttl_days=7)
    return (
        RegistrationFactory(event=event, role=Registration.Role.DEMANDER),
        RegistrationFactory(event=event, role=Registration.Role.SUPPLIER),
    )


def test_send_meeting_request_pending_with_expiry(pair):
    maker, provider = pair
    request = send_meeting_request(requester=maker, recipient=provider, message=" Hi ", now=NOW)
    assert (request.status, request.message) == ("pending", "Hi")
    assert request.expires_at == NOW + dt.timedelta(days=7)


def test_send_meeting_request_to_self_refused(pair):
    maker, _ = pair
    with pytest.raises(ValidationFailed) as excinfo:
        send_meeting_request(requester=maker, recipient=maker, now=NOW)
    assert excinfo.value.errors == {"recipient": ["You cannot request a meeting with yourself."]}
    assert MeetingRequest.objects.count() == 0


def test_send_meeting_request_duplicate_refused(pair):
    maker, provider = pair
    send_meeting_request(requester=maker, recipient=provider, now=NOW)
    with pytest.raises(ValidationFailed) as excinfo:
        send_meeting_request(requester=maker, recipient=provider, now=NOW)
    assert excinfo.value.errors == {"recipient": ["A request between you two already exists."]}
    assert MeetingRequest.objects.count() == 1


def test_send_meeting_request_reverse_becomes_mutual(pair):
    maker, provider = pair
    first = send_meeting_request(requester=maker, recipient=provider, now=NOW)
    second = send_meeting_request(requester=provider, recipient=maker, now=NOW)
    assert second.pk == first.pk
    assert (second.status, second.mutual) == ("accepted", True)
    assert MeetingRequest.objects.count() == 1


def test_send_meeting_request_non_participant_refused(pair):
    maker, _ = pair
    outsider = RegistrationFactory()  # another event
    waitlisted = RegistrationFactory(event=maker.event, status=Registration.Status.WAITLISTED)
    for recipient in (outsider, waitlisted):
        with pytest.raises(ValidationFailed) as excinfo:
            send_meeting_request(requester=maker, recipient=recipient, now=NOW)
        assert excinfo.value.errors == {
            "recipient": ["This organisation does not take part in the event."]
        }
    assert MeetingRequest.objects.count() == 0


def test_send_meeting_request_blocked_pair_refused(pair):
    maker, provider = pair
    BlockedPair.objects.create(registration=provider, organisation=maker.organisation)
    with pytest.raises(ValidationFailed):
        send_meeting_request(requester=maker, recipient=provider, now=NOW)
    assert MeetingRequest.objects.count() == 0


def test_send_meeting_request_over_quota_refused(pair):
    maker, _ = pair
    for _ in range(2):
        send_meeting_request(
            requester=maker, recipient=RegistrationFactory(event=maker.event), now=NOW
        )
    with pytest.raises(ValidationFailed) as excinfo:
        send_meeting_request(
            requester=maker, recipient=RegistrationFactory(event=maker.event), now=NOW
        )
    assert "2 pending requests" in excinfo.value.errors["__all__"][0]
    assert MeetingRequest.objects.count() == 2


def test_accept_meeting_request_by_recipient_only(pair):
    maker, provider = pair
    request = send_meeting_request(requester=maker, recipient=provider, now=NOW)
    with pytest.raises(PermissionDenied):
        accept_meeting_request(request=request, actor=maker.user, now=NOW)
    accepted = accept_meeting_request(request=request, actor=provider.user, now=NOW)
    assert accepted.status == "accepted"


def test_accept_meeting_request_expired_refused(pair):
    maker, provider = pair
    request = send_meeting_request(requester=maker, recipient=provider, now=NOW)
    with pytest.raises(ValidationFailed) as excinfo:
        accept_meeting_request(request=request, actor=provider.user, now=NOW + dt.timedelta(days=8))
    assert excinfo.value.errors == {"__all__": ["This request has expired."]}
    request.refresh_from_db()
    assert (request.status, request.answered_at) == ("pending", None)


def test_decline_meeting_request_then_accept_refused(pair):
    maker, provider = pair
    request = send_meeting_request(requester=maker, recipient=provider, now=NOW)
    decline_meeting_request(request=request, actor=provider.user, now=NOW)
    with pytest.raises(ValidationFailed) as excinfo:
        accept_meeting_request(request=request, actor=provider.user, now=NOW)
    assert excinfo.value.errors == {"__all__": ["This request was already declined."]}


@pytest.mark.parametrize(
    ("status", "english", "french"),
    [
        ("accepted", "This request was already accepted.", "Cette demande a déjà été acceptée."),
        ("declined", "This request was already declined.", "Cette demande a déjà été refusée."),
        ("expired", "This request has expired.", "Cette demande a expiré."),
        ("cancelled", "This request was cancelled.", "Cette demande a été annulée."),
    ],
)
def test_answering_a_request_no_longer_pending_says_why_in_a_whole_sentence(
    pair, status, english, french
):
    maker, provider = pair
    request = send_meeting_request(requester=maker, recipient=provider, now=NOW)
    MeetingRequest.objects.filter(pk=request.pk).update(status=status)
    for language, sentence in (("en", english), ("fr", french)):
        with translation.override(language), pytest.raises(ValidationFailed) as excinfo:
            decline_meeting_request(request=request, actor=provider.user, now=NOW)
        assert excinfo.value.errors == {"__all__": [sentence]}


def test_expire_meeting_requests_counts_only_overdue(pair):
    maker, provider = pair
    send_meeting_request(requester=maker, recipient=provider, now=NOW)
    assert expire_meeting_requests(now=NOW + dt.timedelta(days=1)) == 0
    assert expire_meeting_requests(now=NOW + dt.timedelta(days=7)) == 1


def test_propose_meeting_accepted_low_priority(pair):
    maker, provider = pair
    proposal = propose_meeting(a=maker, b=provider, now=NOW)
    assert (proposal.status, proposal.proposed_by_organiser) == ("accepted", True)
    with pytest.raises(ValidationFailed):
        send_meeting_request(requester=maker, recipient=provider, now=NOW)
