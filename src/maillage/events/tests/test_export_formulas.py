"""Organisers' exports carry no formula whatever participants typed (core.spreadsheets)."""

import csv
import io

import pytest
from openpyxl import load_workbook

from maillage.core.tests.test_spreadsheets import HYPERLINK
from maillage.events.models import Challenge, Registration, Workshop
from maillage.events.services.brainstorming import export_ideas_csv, export_ideas_xlsx, post_idea
from maillage.events.services.dashboard import export_meetings_xlsx, export_participants_xlsx
from maillage.events.tests.eventday_fixtures import Day

pytestmark = pytest.mark.django_db


@pytest.mark.usefixtures("english")
def test_participants_and_meetings_exports_carry_no_formula(day: Day) -> None:
    registration = day.people["A"]
    registration.user.full_name = HYPERLINK
    registration.user.save(update_fields=["full_name"])
    organisation = registration.organisation
    organisation.name = "=1+1 SRL"
    organisation.short_name = ""
    organisation.save(update_fields=["name", "short_name"])

    participants = load_workbook(
        io.BytesIO(export_participants_xlsx(actor=day.organiser, event=day.event))
    ).active
    meetings = load_workbook(
        io.BytesIO(export_meetings_xlsx(actor=day.organiser, event=day.event))
    ).active
    assert participants is not None
    assert meetings is not None
    cells = [c for sheet in (participants, meetings) for row in sheet.iter_rows() for c in row]
    assert all(cell.data_type != "f" for cell in cells)
    texts = {cell.value for cell in cells}
    assert {HYPERLINK, "=1+1 SRL"} <= texts
    assert all(cell.quotePrefix for cell in cells if cell.value in {HYPERLINK, "=1+1 SRL"})


def test_ideas_exports_carry_no_formula(day: Day) -> None:
    registration = day.people["A"]
    assert registration.status == Registration.Status.CONFIRMED
    workshop = Workshop.objects.create(event=day.event, title="W")
    challenge = Challenge.objects.create(
        workshop=workshop,
        organisation=registration.organisation,
        posted_by=registration,
        title="-cmd|' /C calc'!A0",
    )
    post_idea(registration=registration, challenge=challenge, text=HYPERLINK)
    ideas = challenge.ideas.all()
    rows = list(csv.reader(io.StringIO(export_ideas_csv(ideas).decode("utf-8-sig"))))
    assert rows[1][:2] == ["'-cmd|' /C calc'!A0", "'" + HYPERLINK]
    sheet = load_workbook(io.BytesIO(export_ideas_xlsx(ideas))).active
    assert sheet is not None
    assert [sheet["A2"].value, sheet["B2"].value] == ["-cmd|' /C calc'!A0", HYPERLINK]
    assert sheet["B2"].data_type == "s"
    assert sheet["B2"].quotePrefix is True
