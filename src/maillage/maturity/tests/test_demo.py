"""The demo's maturity data: synthetic assessments, T1s, the advisor's follows, a benchmark."""

from typing import Any

import pytest

from maillage.accounts.models import User
from maillage.core.demo import DEMO_ORGANISATION_SLUG, ensure_demo_accounts, load_demo_data
from maillage.maturity.demo import load_maturity_demo
from maillage.maturity.models import AdvisorFollow, Assessment, BenchmarkRelease

pytestmark = pytest.mark.django_db


def test_demo_assesses_synthetic_companies_once(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    load_demo_data(population=60)
    ensure_demo_accounts()
    loaded = load_maturity_demo(count=25, include=(DEMO_ORGANISATION_SLUG,))
    assert loaded is not None
    assert loaded.assessed == 25
    assessments = Assessment.objects.all()
    assert assessments.count() == 25 + loaded.followups
    assert not assessments.exclude(synthetic=True).exists()
    assert not assessments.exclude(status="completed").exists()
    mosa = assessments.filter(organisation__slug=DEMO_ORGANISATION_SLUG).order_by("sequence")
    assert [a.time_point for a in mosa] == ["T0", "T1"]
    assert mosa[1].previous_id == mosa[0].pk
    advisor = User.objects.get(email="advisor@maillage.example")
    assert AdvisorFollow.objects.filter(advisor=advisor).count() == 20
    assert AdvisorFollow.objects.filter(
        advisor=advisor, organisation__slug=DEMO_ORGANISATION_SLUG
    ).exists()
    assert BenchmarkRelease.objects.count() == 1
    assert load_maturity_demo(count=25) is None
