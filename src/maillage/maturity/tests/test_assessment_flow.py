"""Filling in an assessment: a dimension per step, resumable, completed and scored; T1 after T0."""

import pytest
from django.conf import settings
from django.test import Client
from django.test.utils import override_settings

from maillage.conftest import PASSWORD, Cast
from maillage.core.errors import ValidationFailed
from maillage.maturity import services
from maillage.maturity.dma.questionnaire import LANGUAGES
from maillage.maturity.models import Assessment, AssessmentScore
from maillage.maturity.tests.conftest import Hub, answers_with, complete
from maillage.maturity.tests.dma_answers import empty_answers, full_answers

pytestmark = pytest.mark.django_db


def _login(client: Client, email: str) -> Client:
    assert client.login(email=email, password=PASSWORD)
    return client


def test_starting_twice_resumes_the_draft(cast: Cast) -> None:
    first = services.start_assessment(actor=cast.alice, organisation=cast.alice_org)
    again = services.start_assessment(actor=cast.alice, organisation=cast.alice_org)
    assert (first.pk, first.sequence, first.time_point) == (again.pk, 0, "T0")
    assert again.status == Assessment.Status.DRAFT


def test_steps_through_the_pages_and_completes(client: Client, cast: Cast) -> None:
    _login(client, cast.alice.email)
    response = client.post(f"/maturity/organisations/{cast.alice_org.slug}/start/")
    assessment = Assessment.objects.get(organisation=cast.alice_org)
    assert response.url == f"/maturity/assessments/{assessment.pk}/D1/"
    page = client.get(response.url)
    assert page.status_code == 200
    assert "Q1.10" in page.content.decode()
    # D1: three business areas ticked, two readiness options.
    response = client.post(
        f"/maturity/assessments/{assessment.pk}/D1/",
        {
            "Q1.1": ["already"],
            "Q1.2": ["plan"],
            "Q1.3": ["already", "plan"],
            "Q2": ["Q2.1", "Q2.2"],
        },
    )
    assert response.url == f"/maturity/assessments/{assessment.pk}/D2/"
    assessment.refresh_from_db()
    assert assessment.steps_done == ["D1"]
    assert assessment.answers["Q1"] == {
        "Q1.1": ["already"],
        "Q1.2": ["plan"],
        "Q1.3": ["already", "plan"],
        "Q1.4": [],
        "Q1.5": [],
        "Q1.6": [],
        "Q1.7": [],
        "Q1.8": [],
        "Q1.9": [],
        "Q1.10": [],
    }
    # Leaving and coming back: the next step is the first one not answered.
    resumed = client.post(f"/maturity/organisations/{cast.alice_org.slug}/start/")
    assert resumed.url == f"/maturity/assessments/{assessment.pk}/D2/"
    # The review refuses to finish while dimensions are missing, naming them.
    review = client.post(f"/maturity/assessments/{assessment.pk}/review/")
    assert review.status_code == 400
    assert "D2" in review.content.decode()
    for dimension, data in [
        ("D2", {"Q3": ["Q3.1"], "Q4.1": "5", "Q4.2": "0"}),
        ("D3", {"Q5": ["Q5.1"], "Q6": []}),
        ("D4", {"Q7": ["Q7.1", "Q7.3"], "Q8": ["Q8.5"]}),
        ("D5", {"Q9.1": "3", "Q9.5": "2"}),
        ("D6", {"Q10": ["Q10.10"], "Q11.1": "0.5", "Q11.2": "1"}),
    ]:
        client.post(f"/maturity/assessments/{assessment.pk}/{dimension}/", data)
    done = client.post(f"/maturity/assessments/{assessment.pk}/review/")
    assert done.url == f"/maturity/assessments/{assessment.pk}/"
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.COMPLETED
    assert assessment.answers["Q4"] == {"Q4.1": 5, "Q4.2": 0}
    assert assessment.score is not None
    assert assessment.score.rules_version == "dma-1"
    # D1: (2.5/10 + 2/10)/2; D5: 5 of 25.
    assert assessment.score.d1 == pytest.approx(22.5)
    assert assessment.score.d5 == pytest.approx(20.0)
    results = client.get(f"/maturity/assessments/{assessment.pk}/")
    html = results.content.decode()
    assert "<svg" in html
    assert 'class="current"' in html


def test_an_out_of_range_value_is_refused_on_its_row(client: Client, cast: Cast) -> None:
    _login(client, cast.alice.email)
    assessment = services.start_assessment(actor=cast.alice, organisation=cast.alice_org)
    response = client.post(
        f"/maturity/assessments/{assessment.pk}/D2/", {"Q3": ["Q3.99"], "Q4.1": "7"}
    )
    assert response.status_code == 400
    assessment.refresh_from_db()
    assert assessment.steps_done == []


def test_a_dimension_with_a_missing_question_is_refused_naming_it(
    cast: Cast, english: None
) -> None:
    assessment = services.start_assessment(actor=cast.alice, organisation=cast.alice_org)
    with pytest.raises(ValidationFailed) as refused:
        services.save_dimension(
            actor=cast.alice, assessment=assessment, dimension="D4", answers={"Q7": []}
        )
    assert refused.value.errors == {"Q8": ["Answer this question."]}


def test_completion_refused_naming_the_skipped_dimension(cast: Cast, english: None) -> None:
    assessment = services.start_assessment(actor=cast.alice, organisation=cast.alice_org)
    raw = full_answers()
    for dimension, questions in [("D1", ["Q1", "Q2"]), ("D2", ["Q3", "Q4"]), ("D3", ["Q5", "Q6"])]:
        assessment = services.save_dimension(
            actor=cast.alice,
            assessment=assessment,
            dimension=dimension,
            answers={q: raw[q] for q in questions},
        )
    with pytest.raises(ValidationFailed) as refused:
        services.complete_assessment(actor=cast.alice, assessment=assessment)
    assert refused.value.messages == ["Answer every dimension first: D4 is missing."]


def test_the_questionnaire_has_texts_in_every_interface_language() -> None:
    # The DMA package does not import Django, so its own list is checked against the settings.
    assert set(LANGUAGES) == {code for code, _name in settings.LANGUAGES}


def test_a_step_in_dutch_asks_the_questions_in_dutch(client: Client, cast: Cast) -> None:
    _login(client, cast.alice.email)
    assessment = services.start_assessment(actor=cast.alice, organisation=cast.alice_org)
    html = client.get(
        f"/maturity/assessments/{assessment.pk}/D2/", headers={"Accept-Language": "nl"}
    ).content.decode()
    assert "Digitale paraatheid" in html  # the dimension
    assert "Welke van de volgende geavanceerde digitale technologieën" in html  # Q4
    assert "Blockchaintechnologie" in html  # an item of Q4
    assert "Niet gebruikt" in html  # a step of the 0-5 scale
    assert "Opslaan en doorgaan" in html  # the page's own text, from the catalogue
    assert "advanced digital technologies" not in html


def test_results_in_dutch_name_the_dimensions_and_band_in_dutch(client: Client, cast: Cast) -> None:
    assessment = complete(cast.alice, cast.alice_org, empty_answers())
    _login(client, cast.alice.email)
    html = client.get(
        f"/maturity/assessments/{assessment.pk}/", headers={"Accept-Language": "nl"}
    ).content.decode()
    assert "Groene digitalisering" in html
    assert "/ 100 — Basis</p>" in html  # the band of a score of 0, from the rule set's data


def test_t1_follows_t0_and_shows_the_change(client: Client, cast: Cast) -> None:
    first = complete(cast.alice, cast.alice_org, empty_answers())
    second = complete(cast.alice, cast.alice_org, answers_with(Q6=["Q6.1", "Q6.2", "Q6.3", "Q6.4"]))
    assert (second.sequence, second.previous_id) == (1, first.pk)
    _login(client, cast.alice.email)
    html = client.get(f"/maturity/assessments/{second.pk}/").content.decode()
    assert "T0" in html
    assert 'class="previous"' in html
    assert "+75" in html  # D3: from 0 to (1 + 4/8) / 2 = 75


def test_completed_assessment_cannot_change(cast: Cast) -> None:
    assessment = complete(cast.alice, cast.alice_org)
    with pytest.raises(ValidationFailed):
        services.save_dimension(
            actor=cast.alice, assessment=assessment, dimension="D1", answers={"Q1": {}, "Q2": []}
        )


def test_advisor_fills_in_with_the_company_under_the_hub(cast: Cast, hub: Hub) -> None:
    assessment = complete(hub.advisor, cast.alice_org)
    assert assessment.advisor == hub.advisor
    assert assessment.hub == hub.hub


def test_rescoring_adds_the_new_rules_version_and_keeps_the_old(cast: Cast) -> None:
    answers = answers_with(Q7=["Q7.2"])
    assessment = complete(cast.alice, cast.alice_org, answers)
    assert assessment.score.d4 == pytest.approx(100 * (0 + 1) / 2)
    with override_settings(MAILLAGE_DMA_RULES="dma-boxes-1"):
        assert services.rescore_assessments() == 1
        assert services.rescore_assessments() == 0
    assessment.refresh_from_db()
    assert assessment.score.rules_version == "dma-boxes-1"
    # Q7's negative option now counts like any option: 1 of 8.
    assert assessment.score.d4 == pytest.approx(100 * (1 / 8 + 1) / 2)
    assert sorted(AssessmentScore.objects.values_list("rules_version", flat=True)) == [
        "dma-1",
        "dma-boxes-1",
    ]
