"""The pages the e-mails open without a login, and their refusals."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from maillage.impact.links import rating_token, unsubscribe_token, wave_token
from maillage.impact.models import MeetingRating, OptOut, Outcome, Wave
from maillage.impact.tests.conftest import Followed

pytestmark = pytest.mark.django_db


@pytest.fixture
def browser(client: Client) -> Client:
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def _rate_url(followed: Followed, who: str, first: str, second: str) -> str:
    request = followed.request(first, second)
    return reverse(
        "impact:rate", args=[request.pk, rating_token(followed.invitations[who], request.pk)]
    )


def test_the_link_of_the_email_opens_the_rating_without_login(
    browser: Client, followed: Followed
) -> None:
    message = next(m for m in mail.outbox if m.to == ["alice@example.org"])
    path = re.search(r"http://[^/]+(/impact/rate/\S+/)", message.body).group(1)  # type: ignore[union-attr]

    response = browser.get(path)

    assert response.status_code == 200
    assert "Your meeting with Bob Logistics SA" in response.text


def test_rating_through_the_link_saves_it(browser: Client, followed: Followed) -> None:
    url = _rate_url(followed, "A", "A", "B")

    response = browser.post(
        url, {"took_place": "yes", "interest": "cooperation", "comment": "Promising"}
    )

    assert response.status_code == 302
    rating = MeetingRating.objects.get()
    assert (rating.took_place, rating.interest, rating.comment) == (
        True,
        "cooperation",
        "Promising",
    )
    assert "Thank you" in browser.get(url).text


def test_a_rating_without_its_interest_is_refused_with_the_form(
    browser: Client, followed: Followed
) -> None:
    response = browser.post(_rate_url(followed, "A", "A", "B"), {"took_place": "yes"})

    assert response.status_code == 400
    assert "Say what the meeting brought" in response.text
    assert not MeetingRating.objects.exists()


def test_withdrawing_through_the_link_deletes_the_rating(
    browser: Client, followed: Followed
) -> None:
    url = _rate_url(followed, "A", "A", "B")
    browser.post(url, {"took_place": "no"})

    browser.post(url, {"action": "withdraw"})

    assert not MeetingRating.objects.exists()


def test_a_tampered_link_is_refused_with_what_to_do(browser: Client, followed: Followed) -> None:
    request = followed.request("A", "B")
    token = rating_token(followed.invitations["A"], request.pk)

    response = browser.get(reverse("impact:rate", args=[request.pk, token[:-3] + "abc"]))

    assert response.status_code == 400
    assert 'data-problem="tampered"' in response.text
    assert "copy the whole of it" in response.text
    assert reverse("impact:history") in response.text


def test_a_link_reused_for_another_meeting_is_refused(browser: Client, followed: Followed) -> None:
    own = followed.request("A", "B")
    other = followed.request("C", "D")
    token = rating_token(followed.invitations["A"], own.pk)

    response = browser.post(reverse("impact:rate", args=[other.pk, token]), {"took_place": "no"})

    assert response.status_code == 400
    assert 'data-problem="other_meeting"' in response.text
    assert not MeetingRating.objects.exists()


def test_an_expired_link_is_refused_and_offers_nothing_once_the_wave_closed(
    browser: Client, followed: Followed
) -> None:
    Wave.objects.filter(pk=followed.rating.pk).update(closes_at=timezone.now())

    response = browser.post(_rate_url(followed, "A", "A", "B"), {"took_place": "no"})

    assert response.status_code == 410
    assert 'data-problem="expired"' in response.text
    assert "renew-form" not in response.text
    assert not MeetingRating.objects.exists()


def test_a_misused_link_can_ask_for_fresh_links_while_the_wave_is_open(
    browser: Client, followed: Followed
) -> None:
    own = followed.request("A", "B")
    token = rating_token(followed.invitations["A"], own.pk)
    mail.outbox.clear()

    response = browser.post(
        reverse("impact:renew"), {"token": token, "request": str(followed.request("C", "D").pk)}
    )

    assert response.status_code == 200
    assert [m.to for m in mail.outbox] == [["alice@example.org"]]


def test_renewing_a_tampered_link_sends_nothing(browser: Client, followed: Followed) -> None:
    mail.outbox.clear()

    response = browser.post(reverse("impact:renew"), {"token": "forged:token"})

    assert response.status_code == 400
    assert mail.outbox == []


def test_a_rating_link_cannot_open_a_wave(browser: Client, followed: Followed) -> None:
    request = followed.request("A", "B")
    token = rating_token(followed.invitations["A"], request.pk)

    assert browser.get(reverse("impact:wave", args=[token])).status_code == 400


def test_the_wave_link_lists_the_meetings_rated_cooperation_possible(
    browser: Client, followed: Followed
) -> None:
    browser.post(
        _rate_url(followed, "A", "A", "B"), {"took_place": "yes", "interest": "cooperation"}
    )
    wave = followed.open(3)
    url = reverse("impact:wave", args=[wave_token(wave["A"])])

    page = browser.get(url)
    request = followed.request("A", "B")
    response = browser.post(
        url,
        {
            "action": f"meeting:{request.pk}",
            f"m{request.pk}-status": "agreement",
            f"m{request.pk}-kind": "supply",
            f"m{request.pk}-amount": "25 000",
        },
    )

    assert "Bob Logistics SA" in page.text
    assert response.status_code == 302
    assert Outcome.objects.get().amount == 25000


def test_a_wave_answer_with_a_negative_amount_is_refused_and_nothing_is_stored(
    browser: Client, followed: Followed
) -> None:
    browser.post(
        _rate_url(followed, "A", "A", "B"), {"took_place": "yes", "interest": "cooperation"}
    )
    wave = followed.open(3)
    request = followed.request("A", "B")

    response = browser.post(
        reverse("impact:wave", args=[wave_token(wave["A"])]),
        {
            "action": f"meeting:{request.pk}",
            f"m{request.pk}-status": "agreement",
            f"m{request.pk}-kind": "supply",
            f"m{request.pk}-amount": "-25 000",
        },
    )

    assert response.status_code == 400
    assert "An amount cannot be negative." in response.text
    assert not Outcome.objects.exists()


def test_a_new_partner_and_nothing_to_report_through_the_wave_link(
    browser: Client, followed: Followed
) -> None:
    wave = followed.open(3)
    url = reverse("impact:wave", args=[wave_token(wave["C"])])
    partner = followed.day.people["H"].organisation

    added = browser.post(
        url, {"action": "new", "new-partner": partner.pk, "new-status": "negotiation"}
    )
    nothing = browser.post(
        reverse("impact:wave", args=[wave_token(wave["D"])]), {"action": "nothing"}
    )

    assert (added.status_code, nothing.status_code) == (302, 302)
    assert Outcome.objects.get().partner == partner
    assert wave["D"].__class__.objects.get(pk=wave["D"].pk).nothing_to_report is True


def test_unsubscribe_asks_for_one_click_then_stops_the_emails(
    browser: Client, followed: Followed
) -> None:
    user = followed.day.people["A"].user
    url = reverse("impact:unsubscribe", args=[unsubscribe_token(user.pk)])

    shown = browser.get(url)
    assert not OptOut.objects.exists()
    done = browser.post(url)

    assert "unsubscribe-form" in shown.text
    assert 'id="unsubscribed"' in done.text
    assert OptOut.objects.filter(user=user).exists()


def test_a_mail_program_can_unsubscribe_without_a_csrf_token(followed: Followed) -> None:
    client = Client(enforce_csrf_checks=True)
    user = followed.day.people["A"].user

    response = client.post(
        reverse("impact:unsubscribe", args=[unsubscribe_token(user.pk)]),
        {"List-Unsubscribe": "One-Click"},
    )

    assert response.status_code == 200
    assert OptOut.objects.filter(user=user).exists()


def test_a_forged_unsubscribe_link_is_refused(browser: Client, followed: Followed) -> None:
    response = browser.post(reverse("impact:unsubscribe", args=["1:forged"]))

    assert response.status_code == 400
    assert not OptOut.objects.exists()


def test_a_link_older_than_its_maximum_age_is_expired(
    browser: Client, followed: Followed, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = _rate_url(followed, "A", "A", "B")
    later = timezone.now().timestamp() + dt.timedelta(days=61).total_seconds()
    monkeypatch.setattr("django.core.signing.time.time", lambda: later)

    assert browser.get(url).status_code == 410
