from django import template

from ..selectors import accessibility_status, sheet_summary

register = template.Library()


@register.simple_tag
def accessibility_status_of(product):
    """The declared accessibility status of a product, for the public pages."""
    return accessibility_status(product)


@register.simple_tag
def sheet_summary_of(product):
    return sheet_summary(product)
