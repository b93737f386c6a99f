"""The signed-in person's to-do list, read through the API: nobody reads another's."""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from equipage.core.todo import todo_items

from .selectors import person_of

ITEMS = inline_serializer(
    "TodoItem",
    many=True,
    fields={
        "kind": serializers.CharField(),
        "kind_label": serializers.CharField(),
        "title": serializers.CharField(),
        "detail": serializers.CharField(),
        "url": serializers.CharField(),
        "due": serializers.DateField(allow_null=True),
        "overdue": serializers.BooleanField(),
        "blocking": serializers.BooleanField(),
        "product": inline_serializer(
            "TodoProduct", {"name": serializers.CharField(), "slug": serializers.CharField()}, allow_null=True
        ),
    },
)


class MyTodoView(APIView):
    """Ce que la personne connectée a à faire, du plus urgent au moins urgent (en retard, puis par échéance,
    puis les points bloquants) ; une personne ne lit que sa propre liste."""

    @extend_schema(
        summary="Lire ma liste de choses à faire",
        responses=inline_serializer(
            "MyTodo",
            {"person": serializers.CharField(allow_null=True), "count": serializers.IntegerField(), "results": ITEMS},
        ),
    )
    def get(self, request: Request) -> Response:
        person = person_of(request.user)
        items = todo_items(person, timezone.localdate()) if person else []
        return Response(
            {
                "person": str(person) if person else None,
                "count": len(items),
                "results": [item.as_dict() for item in items],
            }
        )
