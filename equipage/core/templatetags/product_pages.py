from django import template
from django.template.loader import get_template

from ..product_pages import RenderedSection, tabs

register = template.Library()


@register.inclusion_tag("core/components/product_tabs.html")
def product_tabs(product, active_tab: str = ""):
    """The product's navigation: every tab an app registered, the current one marked."""
    return {"product": product, "tabs": tabs(), "active_tab": active_tab}


@register.simple_tag(takes_context=True)
def render_section(context, section: RenderedSection) -> str:
    """Render a sheet section's template with the page's context and the section's own."""
    with context.push(**section.context):
        return get_template(section.template).template.render(context)
