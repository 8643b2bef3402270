import pytest

from maillage.matching.engine import HashingEmbedder, Profile


@pytest.fixture
def embedder() -> HashingEmbedder:
    return HashingEmbedder(dim=128)


@pytest.fixture
def profiles() -> list[Profile]:
    return [
        Profile(
            "sensorix",
            name="Sensorix",
            kind="sme",
            country="BE",
            description="Nous développons des capteurs IoT pour l'industrie.",
            offers=("maintenance prédictive des machines par capteurs de vibration",),
            domains=("ICT",),
            nace=("62.01",),
        ),
        Profile(
            "stahl",
            name="StahlWerk",
            kind="company",
            country="DE",
            description="Wir produzieren Stahlteile für die Automobilindustrie.",
            needs=("maintenance prédictive de nos presses",),
            domains=("manufacturing",),
            nace=("25.62",),
        ),
        Profile(
            "biofarm",
            name="BioFarm",
            kind="company",
            country="NL",
            description="Wij telen biologische groenten en fruit.",
            needs=("verpakking voor groenten",),
            domains=("agri-food",),
            nace=("01.13",),
        ),
        Profile(
            "lab",
            name="ULiège lab",
            kind="university",
            country="BE",
            description="Research on machine learning for the predictive maintenance of machines.",
            domains=("ICT",),
            nace=("62.02",),
        ),
        Profile(
            "packco",
            name="PackCo",
            kind="sme",
            country="NL",
            description="Wij maken composteerbare verpakking voor groenten.",
            offers=("composteerbare verpakking voor groenten",),
            domains=("materials",),
        ),
        Profile("empty"),
    ]
