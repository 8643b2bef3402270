"""Texts that depend on the reader's language: chosen when shown (not when a module is
imported), with singular and plural forms, and dates written the language's way."""

import datetime as dt
import io

import pytest
from django.core import mail
from django.utils import translation
from pypdf import PdfReader

from maillage.accounts.models import User
from maillage.ecosystem.models import Organisation
from maillage.ecosystem.tests.factories import NetworkFactory
from maillage.impact.forms import PlanForm
from maillage.impact.models import Wave
from maillage.impact.notes import method_notes
from maillage.impact.report import kpi_report
from maillage.impact.report_pdf import report_pdf
from maillage.impact.tests.editions import Edition, make_edition, organisations

pytestmark = pytest.mark.django_db


@pytest.fixture
def body() -> Organisation:
    return NetworkFactory(name="InfoPole Test", slug="infopole-test")


def _edition(body: Organisation) -> Edition:
    pairs = list(zip(organisations(2, "ICT"), organisations(2, "Maker"), strict=True))
    return make_edition(
        name="ICT meets Test", organisers=[body], held_on=dt.date(2026, 3, 18), pairs=pairs
    )


def test_the_wave_help_text_is_in_the_language_of_the_page() -> None:
    texts = {}
    for language in ("fr", "en", "nl"):
        with translation.override(language):
            texts[language] = str(PlanForm().fields["wave_months"].help_text)
    assert "(at most 6 waves)" in texts["en"]
    assert "(6 vagues au plus)" in texts["fr"]
    assert "(hoogstens 6 rondes)" in texts["nl"]


def test_a_wave_one_month_after_the_event_says_month(body: Organisation) -> None:
    edition = _edition(body)
    User.objects.update(language="en")
    Wave.objects.filter(plan__event=edition.event, months=3).update(months=1)
    mail.outbox.clear()

    edition.open(1)

    assert mail.outbox
    assert all(message.body.startswith("1 month ago you met") for message in mail.outbox)


def test_a_report_of_one_event_says_event_and_writes_its_dates_in_words(
    body: Organisation,
) -> None:
    _edition(body)
    with translation.override("en"):
        report = kpi_report(organiser=body, start=dt.date(2026, 1, 1), end=dt.date(2026, 12, 31))
        period = method_notes(report)[0]
        pdf = report_pdf(report)
    assert "from 1 January 2026 to 31 December 2026 (1 event); its outcomes" in period
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "From 1 January 2026 to 31 December 2026 — 1 event — made on" in text
    assert "2026-01-01" not in text


def test_half_years_and_event_days_are_labelled_in_the_reader_s_language(
    body: Organisation,
) -> None:
    _edition(body)
    labels = {}
    for language in ("en", "nl"):
        with translation.override(language):
            report = kpi_report(
                organiser=body, start=dt.date(2026, 1, 1), end=dt.date(2026, 12, 31)
            )
        tables = {table.key: table for table in report.tables}
        labels[language] = (tables["by_period"].rows[0].label, tables["by_event"].rows[0].label)
    assert labels["en"] == ("First half of 2026", "ICT meets Test (18/03/2026)")
    assert labels["nl"] == ("Eerste semester 2026", "ICT meets Test (18-3-2026)")
