"""Advice after an assessment: labelled entries addressing the two weakest dimensions, ranked,
with the reasons; shown to the company and to its hub advisor."""

from datetime import date

import pytest
from django.test import Client

from maillage.catalogue.models import Entry, Label, LabelApplication
from maillage.conftest import Cast
from maillage.ecosystem.models import Project, ProjectPartner
from maillage.ecosystem.tests.factories import DomainFactory, OrganisationFactory
from maillage.maturity.advice import advice_for
from maillage.maturity.tests.conftest import Hub, answers_with, complete

pytestmark = pytest.mark.django_db


def provider(
    name: str, dimensions: list[str], offers: list[str], *, labelled: bool = True
) -> Entry:
    organisation = OrganisationFactory(name=f"{name} SRL")
    entry = Entry.objects.create(
        kind="provider",
        name=name,
        slug=name.lower(),
        organisation=organisation,
        dimensions=dimensions,
        offers=offers,
        summary={"en": " ".join(offers)},
    )
    if labelled:
        label, _ = Label.objects.get_or_create(name="Digital Wallonia", slug="digital-wallonia")
        LabelApplication.objects.create(
            label=label,
            entry=entry,
            status="approved",
            valid_from=date(2020, 1, 1),
            valid_until=date(2099, 1, 1),
        )
    return entry


def test_advice_addresses_the_two_weakest_dimensions(
    client: Client, cast: Cast, hub: Hub, english: None
) -> None:
    axis = DomainFactory(code="industrial-processes-materials", label_en="Industrial processes")
    sub = DomainFactory(code="mechanics", label_en="Mechanics", parent=axis)
    cast.alice_org.domains.add(sub)
    # D4 and D5 are left empty: the weakest two.
    done = complete(cast.alice, cast.alice_org, answers_with(Q7=[], Q8=[], Q9={}))
    data = provider(
        "Datawise",
        ["D4"],
        ["data integration and dashboards for decision-making", "backups against ransomware"],
    )
    robots = provider("Robotix", ["D5"], ["robotics and computer vision for production lines"])
    provider("Strategists", ["D1"], ["digital strategy coaching"])
    provider("Unlabelled", ["D4"], ["data integration"], labelled=False)
    partner = OrganisationFactory(name="Peer Mechanics SA")
    partner.domains.add(sub)
    project = Project.objects.create(name="Smart factory", kind="collaborative")
    ProjectPartner.objects.create(project=project, organisation=robots.organisation)
    ProjectPartner.objects.create(project=project, organisation=partner)
    advice = advice_for(done)
    assert {item.entry.name for item in advice} == {"Datawise", "Robotix"}
    reasons = {item.entry.name: item.reasons for item in advice}
    assert (
        reasons["Datawise"][0]
        == "Addresses Data management and connectedness, your weakest dimension at 0/100"
    )
    assert (
        reasons["Robotix"][0]
        == "Addresses Automation and artificial intelligence, your second weakest dimension at "
        "0/100"
    )
    assert any(r.startswith("Labelled Digital Wallonia") for r in reasons["Datawise"])
    assert "Worked with a company of your sector" in reasons["Robotix"]
    assert data.pk in [item.entry.pk for item in advice]
    for user in (cast.alice, hub.advisor):
        client.force_login(user)
        html = client.get(
            f"/maturity/assessments/{done.pk}/", HTTP_ACCEPT_LANGUAGE="en"
        ).content.decode()
        assert 'id="advice"' in html
        assert "Datawise" in html
        assert "Strategists" not in html
