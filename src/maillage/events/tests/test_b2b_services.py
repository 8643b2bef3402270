"""Suggestions, blocks and reminders, called directly."""

import datetime as dt
import io
from collections.abc import Iterator
from typing import Any

import pytest
from django.core import mail
from django.core.cache import cache, caches
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from maillage.conftest import Cast
from maillage.core.errors import ValidationFailed
from maillage.ecosystem.models import Domain
from maillage.ecosystem.tests.factories import OrganisationFactory, UserFactory
from maillage.events import suggestion_table
from maillage.events.models import BlockedPair, MeetingRequest, Registration
from maillage.events.services.b2b import block_organisation, request_meeting
from maillage.events.services.reminders import send_request_reminders
from maillage.events.services.suggestions import suggestions_for
from maillage.events.suggestion_table import (
    cached_suggestions,
    compute_event_suggestions,
    registration_profile,
)
from maillage.events.tasks import compute_suggestions
from maillage.events.tests.b2b_fixtures import B2B, add_participants, make_b2b
from maillage.events.tests.factories import RegistrationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def b2b(cast: Cast) -> Iterator[B2B]:
    cache.clear()  # ids repeat between tests; so would cached suggestion tables
    yield make_b2b(cast)
    cache.clear()


def test_suggestions_show_ict_provider_to_manufacturer_with_reasons(
    b2b: B2B, english: None
) -> None:
    add_participants(b2b.event, 3)
    suggestions = suggestions_for(b2b.alice_reg)
    assert suggestions is not None
    assert suggestions[0].registration == b2b.bob_reg
    assert suggestions[0].reasons[:4] == (
        "A supplier of solutions for what you are looking for",
        "Your offer \u201cmachining of metal parts\u201d meets Bob Logistics SA's need "
        "\u201cindustrial pilot sites for machining\u201d",
        "Bob Logistics SA's offer \u201cvision quality control\u201d meets your need "
        "\u201cvision quality control\u201d",
        "Mutual interest: each side offers something the other needs",
    )


def test_suggestion_table_is_read_by_part(b2b: B2B, monkeypatch: pytest.MonkeyPatch) -> None:
    """A participant's page reads the part of the table that holds its row, not the whole
    event's table; a part missing from the cache is a table to compute again, not "no
    suggestions"."""
    monkeypatch.setattr("maillage.events.suggestion_table.PART_SIZE", 2)
    others = add_participants(b2b.event, 3)  # five participants: two parts
    event = b2b.event.pk
    assert cached_suggestions(event, b2b.alice_reg.pk) is None
    table = compute_event_suggestions(event)
    read: dict[str, Any] = {}
    backend, get = caches["default"], caches["default"].get
    monkeypatch.setattr(
        backend, "get", lambda key, *args, **kwargs: read.setdefault(key, get(key, *args, **kwargs))
    )
    for registration in [b2b.alice_reg, b2b.bob_reg, *others]:
        read.clear()
        assert cached_suggestions(event, registration.pk) == table[registration.pk]
        [(key, part)] = [(key, value) for key, value in read.items() if ":part" in key]
        assert part[registration.pk] == table[registration.pk]
        assert {pk % 2 for pk in part} == {registration.pk % 2}
    monkeypatch.setattr(backend, "get", get)
    cache.delete(key)  # the last participant's part, evicted
    assert cached_suggestions(event, others[-1].pk) is None


def test_suggestions_never_propose_blocked_pair(b2b: B2B, cast: Cast) -> None:
    BlockedPair.objects.create(registration=b2b.bob_reg, organisation=cast.alice_org)
    table = compute_event_suggestions(b2b.event.pk)
    assert table[b2b.alice_reg.pk] == []
    assert table[b2b.bob_reg.pk] == []
    assert suggestions_for(b2b.alice_reg) == []


def test_suggestions_honour_block_made_after_caching(b2b: B2B, cast: Cast) -> None:
    assert suggestions_for(b2b.alice_reg)
    BlockedPair.objects.create(registration=b2b.alice_reg, organisation=cast.bob_org)
    assert suggestions_for(b2b.alice_reg) == []


def test_suggestions_skip_own_organisation(b2b: B2B, cast: Cast) -> None:
    colleague = RegistrationFactory(
        event=b2b.event,
        user=UserFactory(),
        organisation=cast.alice_org,
        offers="predictive maintenance software",
    )
    suggestions = suggestions_for(b2b.alice_reg) or []
    assert colleague not in [s.registration for s in suggestions]


def test_suggestions_recomputed_after_new_registration(b2b: B2B) -> None:
    assert len(suggestions_for(b2b.alice_reg) or []) == 1
    RegistrationFactory(
        event=b2b.event,
        user=UserFactory(),
        organisation=OrganisationFactory(),
        offers="vision quality control cameras",
    )
    assert len(suggestions_for(b2b.alice_reg) or []) == 2


def test_profile_has_one_offer_per_line(b2b: B2B) -> None:
    profile = registration_profile(b2b.bob_reg)
    assert profile.offers == (
        "predictive maintenance software with machine learning",
        "vision quality control",
    )


CROSS = "Cross-sector pairing: no shared sector, suited to intersectoral meetings"


def _sectors(b2b: B2B, cast: Cast) -> None:
    ict = Domain.objects.create(code="ict-test", label_fr="TIC", label_en="ICT software")
    mech = Domain.objects.create(
        code="mech-test", label_fr="Méca", label_en="Mechanical engineering"
    )
    cast.alice_org.domains.set([mech])
    cast.bob_org.domains.set([ict])
    for other in add_participants(b2b.event, 3):
        other.organisation.domains.set([mech])


def test_cross_sector_bonus_at_intersectoral_event(b2b: B2B, cast: Cast, english: None) -> None:
    _sectors(b2b, cast)
    suggestions = suggestions_for(b2b.alice_reg) or []
    assert suggestions[0].registration == b2b.bob_reg
    assert CROSS in suggestions[0].reasons


def test_no_cross_sector_bonus_with_a_single_organiser(b2b: B2B, cast: Cast) -> None:
    b2b.event.organisers.set([cast.cluster])
    _sectors(b2b, cast)
    suggestions = suggestions_for(b2b.alice_reg) or []
    assert CROSS not in suggestions[0].reasons


def test_waitlisted_participants_are_not_suggested(b2b: B2B) -> None:
    Registration.objects.filter(pk=b2b.bob_reg.pk).update(status=Registration.Status.WAITLISTED)
    assert suggestions_for(b2b.alice_reg) == []


def test_block_own_organisation_is_refused(b2b: B2B, cast: Cast, english: None) -> None:
    with pytest.raises(ValidationFailed) as refused:
        block_organisation(actor=cast.alice, event=b2b.event, organisation=cast.alice_org)
    assert refused.value.errors == {"organisation": ["You cannot block your own organisation."]}


def test_block_twice_is_refused(b2b: B2B, cast: Cast, english: None) -> None:
    block_organisation(actor=cast.alice, event=b2b.event, organisation=cast.bob_org)
    with pytest.raises(ValidationFailed) as refused:
        block_organisation(actor=cast.alice, event=b2b.event, organisation=cast.bob_org)
    assert refused.value.errors == {"__all__": ["You already blocked Bob Logistics SA."]}


def test_request_to_unknown_registration_is_refused(b2b: B2B, cast: Cast, english: None) -> None:
    with pytest.raises(ValidationFailed) as refused:
        request_meeting(actor=cast.alice, event=b2b.event, recipient_id=999_999)
    assert refused.value.errors == {
        "recipient": ["This organisation does not take part in the event."]
    }


def test_reminders_sent_once_for_requests_expiring_within_a_day(b2b: B2B) -> None:
    now = timezone.now()
    soon = MeetingRequest.objects.create(
        event=b2b.event,
        requester=b2b.alice_reg,
        recipient=b2b.bob_reg,
        expires_at=now + dt.timedelta(hours=5),
    )
    call_command("send_request_reminders", stdout=io.StringIO())
    call_command("send_request_reminders", stdout=io.StringIO())
    assert [message.to for message in mail.outbox] == [["bob@example.org"]]
    soon.refresh_from_db()
    assert soon.reminder_sent_at is not None


def test_reminder_in_the_recipients_language_with_a_day_month_date(b2b: B2B) -> None:
    b2b.bob_reg.user.language = "en"
    b2b.bob_reg.user.save(update_fields=["language"])
    MeetingRequest.objects.create(
        event=b2b.event,
        requester=b2b.alice_reg,
        recipient=b2b.bob_reg,
        expires_at=dt.datetime(2027, 2, 12, 18, 18, tzinfo=dt.UTC),
    )
    send_request_reminders(now=dt.datetime(2027, 2, 12, 8, 0, tzinfo=dt.UTC))
    [message] = mail.outbox
    assert message.subject.startswith("A meeting request from ")
    assert "expires on 12 February 2027, 19:18;" in message.body


def test_reminders_skip_requests_expiring_later(b2b: B2B) -> None:
    MeetingRequest.objects.create(
        event=b2b.event,
        requester=b2b.alice_reg,
        recipient=b2b.bob_reg,
        expires_at=timezone.now() + dt.timedelta(days=3),
    )
    call_command("send_request_reminders", stdout=io.StringIO())
    assert mail.outbox == []


def test_large_event_suggestions_computed_by_background_task(
    b2b: B2B, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    monkeypatch.setattr("maillage.events.services.suggestions.INLINE_LIMIT", 1)
    assert suggestions_for(b2b.alice_reg) is None  # queued (run at once by this backend)
    assert [s.registration for s in suggestions_for(b2b.alice_reg) or []] == [b2b.bob_reg]


def test_large_event_suggestions_queued_once(b2b: B2B, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("maillage.events.services.suggestions.INLINE_LIMIT", 1)
    assert suggestions_for(b2b.alice_reg) is None
    assert suggestions_for(b2b.bob_reg) is None
    assert DBTaskResult.objects.count() == 1
    assert DBTaskResult.objects.get().args_kwargs["kwargs"] == {"event_id": b2b.event.pk}


def test_suggestion_job_skips_a_table_already_cached(
    b2b: B2B, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A second job for the same registrations (queued again while the first waited, or left
    in the queue) computes nothing; one for changed registrations, or with a part evicted,
    computes the table."""
    monkeypatch.setattr("maillage.events.suggestion_table.PART_SIZE", 2)
    add_participants(b2b.event, 3)  # five participants: two parts
    ranked = []
    rank = suggestion_table._rank
    monkeypatch.setattr(suggestion_table, "_rank", lambda *a: ranked.append(1) or rank(*a))
    compute_suggestions.call(event_id=b2b.event.pk)
    compute_suggestions.call(event_id=b2b.event.pk)
    assert len(ranked) == 1
    cache.delete(suggestion_table._part_key(suggestion_table._table_key(b2b.event.pk), 1))
    compute_suggestions.call(event_id=b2b.event.pk)
    assert len(ranked) == 2
    add_participants(b2b.event, 1)
    compute_suggestions.call(event_id=b2b.event.pk)
    assert len(ranked) == 3
