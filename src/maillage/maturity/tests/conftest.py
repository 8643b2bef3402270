"""Maturity fixtures: the standing cast plus a hub with an advisor following Alice's company,
a colleague of Alice, and a helper that completes an assessment through the services."""

from dataclasses import dataclass
from typing import Any

import pytest

from maillage.accounts.models import Affiliation, User
from maillage.conftest import Cast
from maillage.ecosystem.models import Organisation
from maillage.ecosystem.tests.factories import AffiliationFactory, OrganisationFactory, UserFactory
from maillage.maturity import services
from maillage.maturity.dma import load_questionnaire
from maillage.maturity.models import AdvisorFollow, Assessment
from maillage.maturity.tests.dma_answers import full_answers


@dataclass
class Hub:
    hub: Organisation
    advisor: User
    manager: User
    follow: AdvisorFollow
    #: Works at Alice's company, without representing it.
    colleague: User
    admin: User


@pytest.fixture
def hub(cast: Cast) -> Hub:
    organisation = OrganisationFactory(
        name="Wallonia Digital Hub", kind=Organisation.Kind.PUBLIC_BODY
    )
    advisor = UserFactory(email="advisor@example.org", full_name="Ada Advisor")
    manager = UserFactory(email="hubmanager@example.org", full_name="Hugo Hub")
    AffiliationFactory(user=advisor, organisation=organisation, role=Affiliation.Role.MEMBER)
    AffiliationFactory(user=manager, organisation=organisation, role=Affiliation.Role.MANAGER)
    colleague = UserFactory(email="colleague@example.org", full_name="Colin Colleague")
    AffiliationFactory(user=colleague, organisation=cast.alice_org, role=Affiliation.Role.MEMBER)
    follow = AdvisorFollow.objects.create(
        hub=organisation, advisor=advisor, organisation=cast.alice_org
    )
    admin = UserFactory(email="admin@example.org", is_superuser=True, is_staff=True)
    return Hub(organisation, advisor, manager, follow, colleague, admin)


def answers_with(**overrides: Any) -> dict[str, Any]:
    raw = full_answers()
    raw.update(overrides)
    return raw


def complete(
    actor: User, organisation: Organisation, raw: dict[str, Any] | None = None, **start: Any
) -> Assessment:
    """Start, answer every dimension and complete an assessment, as the pages do."""
    answers = raw or full_answers()
    assessment = services.start_assessment(actor=actor, organisation=organisation, **start)
    for dimension in load_questionnaire().dimensions:
        assessment = services.save_dimension(
            actor=actor,
            assessment=assessment,
            dimension=dimension.id,
            answers={q: answers[q] for q in dimension.questions},
        )
    return services.complete_assessment(actor=actor, assessment=assessment)
