import json

import pytest

from maillage.matching.engine.profile import (
    Profile,
    ProfileFormatError,
    iter_profiles,
    profile_from_dict,
)


def test_profile_from_dict_only_id_defaults_everything_else() -> None:
    assert profile_from_dict({"id": "x"}) == Profile(id="x")


def test_profile_from_dict_ignores_unknown_fields_and_normalises() -> None:
    profile = profile_from_dict(
        {"id": 7, "country": "be", "offers": "one offer", "needs": None, "extra": [1, 2]}
    )
    assert profile == Profile(id="7", country="BE", offers=("one offer",))


@pytest.mark.parametrize(
    ("record", "message"),
    [
        ({}, "field 'id' is required and must be a string, got null"),
        ({"id": ""}, "field 'id' must not be empty"),
        ({"id": "a", "offers": [1]}, "field 'offers' item 0 must be a string, got int"),
        ({"id": "a", "name": 3}, "field 'name' must be a string, got int"),
        ({"id": "a", "needs": {"x": 1}}, "field 'needs' must be a list of strings, got dict"),
        ([1], "expected a JSON object, got list"),
    ],
)
def test_profile_from_dict_malformed_says_what_is_wrong(record: object, message: str) -> None:
    with pytest.raises(ProfileFormatError) as info:
        profile_from_dict(record)
    assert str(info.value) == message


def test_iter_profiles_reports_line_numbers_and_skips_blank_lines() -> None:
    lines = [json.dumps({"id": "a"}), "", "{not json"]
    with pytest.raises(ProfileFormatError) as info:
        list(iter_profiles(lines))
    assert info.value.line == 3
    assert str(info.value).startswith("line 3: invalid JSON")


def test_iter_profiles_duplicate_id_is_an_error() -> None:
    with pytest.raises(ProfileFormatError, match="line 2: duplicate id 'a'"):
        list(iter_profiles(['{"id": "a"}', '{"id": "a"}']))
