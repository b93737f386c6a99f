from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from equipage.checks.engine import RULES
from equipage.core.exports import Table, export_response
from equipage.core.http import read_only

from .forms import CampaignForm
from .models import Campaign
from .permissions import REFUSAL, can_manage_campaigns
from .progress import export_rows, failing_page, failing_rows, progress_chart, today_progress, with_history
from .services import close_campaign, save_campaign

FAILING_PER_PAGE = 100


def _breadcrumb(current: str, campaign: Campaign | None = None) -> dict:
    links = [
        {"url": reverse("checks:portfolio"), "title": "Portefeuille"},
        {"url": reverse("campaigns:list"), "title": "Campagnes"},
    ]
    if campaign is not None:
        links.append({"url": campaign.get_absolute_url(), "title": campaign.title})
    return {"links": links, "current": current}


def _campaigns():
    return Campaign.objects.prefetch_related("directorates")


def _require_manager(request: HttpRequest) -> None:
    if not can_manage_campaigns(request.user):
        raise PermissionDenied(REFUSAL)


@read_only
def campaign_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    campaigns = list(_campaigns())
    progress = today_progress(campaigns, today)
    return render(
        request,
        "campaigns/list.html",
        {
            "title": "Campagnes",
            "breadcrumb_data": {
                "links": [{"url": reverse("checks:portfolio"), "title": "Portefeuille"}],
                "current": "Campagnes",
            },
            "rows": [progress[campaign.pk] for campaign in campaigns],
            "rules": RULES,
            "may_manage": can_manage_campaigns(request.user),
        },
    )


@read_only
def campaign_detail(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = get_object_or_404(_campaigns(), pk=pk)
    today = timezone.localdate()
    progress = with_history(today_progress([campaign], today)[campaign.pk])
    page = failing_page(progress, request.GET.get("page"), FAILING_PER_PAGE)
    return render(
        request,
        "campaigns/detail.html",
        {
            "title": f"Campagne « {campaign.title} »",
            "breadcrumb_data": _breadcrumb(campaign.title),
            "campaign": campaign,
            "progress": progress,
            "chart": progress_chart(progress),
            "rules": [RULES[code] for code in campaign.rule_codes if code in RULES],
            "page_obj": page,
            "failing": failing_rows(page.object_list),
            "may_manage": can_manage_campaigns(request.user),
        },
    )


def campaign_create(request: HttpRequest) -> HttpResponse:
    _require_manager(request)
    today = timezone.localdate()
    form = CampaignForm(request.POST or None, today=today)
    if request.method == "POST" and form.is_valid():
        campaign = save_campaign(request.user, form.campaign_data(), today)
        messages.success(request, f"La campagne « {campaign.title} » est ouverte ; ses responsables seront prévenus.")
        return redirect(campaign)
    return render(
        request,
        "campaigns/form.html",
        {
            "title": "Nouvelle campagne",
            "breadcrumb_data": _breadcrumb("Nouvelle campagne"),
            "form": form,
            "submit_label": "Ouvrir la campagne",
            "cancel_url": reverse("campaigns:list"),
        },
    )


def campaign_update(request: HttpRequest, pk: int) -> HttpResponse:
    _require_manager(request)
    campaign = get_object_or_404(_campaigns(), pk=pk)
    today = timezone.localdate()
    form = CampaignForm(request.POST or None, today=today, instance=campaign)
    if request.method == "POST" and form.is_valid():
        save_campaign(request.user, form.campaign_data(), today, campaign)
        messages.success(request, "Les modifications de la campagne ont été enregistrées.")
        return redirect(campaign)
    return render(
        request,
        "campaigns/form.html",
        {
            "title": f"Modifier la campagne « {campaign.title} »",
            "breadcrumb_data": _breadcrumb("Modifier", campaign),
            "form": form,
            "submit_label": "Enregistrer",
            "cancel_url": campaign.get_absolute_url(),
        },
    )


@require_POST
def campaign_close(request: HttpRequest, pk: int) -> HttpResponse:
    _require_manager(request)
    campaign = get_object_or_404(Campaign, pk=pk)
    close_campaign(request.user, campaign, timezone.localdate())
    messages.success(request, f"La campagne « {campaign.title} » est clôturée.")
    return redirect(campaign)


@read_only
def campaign_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """The products still failing, with their rules and owners, as CSV, XLSX or ODS."""
    campaign = get_object_or_404(_campaigns(), pk=pk)
    headers = ["Produit", "Identifiant", "Direction", "Phase", "Règles non respectées", "Responsables", "Courriels"]
    return export_response(
        Table(
            headers,
            export_rows(campaign),
            filename=f"campagne-{campaign.pk}-produits-a-traiter",
            sheet="Produits à traiter",
        ),
        fmt,
    )
