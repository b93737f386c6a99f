"""Passwords follow the CNIL's recommendation (délibération 2022-100): 80 bits of entropy, nothing trivial."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "password",
    [
        "aaaaaaaaaaaa",
        "abababababab",
        "abcdefghijklmnop",
        "azertyuiopqsdf",
        "motdepasse12",
        "Abcdefgh1234",
        "1234567890123",
    ],
)
def test_trivial_or_weak_passwords_are_refused(password):
    with pytest.raises(ValidationError):
        validate_password(password)


@pytest.mark.parametrize(
    "password", ["Vx9!kq2#Lm7p", "Jardin-Volcan-Pivoine-42", "quatre chevaux boivent du thé vert le matin"]
)
def test_strong_passwords_following_the_cnil_examples_are_accepted(password):
    validate_password(password)


def test_the_password_change_page_refuses_a_repeated_letter(editor_client, editor):
    response = editor_client.post(
        "/compte/mot-de-passe/",
        {"old_password": TEST_PASSWORD, "new_password1": "a" * 12, "new_password2": "a" * 12},
    )
    assert response.status_code == 200
    assert "trop prévisible" in response.content.decode()
    editor.refresh_from_db()
    assert editor.check_password(TEST_PASSWORD)
