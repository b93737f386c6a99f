"""The committee pack: built from live data at the time it is generated, as an HTML print view and as a tagged
PDF (WeasyPrint, the DSFR's Marianne font embedded, charts drawn as SVG vectors), frozen per session.

A one-product pack holds the product sheet in brief, team and time shares, vigilance findings, indicators
with their charts and progress, roadmap and latest releases, compliance, budget against plan, decisions since
the last session with their open actions, and the self-assessment trend. A portfolio pack opens with a
summary table of the products reviewed, then one section per product.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from pathlib import Path

from django.contrib.staticfiles import finders
from django.core.files.base import ContentFile
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Max, Prefetch
from django.template.loader import render_to_string
from django.utils import timezone

from equipage.budget import selectors as budget_selectors
from equipage.budget.charts import grouped_bars
from equipage.budget.models import Category
from equipage.checks.engine import evaluate
from equipage.compliance.selectors import sheet_summary as compliance_summary
from equipage.core import french
from equipage.core.french import de
from equipage.delivery.models import Release, RoadmapItem
from equipage.indicators import selectors as indicator_selectors
from equipage.indicators.charts import indicator_chart
from equipage.registry.models import Product
from equipage.selfassessment.models import SelfAssessment
from equipage.teams.models import Membership

from .models import Action, Decision, Session, SessionPack

FONT_FILES = {
    (400, "normal"): "dsfr/dist/fonts/Marianne-Regular.woff",
    (700, "normal"): "dsfr/dist/fonts/Marianne-Bold.woff",
    (400, "italic"): "dsfr/dist/fonts/Marianne-Regular_Italic.woff",
}


@dataclass
class ProductPack:
    product: Product
    memberships: list = field(default_factory=list)
    findings: list = field(default_factory=list)
    indicators: list = field(default_factory=list)
    roadmap: list = field(default_factory=list)
    releases: list = field(default_factory=list)
    compliance: dict | None = None
    budget_year: int = 0
    budget_totals: budget_selectors.Totals | None = None
    budget_chart: object = None
    staff_estimate: object = None
    decisions: list = field(default_factory=list)
    decisions_since: datetime.date | None = None
    open_actions: list = field(default_factory=list)
    assessments: list = field(default_factory=list)


def _last_held_before(product: Product, session: Session | None, today: datetime.date) -> datetime.date | None:
    sessions = Session.objects.held().filter(products=product)
    if session is not None:
        sessions = sessions.exclude(pk=session.pk).filter(date__lt=session.date)
    else:
        sessions = sessions.filter(date__lte=today)
    return sessions.aggregate(last=Max("date"))["last"]


def product_pack(
    product: Product, *, today: datetime.date, findings: list, session: Session | None = None
) -> ProductPack:
    pack = ProductPack(product=product, findings=findings)
    pack.memberships = list(
        Membership.objects.current(today)
        .filter(product=product)
        .select_related("person__organisation")
        .order_by("role")
    )
    blocks = indicator_selectors.objective_blocks(product, today=today)
    states = [state for block in blocks for state in block.states]
    series = indicator_selectors.series_for([state.indicator.pk for state in states])
    for state in states:
        chart = indicator_chart(state, series.get(state.indicator.pk))
        if chart is not None:
            chart.table_collapsed = False
        pack.indicators.append((state, chart))
    pack.roadmap = list(
        RoadmapItem.objects.filter(product=product).exclude(status="abandonne").order_by("horizon", "id")[:12]
    )
    pack.releases = list(Release.objects.filter(product=product).order_by("-planned_date", "-id")[:5])
    pack.compliance = compliance_summary(product, today)
    pack.budget_year = today.year
    lines = budget_selectors.lines_of(product, today.year)
    pack.budget_totals = budget_selectors.totals_of(lines) if lines else None
    categories = budget_selectors.category_totals(lines)
    pack.budget_chart = grouped_bars(
        f"Budget {today.year} {de(product.name)} par catégorie : prévu, engagé et dépensé",
        f"Montants {today.year} en euros.",
        [(Category(key).label, totals) for key, totals in categories.items() if totals.planned or totals.spent],
        "Catégorie",
    )
    pack.staff_estimate = budget_selectors.staff_estimate(product, today.year)
    pack.decisions_since = _last_held_before(product, session, today)
    decisions = Decision.objects.filter(product=product).select_related("session__kind", "supersedes")
    if pack.decisions_since:
        decisions = decisions.filter(date__gte=pack.decisions_since)
    pack.decisions = list(
        decisions.prefetch_related(Prefetch("actions", queryset=Action.objects.select_related("owner")))[:20]
    )
    pack.open_actions = list(
        Action.objects.open().filter(decision__product=product).select_related("owner", "decision").order_by("due_date")
    )
    pack.assessments = [
        (assessment, assessment.score)
        for assessment in SelfAssessment.objects.filter(product=product)
        .select_related("respondent")
        .prefetch_related("answers")
        .order_by("-answered_on")[:6]
    ]
    return pack


def build_context(products: list[Product], *, session: Session | None = None, now=None) -> dict:
    now = now or timezone.now()
    today = timezone.localdate(now)
    findings = evaluate(products, today)
    packs = [
        product_pack(product, today=today, findings=findings.get(product.pk, []), session=session)
        for product in products
    ]
    title = f"Dossier de comité — {session}" if session else f"Dossier de comité — {products[0].name}"
    return {
        "title": title,
        "session": session,
        "packs": packs,
        "is_portfolio": len(packs) > 1,
        "generated_at": timezone.localtime(now),
        "fonts": font_faces(),
    }


def font_faces() -> list[dict]:
    """The Marianne font files of django-dsfr's static files, as file URLs WeasyPrint embeds."""
    faces = []
    for (weight, style), name in FONT_FILES.items():
        path = finders.find(name)
        if path:
            faces.append({"weight": weight, "style": style, "url": Path(path).resolve().as_uri(), "name": name})
    return faces


def render_html(context: dict, *, for_pdf: bool = False) -> str:
    return render_to_string("committees/pack.html", {**context, "for_pdf": for_pdf})


def render_pdf(context: dict) -> bytes:
    from weasyprint import HTML  # imported here: heavy, and only the pack needs it

    html = render_html(context, for_pdf=True)
    return HTML(string=html, base_url=str(Path.cwd())).write_pdf(
        pdf_tags=True, pdf_variant="pdf/ua-1", custom_metadata=True
    )


def session_products(session: Session) -> list[Product]:
    return list(session.products.select_related("sponsor").order_by("name"))


@transaction.atomic
def freeze(user, session: Session) -> SessionPack:
    """Generate the session's pack now and keep it as a new edition; earlier editions stay."""
    context = build_context(session_products(session), session=session)
    pdf = render_pdf(context)
    last = session.packs.select_for_update().aggregate(last=Max("edition"))["last"] or 0
    pack = SessionPack(session=session, edition=last + 1, generated_at=context["generated_at"], generated_by=user)
    pack.file.save(f"dossier-seance-{session.pk}-edition-{pack.edition}.pdf", ContentFile(pdf), save=False)
    pack.save()
    return pack


def send_to_attendees(session: Session, pack: SessionPack) -> list[str]:
    """E-mail the frozen pack to the session's attendees; returns the addresses written to."""
    recipients = sorted({attendee.person.email for attendee in session.attendees.select_related("person")})
    if not recipients:
        return []
    message = EmailMessage(
        subject=f"Dossier de comité : {session}",
        body=(
            f"Bonjour,\n\nVous trouverez ci-joint le dossier de la séance « {session} » du "
            f"{french.date(session.date)} (édition {pack.edition}, générée le "
            f"{french.date_time(pack.generated_at)}).\n\nÉquipage"
        ),
        to=recipients,
    )
    with pack.file.open("rb") as handle:
        message.attach(Path(pack.file.name).name, handle.read(), "application/pdf")
    message.send()
    return recipients
