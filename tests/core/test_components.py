"""The page components every template reuses: table wrapper, badges, error summary, pagination."""

import pytest
from django import forms
from django.core.paginator import Paginator
from django.template import Context, Template, TemplateSyntaxError
from django.test import RequestFactory

from equipage.compliance.states import AreaState


def render(source: str, **context) -> str:
    return Template("{% load ui %}" + source).render(Context(context))


def test_table_is_a_keyboard_focusable_region_named_after_its_caption():
    html = render(
        '{% table classes="fr-table--sm" sticky=True %}'
        "<table><caption>Rituels <em>d’Atlas</em></caption></table>"
        "{% endtable %}"
    )
    assert 'class="fr-table fr-table--sm eq-table--sticky"' in html
    assert '<div class="fr-table__container" tabindex="0" role="region" aria-label="Rituels d’Atlas">' in html
    assert "<caption>Rituels <em>d’Atlas</em></caption>" in html


def test_table_without_caption_takes_its_label_or_a_generic_name():
    assert 'aria-label="Personnes"' in render('{% table label="Personnes" %}<table></table>{% endtable %}')
    assert 'aria-label="Tableau"' in render("{% table %}<table></table>{% endtable %}")


@pytest.mark.parametrize(
    ("tone", "expected"),
    [
        ("success", 'class="fr-badge fr-badge--sm fr-badge--success fr-badge--no-icon"'),
        ("error", 'class="fr-badge fr-badge--sm fr-badge--error fr-badge--no-icon"'),
        ("neutral", 'class="fr-badge fr-badge--sm"'),
    ],
)
def test_badges_carry_a_dsfr_meaning(tone, expected):
    assert expected in render("{% badge label tone %}", label="Échu", tone=tone)


def test_unknown_badge_tone_is_refused():
    with pytest.raises(TemplateSyntaxError):
        render('{% badge "Vert" "green-emeraude" %}')


def test_a_non_conforming_status_never_wears_green():
    conforming = AreaState("rgaa", "a_jour", ["totalement conforme (100 %)"])
    non_conforming = AreaState("rgaa", "a_jour", ["non conforme (30 %)"], non_conforming=True)
    assert "fr-badge--success" in render("{% status_badge state %}", state=conforming)
    html = render("{% status_badge state %}", state=non_conforming)
    assert "fr-badge--success" not in html and "fr-badge--warning" in html


class SampleForm(forms.Form):
    name = forms.CharField(label="Nom")
    answer = forms.ChoiceField(label="Réponse", choices=[("oui", "Oui"), ("non", "Non")], widget=forms.RadioSelect)

    def clean(self):
        raise forms.ValidationError("Le formulaire est incomplet.")


def test_error_summary_links_each_error_to_its_field():
    form = SampleForm(data={})
    html = render("{% error_summary form %}", form=form)
    assert 'id="error-summary"' in html and 'tabindex="-1"' in html and 'role="alert"' in html
    assert '<a href="#id_name">Nom : Ce champ est obligatoire.</a>' in html
    assert '<a href="#id_answer_0">Réponse : Ce champ est obligatoire.</a>' in html
    assert "<li>Le formulaire est incomplet.</li>" in html
    assert "Corrigez 3 champs signalés ci-dessous." in html


def test_error_summary_is_empty_for_an_unbound_or_valid_form():
    assert render("{% error_summary form %}", form=SampleForm()).strip() == ""


def test_pagination_keeps_the_query_and_numbers_pages():
    page = Paginator(list(range(100)), 10).get_page(5)
    request = RequestFactory().get("/personnes/", {"q": "martin", "page": 5})
    html = render("{% pagination page_obj %}", page_obj=page, request=request)
    assert 'aria-current="page"' in html
    assert "q=martin&amp;page=6" in html
    assert render("{% pagination page_obj %}", page_obj=Paginator([1], 10).get_page(1), request=request) == ""


def test_error_summary_lists_formset_errors_and_the_views_own_messages():
    formset_class = forms.formset_factory(SampleForm, extra=0)
    formset = formset_class(
        data={"lignes-TOTAL_FORMS": "1", "lignes-INITIAL_FORMS": "0", "lignes-0-answer": "oui"}, prefix="lignes"
    )
    html = render("{% error_summary formset messages=extra %}", formset=formset, extra=["Le produit est archivé."])
    assert "<li>Le produit est archivé.</li>" in html
    assert '<a href="#id_lignes-0-name">Nom : Ce champ est obligatoire.</a>' in html
