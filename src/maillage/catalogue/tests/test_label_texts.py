"""A label's page shows its description and criteria in the page's language (Dutch falling
back to English, then French), not always the French description and the first criteria."""

import pytest
from django.test import Client

from maillage.catalogue.models import Label

pytestmark = pytest.mark.django_db


@pytest.fixture
def label() -> Label:
    return Label.objects.create(
        name="Digital Wallonia",
        slug="digital-wallonia",
        description={"fr": "Label wallon.", "en": "Walloon label.", "nl": "Waals label."},
        criteria={"fr": "Trois références.", "en": "Three references."},
    )


@pytest.mark.parametrize(
    ("language", "description", "criteria"),
    [
        ("nl", "Waals label.", "Three references."),
        ("en", "Walloon label.", "Three references."),
        ("fr", "Label wallon.", "Trois références."),
    ],
)
def test_the_label_page_reads_the_pages_language(
    client: Client, label: Label, language: str, description: str, criteria: str
) -> None:
    html = client.get(
        "/catalogue/labels/digital-wallonia/", headers={"Accept-Language": language}
    ).content.decode()
    assert f'<p id="description">{description}</p>' in html
    assert f'<p id="criteria">{criteria}</p>' in html


def test_a_label_without_description_shows_none(client: Client, label: Label) -> None:
    Label.objects.filter(pk=label.pk).update(description={})
    html = client.get(
        "/catalogue/labels/digital-wallonia/", headers={"Accept-Language": "nl"}
    ).content.decode()
    assert 'id="description"' not in html
