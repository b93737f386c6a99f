from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from equipage.core import french
from equipage.core.charts import LineChart
from equipage.core.french import de
from equipage.core.http import read_only
from equipage.registry.guards import product_page, require_write
from equipage.registry.lookups import product_breadcrumb
from equipage.registry.models import Product
from equipage.teams.models import Membership
from equipage.teams.roles import GUIDES, GUIDES_BY_SLUG, Question, Role

from . import services
from .charts import trend_chart
from .forms import SelfAssessmentForm
from .models import Answer, SelfAssessment, questions_for
from .permissions import answerable_roles, respondent_for


def role_phrase(label: str) -> str:
    """A role's label as it reads inside a sentence: « de responsable métier », but « de RSSI »."""
    if len(label) > 1 and label[1].islower():
        return label[0].lower() + label[1:]
    return label


def answer_button_label(role: str) -> str:
    return f"Répondre à l’autodiagnostic de {role_phrase(Role(role).label)}"


def _overview_url(product: Product) -> str:
    return reverse("selfassessment:overview", kwargs={"slug": product.slug})


def _breadcrumb(product: Product, current: str = "") -> dict:
    if not current:
        return product_breadcrumb(product, "Autodiagnostic")
    return product_breadcrumb(product, current, (_overview_url(product), "Autodiagnostic"))


@dataclass
class LatestRow:
    number: int
    question: Question
    answer: Answer | None


@dataclass
class RoleSection:
    role: str
    slug: str
    label: str
    phrase: str
    anchor: str
    questions: list[Question]
    held: bool
    can_answer: bool
    button_label: str
    assessments: list[SelfAssessment] = field(default_factory=list)  # newest first
    chart: LineChart | None = None

    @property
    def latest(self) -> SelfAssessment | None:
        return self.assessments[0] if self.assessments else None

    def latest_rows(self) -> list[LatestRow]:
        by_key = self.latest.answers_by_key() if self.latest else {}
        return [LatestRow(n, question, by_key.get(question.key)) for n, question in enumerate(self.questions, 1)]


def _sections(product: Product, assessments: list[SelfAssessment], team_roles: set[str], answerable: set[str]):
    by_role: dict[str, list[SelfAssessment]] = {}
    for assessment in assessments:
        by_role.setdefault(assessment.role, []).append(assessment)
    sections = []
    for role in Role.values:
        questions = questions_for(role)
        if not questions or (role not in team_roles and role not in by_role):
            continue
        role_assessments = by_role.get(role, [])
        label = Role(role).label
        slug = GUIDES[Role(role)].slug
        sections.append(
            RoleSection(
                role=role,
                slug=slug,
                label=label,
                phrase=role_phrase(label),
                anchor=f"autodiagnostic-{slug}",
                questions=questions,
                held=role in team_roles,
                can_answer=role in answerable,
                button_label=answer_button_label(role),
                assessments=role_assessments,
                chart=trend_chart(list(reversed(role_assessments)), questions, label, role_phrase(label)),
            )
        )
    return sections


@read_only
@product_page
def overview(request: HttpRequest, product: Product) -> HttpResponse:
    assessments = list(SelfAssessment.objects.filter(product=product).with_answers().newest_first())
    team_roles = set(Membership.objects.current().filter(product=product).values_list("role", flat=True))
    answerable = answerable_roles(request.user, product)
    return render(
        request,
        "selfassessment/overview.html",
        {
            "title": f"Autodiagnostic {de(product.name)}",
            "breadcrumb_data": _breadcrumb(product),
            "product": product,
            "sections": _sections(product, assessments, team_roles, answerable),
            "assessments": assessments,
            "active_tab": "selfassessment",
        },
    )


def _holds_role(user, product: Product, role: str) -> bool:
    return respondent_for(user, product, role) is not None


@product_page
def create(request: HttpRequest, product: Product, role: str) -> HttpResponse:
    guide = GUIDES_BY_SLUG.get(role)
    if guide is None or not guide.questions:
        raise Http404("Ce rôle n’existe pas.")
    # Per-object rule: only a current holder of the role answers its self-assessment (administrators neither).
    require_write(
        request.user,
        product,
        guide.role,
        may_write=_holds_role,
        refusal="Seules les personnes qui tiennent ce rôle sur le produit répondent à son autodiagnostic.",
        archived_refusal="Ce produit est archivé : ses autodiagnostics restent consultables mais sont clos.",
    )
    respondent = respondent_for(request.user, product, guide.role)

    previous = SelfAssessment.objects.filter(product=product, role=guide.role).with_answers().newest_first().first()
    form = SelfAssessmentForm(request.POST if request.method == "POST" else None, role=guide.role, previous=previous)
    if request.method == "POST" and form.is_valid():
        try:
            services.submit_self_assessment(
                product=product, role=guide.role, respondent=respondent, answers=form.answers(), user=request.user
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, f"Votre autodiagnostic de {role_phrase(guide.label)} a été enregistré.")
            return redirect(f"{_overview_url(product)}#autodiagnostic-{guide.slug}")
    label = answer_button_label(guide.role)
    return render(
        request,
        "selfassessment/form.html",
        {
            "title": f"{label} — {product.name}",
            "breadcrumb_data": _breadcrumb(product, label),
            "product": product,
            "guide": guide,
            "phrase": role_phrase(guide.label),
            "heading": label,
            "form": form,
            "previous": previous,
            "active_tab": "selfassessment",
        },
    )


@dataclass
class DetailRow:
    number: int
    question: Question
    answer: Answer | None
    previous: Answer | None


@read_only
@product_page
def detail(request: HttpRequest, product: Product, pk: int) -> HttpResponse:
    assessment = get_object_or_404(
        SelfAssessment.objects.select_related("respondent").prefetch_related("answers"), pk=pk, product=product
    )
    previous = (
        SelfAssessment.objects.filter(product=product, role=assessment.role)
        .filter(
            Q(answered_on__lt=assessment.answered_on)
            | Q(answered_on=assessment.answered_on, created_at__lt=assessment.created_at)
        )
        .with_answers()
        .newest_first()
        .first()
    )
    answers = assessment.answers_by_key()
    previous_answers = previous.answers_by_key() if previous else {}
    questions = assessment.questions
    known = {question.key for question in questions}
    # Answers to questions since removed from the guide stay visible, under their key.
    questions += [Question(key, key) for key in sorted(answers) if key not in known]
    rows = [
        DetailRow(number, question, answers.get(question.key), previous_answers.get(question.key))
        for number, question in enumerate(questions, start=1)
    ]
    current = f"{assessment.get_role_display()}, {french.date(assessment.answered_on)}"
    return render(
        request,
        "selfassessment/detail.html",
        {
            "title": f"Autodiagnostic de {role_phrase(assessment.get_role_display())} du "
            f"{french.date(assessment.answered_on)} — {product.name}",
            "breadcrumb_data": _breadcrumb(product, current),
            "product": product,
            "assessment": assessment,
            "phrase": role_phrase(assessment.get_role_display()),
            "previous": previous,
            "rows": rows,
            "active_tab": "selfassessment",
        },
    )
