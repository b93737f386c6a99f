"""The API's own text fields (not a model's) refuse control characters as the pages do: nothing is stored."""

import pytest
from rest_framework.test import APIClient

from equipage.delivery.models import AcceptanceCriterion, Story

pytestmark = pytest.mark.django_db


def test_a_story_criterion_with_a_line_break_or_an_escape_is_refused_and_nothing_is_written(admin_user, product):
    client = APIClient()
    client.force_authenticate(admin_user)
    path = f"/api/v1/products/{product.slug}/stories/"
    for criterion in ("La relance part\nBcc: x", "Le PDF\x1b[31m"):
        response = client.post(path, {"title": "Relancer", "criteria": [criterion]}, format="json")
        assert response.status_code == 400
        assert "une ligne" in str(response.json()["errors"]["criteria"])
    assert not Story.objects.exists() and not AcceptanceCriterion.objects.exists()
    assert client.post(path, {"title": "Relancer", "criteria": ["La relance part"]}, format="json").status_code == 201
