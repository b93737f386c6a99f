"""Équipage's page components: one tag each, reused by every template.

- ``{% table classes="fr-table--sm" sticky=True %}<table>…</table>{% endtable %}``: the DSFR table
  wrapper whose scrolling box is a region reachable by keyboard (``tabindex="0"``), named after the
  table's caption (or ``label="…"``); ``sticky`` keeps the first column in view on wide tables.
- ``{% badge "Échu" "error" %}``: a DSFR badge with one of the DSFR's meanings (success, warning,
  error, info, new) or a neutral look; ``{% status_badge state %}`` for a compliance state.
- ``{% pagination page_obj %}``: django-dsfr's pagination, with numbered pages kept short.
- ``{% messages_alerts %}``: Django's messages as DSFR alerts, announced to screen readers.
- ``{% error_summary form %}``: the list of a refused form's errors, each linking to its field.
- ``{% download_links "app:route" arg… label="Télécharger la matrice" query=… rows=n %}``: the DSFR
  download links to a table's CSV, XLSX and ODS (`equipage.core.exports`), the page's filters kept.
"""

from __future__ import annotations

import re
from html import unescape

from django import template
from django.core.paginator import Page
from django.forms import BaseForm
from django.http import QueryDict
from django.template.base import token_kwargs
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html, strip_tags
from django.utils.safestring import mark_safe

from equipage.core import french
from equipage.core.exports import CSV, FORMATS, OPEN_DATA_CSV_HINT

register = template.Library()

# The DSFR's badge meanings. "neutral" is a plain grey badge for facts that are neither good nor bad.
BADGE_TONES = {"success", "warning", "error", "info", "new", "neutral"}


_CAPTION = re.compile(r"<caption[^>]*>(.*?)</caption>", re.DOTALL | re.IGNORECASE)


def caption_text(html: str) -> str:
    """The plain text of the first <caption> in the HTML, to name the table's scrolling region."""
    match = _CAPTION.search(html)
    if not match:
        return ""
    return " ".join(unescape(strip_tags(match.group(1))).split())


class TableNode(template.Node):
    def __init__(self, nodelist: template.NodeList, kwargs: dict):
        self.nodelist = nodelist
        self.kwargs = kwargs

    def render(self, context: template.Context) -> str:
        values = {name: value.resolve(context) for name, value in self.kwargs.items()}
        content = self.nodelist.render(context)
        # Named after the caption (or an explicit label); never left unnamed, never a failure at render time.
        label = values.get("label") or caption_text(content) or "Tableau"
        classes = ["fr-table", *(values.get("classes") or "").split()]
        if values.get("sticky"):
            classes.append("eq-table--sticky")
        return format_html(
            '<div class="{}"><div class="fr-table__wrapper">'
            '<div class="fr-table__container" tabindex="0" role="region" aria-label="{}">'
            '<div class="fr-table__content">{}</div></div></div></div>',
            " ".join(classes),
            label,
            mark_safe(content),  # noqa: S308 - the nodelist's own rendering, already escaped by the engine
        )


@register.tag("table")
def table(parser, token) -> TableNode:
    bits = token.split_contents()[1:]
    kwargs = token_kwargs(bits, parser)
    if bits:
        raise template.TemplateSyntaxError("{% table %} takes only named arguments: label, classes, sticky.")
    nodelist = parser.parse(("endtable",))
    parser.delete_first_token()
    return TableNode(nodelist, kwargs)


@register.simple_tag
def badge(label: str, tone: str = "neutral", small: bool = True, icon: bool = False) -> str:
    """A DSFR badge. ``tone`` carries the DSFR meaning; the label always says it in words too."""
    if tone not in BADGE_TONES:
        raise template.TemplateSyntaxError(f"Unknown badge tone {tone!r}; use one of {sorted(BADGE_TONES)}.")
    classes = ["fr-badge"]
    if small:
        classes.append("fr-badge--sm")
    if tone != "neutral":
        classes.append(f"fr-badge--{tone}")
        if not icon:
            classes.append("fr-badge--no-icon")
    return format_html('<p class="{}">{}</p>', " ".join(classes), label)


# A compliance state's tone: up to date is a success only when the state does not declare a
# non-conformity (an RGAA record can be up to date and declare « non conforme »: never green).
STATUS_TONES = {"a_jour": "success", "a_echeance": "warning", "echu": "error", "manquant": "neutral"}


@register.simple_tag
def status_badge(state) -> str:
    tone = STATUS_TONES.get(state.status, "neutral")
    if tone == "success" and getattr(state, "non_conforming", False):
        tone = "warning"
    return badge(state.status_label, tone)


@register.simple_tag(takes_context=True)
def pagination(context: template.Context, page_obj: Page) -> str:
    """django-dsfr's pagination with an elided list of page numbers; nothing for a single page."""
    if page_obj is None or page_obj.paginator.num_pages <= 1:
        return ""
    page_obj.pages_list = list(page_obj.paginator.get_elided_page_range(page_obj.number, on_each_side=1, on_ends=1))
    return render_to_string(
        "dsfr/pagination.html", {"page_obj": page_obj, "request": context.get("request")}, request=None
    )


@register.inclusion_tag("core/components/messages.html", takes_context=True)
def messages_alerts(context: template.Context) -> dict:
    return {"messages": context.get("messages")}


def _form_items(form: BaseForm) -> tuple[list[dict], set[str]]:
    """One item per error of a form, linking to its field (general errors link nowhere)."""
    items, fields = [], set()
    for name, errors in form.errors.items():
        fields.add(f"{form.prefix or ''}-{name}")
        if name == "__all__":
            items.extend({"anchor": "", "label": "", "message": error} for error in errors)
            continue
        field = form[name] if name in form.fields else None
        anchor = ""
        if field is not None:
            # A group of radios or checkboxes has no single id: link to its first choice.
            target = field.id_for_label or (f"{field.auto_id}_0" if field.auto_id else "")
            anchor = f"#{target}" if target else ""
        label = field.label if field is not None else name
        items.extend({"anchor": anchor, "label": label, "message": error} for error in errors)
    return items, fields


@register.inclusion_tag("core/components/error_summary.html")
def error_summary(*forms, title: str = "Le formulaire n’a pas été enregistré", messages=()) -> dict:
    """Every error of the given forms and formsets, linking to the field in error (or to nothing for
    general errors), after the view's own ``messages`` (errors raised while saving)."""
    items = [{"anchor": "", "label": "", "message": message} for message in messages or ()]
    fields: set[str] = set()
    for form in forms:
        if form is None or not form.is_bound:
            continue
        if hasattr(form, "forms") and hasattr(form, "non_form_errors"):  # a formset
            items.extend({"anchor": "", "label": "", "message": error} for error in form.non_form_errors())
            members = form.forms
        else:
            members = [form]
        for member in members:
            if member.errors:
                found, names = _form_items(member)
                items.extend(found)
                fields |= names
    return {"items": items, "title": title, "count": len(fields)}


@register.inclusion_tag("core/components/download_links.html")
def download_links(
    route: str,
    *args,
    label: str = "Télécharger",
    query: str | QueryDict = "",
    rows: int | None = None,
    open_data: bool = False,
) -> dict:
    """Links to the table's three formats (route made by `exports.export_path`), with format hints."""
    if isinstance(query, QueryDict):
        query = query.urlencode()
    links = []
    for fmt, info in FORMATS.items():
        url = reverse(route, args=[*args, fmt])
        links.append(
            {
                "url": f"{url}?{query}" if query else url,
                "format": info["label"],
                "hint": OPEN_DATA_CSV_HINT if open_data and fmt == CSV else info["hint"],
            }
        )
    return {"label": label, "links": links, "rows": rows}


@register.simple_tag(takes_context=True)
def line_chart(context: template.Context, chart, chart_id) -> str:
    """A line chart and its data table (`equipage.core.charts.LineChart.render`); the table's button is a heading
    of the context's `heading_level` (4 by default)."""
    return chart.render(str(chart_id), context.get("heading_level"))


@register.simple_tag(takes_context=True)
def page_title(context: template.Context, title) -> str:
    """« Erreur : » after a refused submit, then the page's title, the product's name for a product's
    sub-page (so titles are unique across products), and the site's name."""
    parts = [str(title or "").strip()]
    product = context.get("product")
    name = getattr(product, "name", "") if product is not None else ""
    if name and name not in parts[0]:
        parts.append(name)
    parts.append("Équipage")
    text = " — ".join(part for part in parts if part)
    form = context.get("form")
    refused = bool(getattr(form, "errors", None)) or bool(context.get("errors")) or bool(context.get("has_errors"))
    return f"Erreur : {text}" if refused else text


# French typography, one filter each (see equipage.core.french).
@register.filter
def group_class(field) -> str:
    """The DSFR group of a bound field's widget (`fr-select-group`, `fr-upload-group`…), `fr-input-group` if none."""
    return getattr(field.field.widget, "group_class", "") or "fr-input-group"


register.filter("de", french.de)
register.filter("le", french.le)
register.filter("nombre", french.number)
register.filter("pourcentage", french.percent)
register.filter("date_fr", french.date)
register.filter("date_heure_fr", french.date_time)
register.filter("jour_fr", french.weekday_date)
