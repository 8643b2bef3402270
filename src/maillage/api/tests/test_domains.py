import pytest
from django.test import Client

from maillage.ecosystem.tests.factories import DomainFactory

pytestmark = pytest.mark.django_db


def test_domains_lists_codes_labels_and_parent(client: Client) -> None:
    axis = DomainFactory(code="industry", label_fr="Industrie", label_en="Industry")
    DomainFactory(
        code="robotics",
        label_fr="Robotique",
        label_en="Robotics",
        label_nl="Robotica",
        parent=axis,
    )
    response = client.get("/api/v1/domains")
    assert response.status_code == 200
    assert response.json()["items"] == [
        {
            "code": "industry",
            "label_fr": "Industrie",
            "label_en": "Industry",
            "label_nl": "",
            "parent": None,
        },
        {
            "code": "robotics",
            "label_fr": "Robotique",
            "label_en": "Robotics",
            "label_nl": "Robotica",
            "parent": "industry",
        },
    ]


@pytest.mark.parametrize("rows", [1, 3])
def test_domain_list_query_count(
    client: Client, django_assert_num_queries: object, rows: int
) -> None:
    axis = DomainFactory()
    for _ in range(rows - 1):
        DomainFactory(parent=axis)
    with django_assert_num_queries(2):  # type: ignore[operator]
        response = client.get("/api/v1/domains")
    assert response.json()["count"] == rows
