"""The one rule for a label in the active language: Dutch falls back to English, then French."""

import pytest
from django.utils import translation

from maillage.core.i18n import label_expression, label_language, pick_label, pick_text
from maillage.ecosystem.models import Domain
from maillage.ecosystem.tests.factories import DomainFactory


def test_the_label_language_is_the_active_one_or_french() -> None:
    with translation.override("nl"):
        assert label_language() == "nl"
    assert label_language("en-gb") == "en"
    assert label_language("de") == "fr"


@pytest.mark.parametrize(
    ("language", "labels", "expected"),
    [
        ("nl", ("Santé", "Health", "Gezondheid"), "Gezondheid"),
        ("nl", ("Santé", "Health", ""), "Health"),
        ("nl", ("Santé", "", ""), "Santé"),
        ("en", ("Santé", "Health", "Gezondheid"), "Health"),
        ("en", ("Santé", "", "Gezondheid"), "Santé"),
        ("fr", ("Santé", "Health", "Gezondheid"), "Santé"),
        ("fr", ("", "Health", ""), "Health"),
    ],
)
def test_pick_label_falls_back_from_dutch_to_english_to_french(
    language: str, labels: tuple[str, ...], expected: str
) -> None:
    assert pick_label(labels, language) == expected


def test_pick_text_reads_texts_by_language_code_with_the_same_fallback() -> None:
    assert pick_text({"fr": "Critères", "en": "Criteria"}, "nl") == "Criteria"
    assert pick_text({"nl": "Criteria NL", "fr": "Critères"}, "nl") == "Criteria NL"
    assert pick_text({"de": "Kriterien"}, "fr") == "Kriterien"
    assert pick_text({}, "fr") == ""


@pytest.mark.django_db
def test_label_expression_orders_by_the_label_read_in_python() -> None:
    DomainFactory(code="a", label_fr="Alpha", label_en="Zulu", label_nl="")
    DomainFactory(code="b", label_fr="Bravo", label_en="Yankee", label_nl="Echo")
    DomainFactory(code="c", label_fr="Charlie", label_en="", label_nl="")
    for language, expected in (
        ("nl", ["Charlie", "Echo", "Zulu"]),
        ("en", ["Charlie", "Yankee", "Zulu"]),
        ("fr", ["Alpha", "Bravo", "Charlie"]),
    ):
        with translation.override(language):
            domains = list(Domain.objects.order_by(label_expression()))
            assert [domain.label for domain in domains] == expected
            assert (
                list(
                    Domain.objects.order_by(label_expression()).values_list(
                        label_expression(), flat=True
                    )
                )
                == expected
            )
