from hypothesis import given
from hypothesis import strategies as st

from maillage.matching.engine.text import (
    analyse,
    detect_language,
    fold,
    infer_interests,
    passages,
)


def test_detect_language_four_languages() -> None:
    assert detect_language("Nous cherchons un partenaire pour la maintenance des machines") == "fr"
    assert detect_language("Wij zoeken een partner voor het onderhoud van de machines") == "nl"
    assert detect_language("Wir suchen einen Partner für die Wartung der Maschinen") == "de"
    assert detect_language("We are looking for a partner for the maintenance of machines") == "en"
    assert detect_language("12345", default="fr") == "fr"


def test_analyse_stems_then_folds_accents() -> None:
    assert analyse("Nous développons des capteurs", "fr") == ["developpon", "capteur"]
    assert analyse("Größere Maschinen", "de") == ["gross", "maschin"]


def test_fold_strips_accents_and_case() -> None:
    assert fold("Éco-Conçu Straße") == "eco-concu strasse"


def test_passages_respect_word_limit_and_keep_all_words() -> None:
    text = "One two three. Four five six seven. " + " ".join(["w"] * 25)
    chunks = passages(text, max_words=10)
    assert all(len(c.split()) <= 10 for c in chunks)
    assert sum(len(c.split()) for c in chunks) == len(text.split())


@given(st.text(max_size=400), st.integers(min_value=1, max_value=50))
def test_passages_never_lose_or_exceed_words(text: str, limit: int) -> None:
    chunks = passages(text, max_words=limit)
    assert all(len(c.split()) <= limit for c in chunks)
    assert " ".join(chunks).split() == " ".join(text.split()).split() or not text.split()


def test_infer_interests_finds_cued_sentences() -> None:
    offers, needs = infer_interests(
        limit=2,
        description=(
            "Acme is a company. We offer drones for bridge inspection."
            " Nous cherchons un intégrateur."
            " Wir suchen einen Partner: Wartung von Pressen und Robotern."
        ),
    )
    assert offers == ("drones for bridge inspection",)
    assert needs == ("Nous cherchons un intégrateur.", "Wartung von Pressen und Robotern")


def test_infer_interests_default_keeps_one_of_each() -> None:
    offers, needs = infer_interests("We offer drones for bridge inspection. We need a new logo.")
    assert offers == ("drones for bridge inspection",)
    assert needs == ("a new logo",)
