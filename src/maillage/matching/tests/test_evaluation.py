from maillage.matching.evaluation.long_texts import long_description
from maillage.matching.evaluation.synthetic import generate


def test_description_long_keeps_organisations_and_is_deterministic() -> None:
    data = generate()
    long = data.records("description_long")
    english = data.records("description_en")
    assert [r["id"] for r in long] == [r["id"] for r in english]
    assert all(
        r["synthetic"] is True and set(r) == {"id", "synthetic", "name", "description"}
        for r in long
    )
    assert generate().records("description_long") == long
    org = data.organisations[0]
    assert long_description(org, 2026) == long[0]["description"]
    assert long_description(org, 2027) != long_description(org, 2026)


def test_description_long_mixes_one_liners_and_long_texts() -> None:
    lengths = [len(r["description"].split()) for r in generate().records("description_long")]
    one_line = sum(1 for n in lengths if n < 25)
    long = sum(1 for n in lengths if n >= 150)
    assert (one_line, long, len(lengths)) == (64, 138, 318)
    assert max(lengths) == 818
