from django import template
from django.template import TemplateDoesNotExist

from equipage.indicators.charts import display_value

register = template.Library()


@register.simple_tag
def indicator_value(value, indicator) -> str:
    """A value in the indicator's unit, as read in French: « 1 234,5 % »."""
    return display_value(value, indicator, 4)


@register.simple_tag(takes_context=True)
def include_if_exists(context, template_name: str, **extra) -> str:
    """Render a template with the current context (and extra variables) if it exists; nothing otherwise."""
    try:
        included = context.template.engine.get_template(template_name)
    except TemplateDoesNotExist:
        return ""
    with context.push(**extra):
        return included.render(context)
