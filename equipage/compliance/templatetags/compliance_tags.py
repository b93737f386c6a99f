from django import template
from django.utils.html import format_html
from django.utils.text import capfirst

from equipage.core.templatetags.ui import status_badge

from ..selectors import accessibility_status, sheet_summary

register = template.Library()


@register.simple_tag
def accessibility_status_of(product):
    """The declared accessibility status of a product, for the public pages."""
    return accessibility_status(product)


@register.simple_tag
def sheet_summary_of(product):
    return sheet_summary(product)


@register.simple_tag
def heat_map_cell(state) -> str:
    """One cell of the heat map (`<td>`): the state's badge and its reasons. Written in Python, not an
    included template: the heat map shows four per row, a hundred rows a page."""
    tone = "a_echeance" if state.non_conforming else state.status
    return format_html(
        '<td class="eq-heat--{}">{}<span class="fr-text--xs eq-heat__detail">{}</span></td>',
        tone,
        status_badge(state),
        capfirst(state.summary),
    )
