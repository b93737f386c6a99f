from django import template
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe

register = template.Library()

NONE = mark_safe('<span aria-label="aucun">·</span>')


@register.filter
def get_item(mapping: dict, key: str):
    return mapping.get(key)


@register.simple_tag
def rule_cells(row) -> str:
    """The row's cells, one per rule: built at once, the portfolio shows thousands of them."""
    return format_html_join("", "<td>{}</td>", ((count or NONE,) for count in row.cells))
