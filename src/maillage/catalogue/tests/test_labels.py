"""Labels: applications reviewed by the labelling body (granted with an expiry, refused with a
reason, withdrawn), history kept, shown on the catalogue and the directory with their dates."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.utils import timezone, translation

from maillage.accounts.models import Affiliation
from maillage.catalogue import permissions, services
from maillage.catalogue.models import Entry, Label, LabelApplication
from maillage.conftest import Cast
from maillage.core.errors import NON_FIELD, ValidationFailed
from maillage.ecosystem.tests.factories import AffiliationFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting(cast: Cast) -> dict[str, object]:
    body = OrganisationFactory(name="Agence du Numérique")
    reviewer = UserFactory(email="reviewer@example.org")
    AffiliationFactory(user=reviewer, organisation=body, role=Affiliation.Role.MANAGER)
    label = services.define_label(
        actor=reviewer, body=body, name="Digital Wallonia", criteria={"en": "Three references."}
    )
    entry = services.save_entry(
        actor=cast.alice,
        organisation=cast.alice_org,
        data={"name": "Alice Robotics: AI audits", "technologies": ["ai"], "dimensions": ["D5"]},
    )
    return {"body": body, "reviewer": reviewer, "label": label, "entry": entry}


def test_grant_with_expiry_shows_with_dates_on_catalogue_and_directory(
    client: Client, cast: Cast, setting: dict
) -> None:
    application = services.apply_for_label(
        actor=cast.alice, label=setting["label"], entry=setting["entry"], statement="We have three."
    )
    until = timezone.localdate() + timedelta(days=400)
    services.approve_application(
        actor=setting["reviewer"], application=application, valid_until=until
    )
    page = client.get(f"/catalogue/{setting['entry'].slug}/").content.decode()
    assert "Digital Wallonia" in page
    assert until.strftime("%d/%m/%Y") in page
    directory = client.get(f"/organisations/{cast.alice_org.slug}/").content.decode()
    assert 'id="labels"' in directory
    assert "Digital Wallonia" in directory
    body = client.get("/api/v1/catalogue?label=digital-wallonia").json()
    assert body["count"] == 1
    assert body["items"][0]["labels"][0]["valid_until"] == until.isoformat()


def test_refusal_needs_a_reason_and_is_kept_in_history(
    cast: Cast, setting: dict, english: None
) -> None:
    application = services.apply_for_label(
        actor=cast.alice, label=setting["label"], entry=setting["entry"], statement="x"
    )
    with pytest.raises(ValidationFailed) as refused:
        services.refuse_application(actor=setting["reviewer"], application=application, reason=" ")
    assert refused.value.errors == {"reason": ["Give the reason for the refusal."]}
    services.refuse_application(
        actor=setting["reviewer"], application=application, reason="Two references only."
    )
    application.refresh_from_db()
    assert (application.status, application.reason) == ("refused", "Two references only.")
    assert list(application.events.values_list("action", flat=True)) == ["applied", "refused"]
    # A refused application does not block a new one.
    again = services.apply_for_label(
        actor=cast.alice, label=setting["label"], entry=setting["entry"], statement="Now three."
    )
    assert again.status == "pending"


def test_withdrawal_ends_the_label_today_and_keeps_the_grant_in_history(
    cast: Cast, setting: dict
) -> None:
    application = services.apply_for_label(
        actor=cast.alice, label=setting["label"], entry=setting["entry"], statement="x"
    )
    services.approve_application(actor=setting["reviewer"], application=application)
    application.refresh_from_db()
    assert application.valid_until > timezone.localdate() + timedelta(days=700)
    services.withdraw_label(
        actor=setting["reviewer"], application=application, reason="Criteria no longer met."
    )
    application.refresh_from_db()
    assert application.status == "withdrawn"
    assert not LabelApplication.objects.current().exists()
    assert list(application.events.values_list("action", flat=True)) == [
        "applied",
        "approved",
        "withdrawn",
    ]


def test_a_refused_transition_names_it_and_quotes_the_status(cast: Cast, setting: dict) -> None:
    application = services.apply_for_label(
        actor=cast.alice, label=setting["label"], entry=setting["entry"], statement="x"
    )
    services.approve_application(actor=setting["reviewer"], application=application)
    with translation.override("nl"), pytest.raises(ValidationFailed) as refused:
        services.refuse_application(actor=setting["reviewer"], application=application, reason="x")
    assert refused.value.errors[NON_FIELD] == [
        "Alleen een aanvraag in behandeling kan worden geweigerd; de status van deze aanvraag "
        "is “toegekend”."
    ]


def test_only_the_body_reviews_and_only_the_entry_people_apply(cast: Cast, setting: dict) -> None:
    with pytest.raises(PermissionDenied):
        services.apply_for_label(
            actor=cast.bob, label=setting["label"], entry=setting["entry"], statement="x"
        )
    application = services.apply_for_label(
        actor=cast.alice, label=setting["label"], entry=setting["entry"], statement="x"
    )
    for outsider in (cast.alice, cast.bob, cast.charlie):
        with pytest.raises(PermissionDenied):
            services.approve_application(actor=outsider, application=application)
    with pytest.raises(ValidationFailed):
        services.apply_for_label(
            actor=cast.alice, label=setting["label"], entry=setting["entry"], statement="again"
        )


def test_review_page_for_body_only(client: Client, cast: Cast, setting: dict) -> None:
    application = services.apply_for_label(
        actor=cast.alice, label=setting["label"], entry=setting["entry"], statement="Please"
    )
    url = f"/catalogue/applications/{application.pk}/review/"
    for user, status in [(cast.alice, 403), (cast.bob, 403), (cast.charlie, 403)]:
        client.force_login(user)
        assert client.post(url, {"action": "approve"}).status_code == status
    client.force_login(setting["reviewer"])
    assert (
        'id="review"' in client.get(f"/catalogue/labels/{setting['label'].slug}/").content.decode()
    )
    assert client.post(url, {"action": "approve", "valid_until": "2001-01-01"}).status_code == 302
    application.refresh_from_db()
    assert application.status == "pending"  # an expiry in the past is refused
    assert client.post(url, {"action": "approve"}).status_code == 302
    application.refresh_from_db()
    assert application.status == "approved"


def test_entry_fields_are_checked(cast: Cast, english: None) -> None:
    with pytest.raises(ValidationFailed) as refused:
        services.save_entry(
            actor=cast.alice,
            organisation=cast.alice_org,
            data={"name": "", "technologies": ["quantum"], "dimensions": ["D9"]},
        )
    assert set(refused.value.errors) == {"name", "technologies", "dimensions"}
    with pytest.raises(PermissionDenied):
        services.save_entry(actor=cast.bob, organisation=cast.alice_org, data={"name": "x"})
    assert not Entry.objects.exists()
    assert Label.objects.count() == 0


def refusal_of(response: object) -> str:
    body = response.content.decode()  # type: ignore[attr-defined]
    start = body.index('<p class="refusal">') + len('<p class="refusal">')
    return body[start : body.index("</p>", start)].replace("&#x27;", "'")


def test_refused_pages_say_why(client: Client, cast: Cast, setting: dict) -> None:
    """Owner, member and outsider: the 403 page shows the refusal of ``permissions.py``."""
    application = services.apply_for_label(
        actor=cast.alice, label=setting["label"], entry=setting["entry"], statement="Please"
    )
    review = f"/catalogue/applications/{application.pk}/review/"
    apply = f"/catalogue/{setting['entry'].slug}/apply/"
    english = {"accept-language": "en"}
    for user in (cast.alice, cast.bob, cast.charlie):
        client.force_login(user)
        response = client.post(review, {"action": "approve"}, headers=english)
        assert response.status_code == 403
        with translation.override("en"):
            assert refusal_of(response) == str(permissions.REVIEW_REFUSED)
    for user in (cast.bob, cast.charlie):
        client.force_login(user)
        response = client.post(apply, {"label": setting["label"].slug}, headers=english)
        assert response.status_code == 403
        with translation.override("en"):
            assert refusal_of(response) == str(permissions.APPLY_REFUSED)
