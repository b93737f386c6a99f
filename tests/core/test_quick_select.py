from django import forms
from django.test.html import parse_html

from equipage.core.forms import QuickSelect


def test_quick_select_writes_the_same_markup_as_djangos_select():
    choices = [("", "Tous"), ("a", "Atlas & co"), ("b", "<Boussole>"), ("c", "d’Émile")]
    attrs = {"id": "id_x", "class": "fr-select", "aria-describedby": "x-help"}
    for value in ("", "b", "inconnu"):
        expected = forms.Select(attrs=attrs, choices=choices).render("x", value)
        written = QuickSelect(attrs=attrs, choices=choices).render("x", value)
        assert parse_html(written) == parse_html(expected)
    assert "&lt;Boussole&gt;" in written
