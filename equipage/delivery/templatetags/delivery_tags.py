from django import template

from ..selectors import published_roadmap

register = template.Library()


@register.simple_tag
def published_roadmap_of(product):
    """The roadmap items a public service publishes, by horizon then rank (one query with their objectives)."""
    return published_roadmap(product)
