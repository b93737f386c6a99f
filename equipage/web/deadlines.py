"""`/echeances/`: every deadline of the portfolio (see `equipage/core/deadlines.py`), filtered, paginated,
as CSV, and each person's deadlines as a private iCalendar feed a calendar application subscribes to."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.db.models import Count, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST
from icalendar import Calendar, Event

from equipage.accounts import tokens
from equipage.accounts.models import CalendarToken
from equipage.checks.deadlines import as_deadlines, stored_deadlines
from equipage.checks.models import StoredDeadline
from equipage.core.deadlines import Deadline
from equipage.core.downloads import set_download_name
from equipage.core.exports import Table, export_response
from equipage.core.http import read_only
from equipage.core.pagination import paginate
from equipage.people.models import Person
from equipage.registry.models import Product

from .filters import DeadlineFilter

DEADLINES_PER_PAGE = 50


def _products():
    return Product.objects.active().for_listing().order_by("name")


def filtered_deadlines(request: HttpRequest, today: datetime.date) -> tuple[DeadlineFilter, QuerySet[StoredDeadline]]:
    """The filter form and the stored deadlines it selects, overdue first then soonest."""
    filters = DeadlineFilter(request.GET, queryset=_products())
    if not filters.form.is_valid():
        return filters, StoredDeadline.objects.none()
    data = filters.form.cleaned_data
    period = data.get("periode")
    until = today - datetime.timedelta(days=1) if period == "en_retard" else None
    if period and period.isdigit():
        until = today + datetime.timedelta(days=int(period))
    owner = data.get("responsable")
    deadlines = stored_deadlines(
        filters.qs, kind=data.get("type") or None, until=until, owner_id=owner.pk if owner else None
    )
    return filters, deadlines


@read_only
def deadline_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    filters, deadlines = filtered_deadlines(request, today)
    # How many, and how many overdue, in one query; the paginator is given the count.
    totals = deadlines.aggregate(count=Count("pk"), overdue=Count("pk", filter=Q(date__lt=today)))
    page = paginate(request, deadlines, DEADLINES_PER_PAGE, count=totals["count"])
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "web/deadlines.html",
        {
            "title": "Échéances",
            "breadcrumb_data": {"current": "Échéances"},
            "filters": filters.form,
            "page_obj": page,
            "deadlines": as_deadlines(page.object_list),
            "overdue": totals["overdue"],
            "today": today,
            "query_string": query.urlencode(),
        },
    )


@read_only
def deadline_list_csv(request: HttpRequest, fmt: str) -> HttpResponse:
    today = timezone.localdate()
    _filters, deadlines = filtered_deadlines(request, today)
    header = ["Date", "Produit", "Direction sponsor", "Type", "Échéance", "Responsables", "En retard", "Lien"]
    rows = [
        [
            deadline.date,
            deadline.product.name,
            deadline.product.sponsor.short_name,
            deadline.kind_label,
            deadline.label,
            deadline.owner_names,
            deadline.is_overdue(today),
            request.build_absolute_uri(deadline.url),
        ]
        for deadline in as_deadlines(deadlines)
    ]
    return export_response(Table(header, rows, filename=f"echeances-{today:%Y-%m-%d}", sheet="Échéances"), fmt)


@read_only
def calendar(request: HttpRequest) -> HttpResponse:
    """Where a person creates, regenerates or revokes the private address of their deadlines calendar."""
    token = CalendarToken.objects.filter(user=request.user, revoked_at__isnull=True).first()
    secret = request.session.pop("new_calendar_secret", None)
    return render(
        request,
        "web/calendar.html",
        {
            "title": "Agenda de mes échéances",
            "breadcrumb_data": {
                "links": [{"url": reverse("core:deadlines"), "title": "Échéances"}],
                "current": "Agenda de mes échéances",
            },
            "token": token,
            "feed_url": request.build_absolute_uri(reverse("core:calendar_feed", args=[secret])) if secret else "",
            "person": Person.objects.filter(user=request.user).first(),
        },
    )


@require_POST
def calendar_create(request: HttpRequest) -> HttpResponse:
    """A new private address (the previous one stops working); shown once."""
    _token, secret = tokens.issue_calendar_token(request.user)
    request.session["new_calendar_secret"] = secret
    messages.success(
        request,
        "Une nouvelle adresse d’agenda a été créée. Copiez-la maintenant : elle ne sera plus affichée.",
    )
    return redirect("core:calendar")


@require_POST
def calendar_revoke(request: HttpRequest) -> HttpResponse:
    if tokens.revoke(request.user.calendar_tokens.all(), reason="révoquée par son titulaire", by=request.user):
        messages.success(request, "L’adresse de votre agenda a été révoquée : elle ne répond plus.")
    return redirect("core:calendar")


@login_not_required
@read_only
def calendar_feed(request: HttpRequest, secret: str) -> HttpResponse:
    """The deadlines a person answers for, as iCalendar (RFC 5545): one all-day event each, stable UIDs.

    No session: the private address is the key. Unknown, revoked or of a deactivated account: 404.
    """
    user = tokens.calendar_token_user(secret)
    if user is None:
        raise Http404("Adresse d’agenda inconnue ou révoquée.")
    person = Person.objects.filter(user=user).first()
    deadlines = as_deadlines(stored_deadlines(_products(), owner_id=person.pk)) if person else []
    return calendar_response(request, deadlines, f"Échéances Équipage — {user.get_full_name() or user.email}")


def calendar_response(request: HttpRequest, deadlines: list[Deadline], name: str) -> HttpResponse:
    feed = Calendar()
    feed.add("prodid", "-//Équipage//Échéances//FR")
    feed.add("version", "2.0")
    feed.add("calscale", "GREGORIAN")
    feed.add("x-wr-calname", name)
    stamp = timezone.now().replace(microsecond=0)
    for deadline in deadlines:
        event = Event()
        event.add("uid", deadline.uid)
        event.add("dtstamp", stamp)
        event.add("dtstart", deadline.date)
        event.add("dtend", deadline.date + datetime.timedelta(days=1))
        event.add("summary", f"{deadline.product.name} : {deadline.label}")
        link = request.build_absolute_uri(deadline.url)
        event.add("description", f"{deadline.kind_label}. Responsables : {deadline.owner_names or '—'}.\n{link}")
        event.add("url", link)
        event.add("categories", [deadline.kind_label])
        event.add("transp", "TRANSPARENT")
        feed.add_component(event)
    response = HttpResponse(feed.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, no-store"
    return set_download_name(response, "echeances.ics", attachment=False)
