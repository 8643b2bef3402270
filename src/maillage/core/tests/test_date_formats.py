"""Dates read day before month, times on 24 hours, in French, English and Dutch: "12/02/2027" is
12 February for a Belgian whatever the interface language."""

import datetime as dt

import pytest
from django import forms
from django.test import Client
from django.urls import reverse
from django.utils import formats, timezone, translation

from maillage.events.tests.factories import EventFactory

pytestmark = pytest.mark.django_db

EVENING = dt.datetime(2027, 2, 12, 18, 18, tzinfo=dt.UTC)  # 19:18 in Brussels


@pytest.mark.parametrize(
    ("language", "fmt", "expected"),
    [
        ("en", "SHORT_DATETIME_FORMAT", "12/02/2027 19:18"),
        ("en", "DATETIME_FORMAT", "12 February 2027, 19:18"),
        ("en", "SHORT_DATE_FORMAT", "12/02/2027"),
        ("en", "DATE_FORMAT", "12 February 2027"),
        ("en", "TIME_FORMAT", "19:18"),
        ("fr", "SHORT_DATETIME_FORMAT", "12/02/2027 19:18"),
        ("fr", "DATETIME_FORMAT", "12 février 2027 19:18"),
        ("fr", "SHORT_DATE_FORMAT", "12/02/2027"),
        ("fr", "DATE_FORMAT", "12 février 2027"),
        ("fr", "TIME_FORMAT", "19:18"),
        ("nl", "SHORT_DATETIME_FORMAT", "12-2-2027 19:18"),
        ("nl", "DATETIME_FORMAT", "12 februari 2027 19:18"),
        ("nl", "SHORT_DATE_FORMAT", "12-2-2027"),
        ("nl", "DATE_FORMAT", "12 februari 2027"),
        ("nl", "TIME_FORMAT", "19:18"),
    ],
)
def test_dates_day_month_and_24_hours_in_every_language(
    language: str, fmt: str, expected: str
) -> None:
    with translation.override(language):
        assert formats.date_format(timezone.localtime(EVENING), fmt) == expected


@pytest.mark.parametrize("language", ["en", "fr", "nl"])
def test_date_input_reads_day_before_month(language: str) -> None:
    with translation.override(language):
        assert forms.DateField().clean("12/02/2027") == dt.date(2027, 2, 12)


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "Registration closes on 12 February 2027, 19:18."),
        ("fr", "Clôture des inscriptions le 12 février 2027 19:18."),
    ],
)
def test_event_page_shows_closing_time_day_month_24_hours(
    client: Client, language: str, expected: str
) -> None:
    event = EventFactory(registration_closes_at=EVENING)
    response = client.get(
        reverse("events:event_detail", args=[event.slug]), headers={"Accept-Language": language}
    )
    assert expected in response.content.decode()
