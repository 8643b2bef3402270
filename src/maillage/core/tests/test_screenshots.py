"""The screenshot tour's refusals (its screenshots are taken in test_e2e_screenshots.py)."""

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from maillage.core.screenshots import TourError, demo_tour


def test_the_tour_needs_the_demo_data(db: None) -> None:
    with pytest.raises(TourError, match="make demo"):
        demo_tour()


def test_the_command_says_when_no_server_answers(tmp_path: Path) -> None:
    refusal = r"no Maillage answers at http://127\.0\.0\.1:9"
    with pytest.raises(CommandError, match=refusal) as error:
        call_command("screenshots", "--base-url", "http://127.0.0.1:9", "--output", str(tmp_path))
    assert error.value.returncode == 2
    assert not any(tmp_path.iterdir())
