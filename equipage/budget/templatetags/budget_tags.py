from django import template

from equipage.core.formats import format_number

register = template.Library()


@register.filter
def euros(value) -> str:
    """« 1 234 € », « 1 234,5 € »: French grouping, cents when there are any."""
    if value is None:
        return "—"
    return f"{format_number(value, 2)} €"


@register.filter
def number(value, places=1) -> str:
    return format_number(value, int(places))
