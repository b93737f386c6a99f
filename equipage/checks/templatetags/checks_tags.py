from django import template
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from equipage.core.french import number
from equipage.core.vocabulary import Level

from ..engine import RULES
from ..portfolio import OWNER_GROUPING

register = template.Library()

NONE = mark_safe('<span aria-label="aucun">·</span>')
NONE_CELL = f"<td>{NONE}</td>"
BADGES = {"bloquant": "fr-badge--error", "a_surveiller": "fr-badge--warning"}


@register.filter
def get_item(mapping: dict, key: str):
    return mapping.get(key)


@register.simple_tag
def portfolio_rows(rows, empty_colspan: int) -> SafeString:
    """The portfolio's product rows (`PortfolioRow`), written in Python: a page shows a hundred products × every rule.

    Counts are integers and names and addresses are escaped, so the markup is built by joining strings."""
    if not rows:
        return format_html('<tr><td colspan="{}">Aucun produit ne correspond.</td></tr>', empty_colspan)
    html = []
    for row in rows:
        product, counts = row.product, row.counts
        badges = "".join(
            f'<td><p class="fr-badge {tone} fr-badge--sm">{counts[severity]}</p></td>'
            if counts[severity]
            else "<td>0</td>"
            for severity, tone in BADGES.items()
        )
        cells = "".join(f"<td>{count}</td>" if count else NONE_CELL for count in row.cells)
        html.append(
            f'<tr><th scope="row"><a href="{escape(product.get_absolute_url())}#vigilance">{escape(product.name)}</a>'
            f"</th>{badges}<td>{int(counts['information'])}</td>{cells}</tr>"
        )
    return mark_safe("\n".join(html))  # noqa: S308 - escaped names and addresses, integers


@register.simple_tag
def group_rows(groups, grouping: str) -> SafeString:
    """The rows of the portfolio grouped (`GroupRow`): as many as owners of findings, thousands at scale.
    Grouped by owner, a column counts the findings."""
    with_findings = grouping == OWNER_GROUPING
    if not groups:
        return format_html('<tr><td colspan="{}">Aucun groupe.</td></tr>', len(Level) + 6)
    html = []
    for group in groups:
        figures = [group.products, *group.levels]
        if with_findings:
            figures.append(group.findings)
        figures += [group.blocking, group.watch, group.info]
        cells = "".join(f"<td>{number(figure)}</td>" for figure in figures)
        html.append(f'<tr><th scope="row">{escape(group.name)}</th>{cells}</tr>')
    return mark_safe("\n".join(html))  # noqa: S308 - escaped names, numbers written by `french.number`


@register.simple_tag
def finding_action(finding, product) -> str:
    """The link to the page where the finding's remedy is applied, when its rule names one."""
    rule = RULES.get(finding.code)
    link = rule.action_link(product.slug) if rule is not None else None
    if link is None:
        return ""
    label, url = link
    return format_html(' <a href="{}">{}</a>', url, label)
