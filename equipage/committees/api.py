"""API of committees: sessions, decisions and their actions, and the committee pack (PDF).

Same rules as the pages: everyone signed in reads; a product's editors record its sessions and decisions;
administrators record sessions of several products; an action's owner (or the product's editors) updates
its status. Refusals come before the body is read; bad input is refused with French messages, nothing saved.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.functional import cached_property
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import generics, permissions, serializers
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from equipage.core.downloads import set_download_name
from equipage.core.validators import validate_single_line
from equipage.people.models import Person
from equipage.registry.guards import ProductScopedAPIMixin
from equipage.registry.models import Product

from . import pack, services
from .models import Action, ActionStatus, CommitteeKind, Decision, Scope, Session
from .permissions import can_update_action


def _refused(error: DjangoValidationError) -> ValidationError:
    return ValidationError(error.message_dict if hasattr(error, "error_dict") else {"non_field_errors": error.messages})


class AgendaItemSerializer(serializers.Serializer):
    topic = serializers.CharField(validators=[validate_single_line], max_length=200)
    product = serializers.SlugRelatedField(
        slug_field="slug", queryset=Product.objects.all(), required=False, allow_null=True
    )
    expected_decision = serializers.CharField(
        validators=[validate_single_line], max_length=300, required=False, allow_blank=True, default=""
    )


class AttendeeSerializer(serializers.Serializer):
    person = serializers.PrimaryKeyRelatedField(queryset=Person.objects.all())
    role = serializers.CharField(
        validators=[validate_single_line], max_length=120, required=False, allow_blank=True, default=""
    )


class SessionSerializer(serializers.ModelSerializer):
    kind = serializers.SlugRelatedField(slug_field="code", queryset=CommitteeKind.objects.filter(is_active=True))
    products = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    agenda = AgendaItemSerializer(many=True, required=False)
    attendees = AttendeeSerializer(many=True, required=False)

    class Meta:
        model = Session
        fields = ["id", "kind", "date", "title", "is_held", "minutes", "products", "agenda", "attendees"]
        read_only_fields = ["id", "products"]

    def to_representation(self, session):
        data = super().to_representation(session)
        data["agenda"] = [
            {
                "topic": i.topic,
                "product": i.product.slug if i.product else None,
                "expected_decision": i.expected_decision,
            }
            for i in session.agenda.all()
        ]
        data["attendees"] = [{"person": a.person_id, "role": a.role} for a in session.attendees.all()]
        return data


def _sessions():
    return Session.objects.select_related("kind").prefetch_related("products", "agenda__product", "attendees")


@extend_schema(summary="Lister les séances de comité d’un produit, ou en enregistrer une (éditeurs)")
class ProductSessionsView(ProductScopedAPIMixin, generics.ListCreateAPIView):
    serializer_class = SessionSerializer
    write_refusal = "Seuls les éditeurs du produit enregistrent ses séances de comité."

    def get_queryset(self):
        return _sessions().filter(products=self.product)

    def perform_create(self, serializer) -> None:
        data = serializer.validated_data
        if data["kind"].scope != Scope.PRODUCT:
            raise ValidationError({"kind": ["Un comité de plusieurs produits s’enregistre par les administrateurs."]})
        session = Session(**{k: v for k, v in data.items() if k not in {"agenda", "attendees"}})
        try:
            services.save_session(
                self.request.user,
                session,
                [self.product],
                [services.AgendaEntry(**entry) for entry in data.get("agenda", [])],
                [services.AttendeeEntry(**entry) for entry in data.get("attendees", [])],
            )
        except DjangoValidationError as error:
            raise _refused(error) from error
        serializer.instance = session


@extend_schema(summary="Lire une séance de comité")
class SessionDetailView(generics.RetrieveAPIView):
    serializer_class = SessionSerializer
    permission_classes = [permissions.IsAuthenticated]

    def get_queryset(self):
        return _sessions()


class ActionSerializer(serializers.ModelSerializer):
    owner = serializers.PrimaryKeyRelatedField(
        queryset=Person.objects.all(), error_messages={"null": "Une action a un responsable, une personne."}
    )

    class Meta:
        model = Action
        fields = ["id", "title", "owner", "due_date", "status"]
        read_only_fields = ["id"]


class DecisionSerializer(serializers.ModelSerializer):
    actions = ActionSerializer(many=True, required=False)
    superseded_by = serializers.SerializerMethodField()

    class Meta:
        model = Decision
        fields = [
            "id",
            "title",
            "rationale",
            "date",
            "decided_by",
            "session",
            "ritual_meeting",
            "supersedes",
            "superseded_by",
            "new_phase",
            "previous_phase",
            "actions",
        ]
        read_only_fields = ["id", "previous_phase", "superseded_by"]
        # The service checks superseding (loops, twice superseded) with French messages.
        extra_kwargs = {"supersedes": {"validators": []}}

    def get_superseded_by(self, decision) -> int | None:
        return decision.superseded_by.pk if decision.is_superseded else None


def _decisions():
    return Decision.objects.for_listing()


@extend_schema(summary="Lister les décisions d’un produit, ou en consigner une avec ses actions (éditeurs)")
class ProductDecisionsView(ProductScopedAPIMixin, generics.ListCreateAPIView):
    serializer_class = DecisionSerializer
    write_refusal = "Seuls les éditeurs du produit consignent ses décisions."

    def get_queryset(self):
        return _decisions().filter(product=self.product)

    def perform_create(self, serializer) -> None:
        data = dict(serializer.validated_data)
        actions = data.pop("actions", [])
        decision = Decision(product=self.product, **data)
        entries = [
            services.ActionEntry(
                title=a["title"], owner=a["owner"], due_date=a["due_date"], status=a.get("status", ActionStatus.TODO)
            )
            for a in actions
        ]
        try:
            services.record_decision(self.request.user, decision, entries)
        except DjangoValidationError as error:
            raise _refused(error) from error
        serializer.instance = _decisions().get(pk=decision.pk)


@extend_schema(summary="Lire ou modifier une décision (modifier : éditeurs ; les actions se modifient à part)")
class ProductDecisionDetailView(ProductScopedAPIMixin, generics.RetrieveUpdateAPIView):
    serializer_class = DecisionSerializer
    write_refusal = "Seuls les éditeurs du produit modifient ses décisions."
    http_method_names = ["get", "patch", "head", "options"]

    def get_queryset(self):
        return _decisions().filter(product=self.product)

    def perform_update(self, serializer) -> None:
        data = dict(serializer.validated_data)
        if "actions" in data or "new_phase" in data:
            raise ValidationError(
                {"non_field_errors": ["Les actions et le changement de phase ne se modifient pas ici."]}
            )
        decision = serializer.instance
        for field, value in data.items():
            setattr(decision, field, value)
        try:
            services.record_decision(self.request.user, decision)
        except DjangoValidationError as error:
            raise _refused(error) from error


class ActionStatusSerializer(serializers.Serializer):
    status = serializers.ChoiceField(
        choices=ActionStatus.choices, error_messages={"invalid_choice": "Statut inconnu : « {input} »."}
    )


@extend_schema(summary="Changer le statut d’une action (son responsable, les éditeurs du produit)")
class ActionStatusView(ProductScopedAPIMixin, APIView):
    """The product guard, with a per-object rule: the action's owner may change its status too."""

    write_refusal = "Seuls le responsable de l’action et les éditeurs du produit changent son statut."

    @cached_property  # not `action`: DRF's name for a viewset's action
    def tracked_action(self) -> Action:
        return get_object_or_404(Action.objects.select_related("owner", "decision__product"), pk=self.kwargs["pk"])

    def get_product(self) -> Product:
        return self.tracked_action.decision.product

    def may_write(self, request: Request, product: Product | None, obj=None) -> bool:
        return can_update_action(request.user, self.tracked_action)

    @extend_schema(request=ActionStatusSerializer, responses=ActionSerializer)
    def patch(self, request: Request, pk: int) -> Response:
        payload = ActionStatusSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        services.update_action_status(request.user, self.tracked_action, payload.validated_data["status"])
        return Response(ActionSerializer(self.tracked_action).data)


@extend_schema(summary="Télécharger le dossier de comité d’une séance (PDF, construit à partir des données du moment)")
class SessionPackView(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY})
    def get(self, request: Request, pk: int) -> HttpResponse:
        session = get_object_or_404(Session.objects.select_related("kind"), pk=pk)
        frozen = session.packs.first()
        if frozen is not None and request.query_params.get("live") != "1":
            with frozen.file.open("rb") as handle:
                content = handle.read()
        else:
            content = pack.render_pdf(pack.build_context(pack.session_products(session), session=session))
        response = HttpResponse(content, content_type="application/pdf")
        return set_download_name(response, f"dossier-seance-{session.pk}.pdf")
