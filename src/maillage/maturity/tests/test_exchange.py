"""EDIH exchange: the CSV export's layout, the XLSX result import (dry run, line-numbered
errors, all or nothing), and the hub's T0 -> T1 reporting."""

import csv
import io
from datetime import date

import pytest
from django.test import Client
from openpyxl import Workbook

from maillage.conftest import Cast
from maillage.ecosystem.tests.factories import OrganisationFactory, valid_enterprise_number
from maillage.maturity.exchange import edih_csv, import_results, preview_results
from maillage.maturity.models import AdvisorFollow, Assessment
from maillage.maturity.reporting import maturity_progress
from maillage.maturity.tests.conftest import Hub, answers_with, complete
from maillage.maturity.tests.dma_answers import empty_answers

pytestmark = pytest.mark.django_db


def workbook(rows: list[list[object]]) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


HEADER = [
    "Enterprise name",
    "VAT number",
    "Time point",
    "Assessment date",
    "Digital Business Strategy",
    "Digital Readiness",
    "Human-centric Digitalisation",
    "Data Management and Connectedness",
    "Automation and Artificial Intelligence",
    "Green Digitalisation",
    "Overall",
]


def test_export_uses_the_edih_layout(cast: Cast, hub: Hub) -> None:
    done = complete(hub.advisor, cast.alice_org, answers_with(Q2=["Q2.3"], Q4={"Q4.1": 2}))
    rows = list(csv.reader(io.StringIO(edih_csv([done]))))
    assert rows[0][:5] == ["time_point", "assessment_date", "enterprise_name", "vat_number", "Q1.1"]
    assert len(rows[0]) == 4 + 86
    record = dict(zip(rows[0], rows[1], strict=True))
    assert record["time_point"] == "T0"
    assert record["enterprise_name"] == "Alice Robotics SRL"
    assert record["vat_number"] == f"BE{cast.alice_org.enterprise_number}"
    assert (record["Q1.1"], record["Q2.1"], record["Q2.3"], record["Q4.1"], record["Q4.2"]) == (
        "already|plan",
        "0",
        "1",
        "2",
        "",
    )


def test_import_dry_run_names_each_bad_line(cast: Cast, hub: Hub, english: None) -> None:
    data = workbook(
        [
            HEADER,
            ["Alice Robotics SRL", "", "T0", "2026-03-02", 40, 50, 60, 70, 80, 90, 65],
            ["Nobody SA", "", "", "", 1, 2, 3, 4, 5, 6, ""],
            ["", "BE0999999999", "", "", 1, 2, 3, 4, 5, 6, ""],
            [cast.charlie_org.name, "", "", "", 1, 2, 3, 4, 5, 6, ""],
            ["Alice Robotics SRL", "", "T1", "31/13/2026", 101, "x", 3, 4, 5, "", 99],
        ]
    )
    preview = preview_results(actor=hub.advisor, data=data, file_name="results.xlsx")
    assert not preview.ok
    errors = {row.number: row.errors for row in preview.rows}
    assert errors[2] == []
    assert errors[3] == [
        "No single organisation of the directory is named “Nobody SA”: give its VAT number."
    ]
    assert errors[4][0].startswith(
        "VAT number BE0999999999: The check digits of 0999.999.999 are wrong"
    )
    assert errors[5] == [
        "You do not follow Charlie Consulting SPRL: its results cannot be imported by you."
    ]
    assert errors[6] == [
        "The score of D1 must be a number from 0 to 100, not “101”.",
        "The score of D2 must be a number from 0 to 100, not “x”.",
        "The score of D6 is missing.",
        "The assessment date “31/13/2026” is not a date (YYYY-MM-DD or DD/MM/YYYY).",
    ]
    assert Assessment.objects.count() == 0


def test_import_commits_all_rows_or_none(client: Client, cast: Cast, hub: Hub) -> None:
    bob_follow = AdvisorFollow.objects.create(
        hub=hub.hub, advisor=hub.advisor, organisation=cast.bob_org
    )
    assert bob_follow.active
    good = workbook(
        [
            HEADER,
            ["Alice Robotics SRL", "", "T0", "2026-03-02", 40, 50, 60, 70, 80, 90, 65],
            ["Bob Logistics SA", "", "", "02/03/2026", 10, 10, 10, 10, 10, 10, ""],
        ]
    )
    created = import_results(actor=hub.advisor, hub=hub.hub, data=good, file_name="r.xlsx")
    assert [(a.organisation.name, a.time_point, a.source, a.score.overall) for a in created] == [
        ("Alice Robotics SRL", "T0", "import", 65.0),
        ("Bob Logistics SA", "T0", "import", 10.0),
    ]
    assert created[0].score.rules_version == "imported"


def test_hub_reporting_counts_companies_and_suppresses_small_progressions(
    cast: Cast, hub: Hub
) -> None:
    followed = [
        OrganisationFactory(enterprise_number=valid_enterprise_number(100 + i).replace(".", ""))
        for i in range(10)
    ]
    for organisation in followed:
        AdvisorFollow.objects.create(hub=hub.hub, advisor=hub.advisor, organisation=organisation)
        complete(hub.advisor, organisation, empty_answers())
    progress = maturity_progress(hub=hub.hub)
    assert (progress.companies_assessed, progress.companies_progressed) == (10, 0)
    assert progress.overall.suppressed
    for organisation in followed[:9]:
        complete(hub.advisor, organisation, answers_with(Q9={"Q9.1": 5}))
    small = maturity_progress(hub=hub.hub)
    assert (small.companies_progressed, small.overall.n, small.overall.mean_change) == (9, 9, None)
    complete(hub.advisor, followed[9], answers_with(Q9={"Q9.1": 5}))
    full = maturity_progress(hub=hub.hub, start=date(2000, 1, 1), end=date(2100, 1, 1))
    d5 = next(row for row in full.dimensions if row.dimension == "D5")
    assert (d5.n, d5.mean_t0, d5.mean_t1, d5.mean_change) == (10, 0.0, 20.0, 20.0)
    assert maturity_progress(hub=hub.hub, end=date(2000, 1, 1)).companies_assessed == 0


def test_progress_api_reads_the_period(client: Client, cast: Cast, hub: Hub) -> None:
    complete(hub.advisor, cast.alice_org)
    client.force_login(hub.manager)
    url = f"/api/v1/maturity/hubs/{hub.hub.slug}/progress"
    assert client.get(url).json()["companies_assessed"] == 1
    body = client.get(f"{url}?from=2000-01-01&to=2000-12-31").json()
    assert (body["companies_assessed"], body["start"], body["end"]) == (
        0,
        "2000-01-01",
        "2000-12-31",
    )
    assert body["overall"] == {
        "dimension": "overall",
        "n": 0,
        "mean_t0": None,
        "mean_t1": None,
        "mean_change": None,
        "suppressed": True,
    }
