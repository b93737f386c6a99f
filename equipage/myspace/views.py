"""`/mon-espace/`: the signed-in person's products, roles and to-do list; `/notifications/`."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from equipage.core.http import read_only
from equipage.core.pagination import paginate
from equipage.core.todo import todo_kinds

from .models import Notification
from .notifications import mark_read, sync_notifications
from .selectors import my_space

NOTIFICATIONS_PER_PAGE = 30


@read_only
def my_space_page(request: HttpRequest) -> HttpResponse:
    space = my_space(request.user, timezone.localdate())
    if space.who is not None and space.person.user_id:
        sync_notifications(space.who, space.todo)
    kinds = {kind.key: kind.label for kind in todo_kinds()}
    return render(
        request,
        "myspace/my_space.html",
        {
            "title": "Mon espace",
            "breadcrumb_data": {"current": "Mon espace"},
            "space": space,
            "kinds": kinds,
        },
    )


@read_only
def notification_list(request: HttpRequest) -> HttpResponse:
    notifications = Notification.objects.filter(user_id=request.user.pk).order_by("read_at", "-created_at", "-pk")
    page = paginate(request, notifications, NOTIFICATIONS_PER_PAGE)
    return render(
        request,
        "myspace/notifications.html",
        {
            "title": "Notifications",
            "breadcrumb_data": {
                "links": [{"url": "/mon-espace/", "title": "Mon espace"}],
                "current": "Notifications",
            },
            "page_obj": page,
            "notifications": page.object_list,
        },
    )


@require_POST
def notification_read(request: HttpRequest, pk: int) -> HttpResponse:
    if not Notification.objects.filter(user_id=request.user.pk, pk=pk).exists():
        raise Http404("Cette notification n’existe pas.")
    if mark_read(request.user, pk):
        messages.success(request, "La notification est marquée comme lue.")
    return redirect("myspace:notifications")


@require_POST
def notification_read_all(request: HttpRequest) -> HttpResponse:
    changed = mark_read(request.user)
    if changed:
        messages.success(request, "Toutes vos notifications sont marquées comme lues.")
    else:
        messages.info(request, "Vous n’aviez aucune notification non lue.")
    return redirect("myspace:notifications")
