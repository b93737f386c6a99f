"""Under the tests an undefined variable in our templates fails; other templates keep Django's default."""

import pytest
from django.template import Context, Template
from django.template.base import Origin
from django.template.loader import render_to_string

from equipage.core.undefined_variables import OUR_TEMPLATES, UndefinedTemplateVariable


def ours(source: str) -> Template:
    return Template(source, origin=Origin(name=OUR_TEMPLATES + "core/templates/core/essai.html"))


def test_an_undefined_variable_in_our_template_fails():
    with pytest.raises(UndefinedTemplateVariable, match=r"« produit\.nom »"):
        ours("Bonjour {{ produit.nom }}").render(Context({}))


def test_a_defined_one_and_the_tags_that_tolerate_a_missing_name_do_not():
    template = ours(
        "{{ nom }}{% if absent %}x{% endif %}{% for x in absente %}{{ x }}{% endfor %}{% firstof absent 'b' %}"
    )
    assert template.render(Context({"nom": "a"})) == "ab"


def test_a_missing_variable_with_a_default_filter_in_our_template_still_fails():
    with pytest.raises(UndefinedTemplateVariable):
        ours('{{ absent|default:"x" }}').render(Context({}))


def test_templates_that_are_not_ours_keep_djangos_default():
    elsewhere = Template('{{ absent }}|{{ absent|default:"défaut" }}', origin=Origin(name="/site-packages/dsfr/x.html"))
    assert elsewhere.render(Context({})) == "|défaut"


def test_django_dsfr_templates_render_with_their_missing_variables():
    html = render_to_string("dsfr/breadcrumb.html", {"self": {"links": [], "current": "Ici"}})
    assert "Ici" in html
