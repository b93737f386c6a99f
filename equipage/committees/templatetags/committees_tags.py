from django import template
from django.utils import timezone

from ..models import Action, ActionStatus
from ..permissions import can_update_action

register = template.Library()


@register.inclusion_tag("committees/_person_actions.html", takes_context=True)
def person_actions(context, person):
    """The open decision actions a person owns, overdue first (the owner updates their status here)."""
    request = context["request"]
    actions = list(Action.objects.open().filter(owner=person).select_related("owner__user", "decision__product"))
    for action in actions:
        action.editable = can_update_action(request.user, action)
    return {
        "actions": actions,
        "person": person,
        "today": timezone.localdate(),
        "status_choices": ActionStatus.choices,
        "caption": "Actions ouvertes dont la personne est responsable",
        "retour": request.path,
        "csrf_token": context.get("csrf_token"),
    }
