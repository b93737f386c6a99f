from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from ..engine import RULES

register = template.Library()

NONE = mark_safe('<span aria-label="aucun">·</span>')


@register.filter
def get_item(mapping: dict, key: str):
    return mapping.get(key)


@register.simple_tag
def rule_cells(row) -> str:
    """The row's cells, one per rule: built at once, the portfolio shows thousands of them."""
    return format_html_join("", "<td>{}</td>", ((count or NONE,) for count in row.cells))


@register.simple_tag
def finding_action(finding, product) -> str:
    """The link to the page where the finding's remedy is applied, when its rule names one."""
    rule = RULES.get(finding.code)
    link = rule.action_link(product.slug) if rule is not None else None
    if link is None:
        return ""
    label, url = link
    return format_html(' <a href="{}">{}</a>', url, label)
