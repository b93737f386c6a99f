"""API of a product's governance: its responsibility matrix and its rituals.

Everyone signed in reads; the product's editors change, with the same checks as the pages.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404
from django.utils.functional import cached_property
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from equipage.people.models import Person
from equipage.registry.guards import ProductScopedAPIMixin
from equipage.registry.models import Product

from . import matrix as domain
from .defaults import Level
from .models import Ritual, RitualMeeting


class MatrixRoleSerializer(serializers.Serializer):
    role = serializers.CharField(help_text="Identifiant du rôle, voir /api/v1/roles/.")
    label = serializers.CharField()
    holders = serializers.ListField(
        child=serializers.CharField(), help_text="Personnes qui tiennent actuellement ce rôle dans l’équipe."
    )


class MatrixActivitySerializer(serializers.Serializer):
    key = serializers.CharField(help_text="Identifiant de l’activité dans la matrice : son code, ou perso-<n>.")
    code = serializers.CharField(help_text="Code d’une activité standard ; vide pour une activité ajoutée.")
    label = serializers.CharField()
    is_custom = serializers.BooleanField()
    levels = serializers.DictField(
        child=serializers.ChoiceField(choices=Level.choices),
        help_text="Niveau de chaque rôle impliqué : {rôle: niveau}.",
    )


class MatrixProblemSerializer(serializers.Serializer):
    code = serializers.ChoiceField(choices=[domain.SANS_RESPONSABLE, domain.PLUSIEURS_RESPONSABLES, domain.ROLE_VACANT])
    activity = serializers.CharField(help_text="Identifiant (key) de l’activité concernée.")
    role = serializers.CharField(allow_null=True)
    message = serializers.CharField()


class MatrixSerializer(serializers.Serializer):
    product = serializers.CharField(help_text="Identifiant d’adresse du produit.")
    governance = serializers.CharField(help_text="Configuration de gouvernance actuelle du produit.")
    basis = serializers.CharField(help_text="Configuration dont la matrice reprend les niveaux par défaut.")
    is_default = serializers.BooleanField(help_text="La matrice est exactement celle par défaut de sa configuration.")
    is_saved = serializers.BooleanField(help_text="Le produit a une matrice enregistrée (adaptée au moins une fois).")
    is_outdated = serializers.BooleanField(
        help_text="La matrice enregistrée a été établie pour une autre configuration que l’actuelle."
    )
    roles = MatrixRoleSerializer(many=True)
    activities = MatrixActivitySerializer(many=True)
    problems = MatrixProblemSerializer(many=True)


class MatrixActivityInputSerializer(serializers.Serializer):
    key = serializers.CharField()
    levels = serializers.DictField(
        child=serializers.CharField(allow_blank=True),
        help_text="{rôle: niveau} ; un rôle absent ou vide n’a pas de niveau sur cette activité.",
    )


class MatrixUpdateSerializer(serializers.Serializer):
    activities = MatrixActivityInputSerializer(
        many=True, help_text="Chaque activité de la matrice, avec tous ses niveaux : ils remplacent les actuels."
    )


def matrix_payload(product: Product) -> dict:
    matrix = domain.effective_matrix(product)
    holders = domain.role_holders(product)
    return {
        "product": product.slug,
        "governance": product.governance,
        "basis": matrix.basis,
        "is_default": matrix.is_default,
        "is_saved": matrix.is_saved,
        "is_outdated": matrix.is_outdated_for(product),
        "roles": [
            {"role": role, "label": domain.role_label(role), "holders": holders.get(role, [])}
            for role in domain.matrix_columns(matrix, holders)
        ],
        "activities": [
            {"key": row.key, "code": row.code, "label": row.label, "is_custom": row.is_custom, "levels": row.levels}
            for row in matrix.activities
        ],
        "problems": [problem.__dict__ for problem in domain.validate_matrix(matrix, set(holders))],
    }


class ProductMatrixView(ProductScopedAPIMixin, APIView):
    """The responsibility matrix of a product: its saved one, or the default of its configuration."""

    @extend_schema(summary="Lire la matrice des responsabilités d’un produit", responses=MatrixSerializer)
    def get(self, request: Request, slug: str) -> Response:
        return Response(MatrixSerializer(matrix_payload(self.product)).data)

    @extend_schema(
        summary="Remplacer les niveaux de la matrice des responsabilités (éditeurs)",
        description="Envoyez chaque activité de la matrice avec tous ses niveaux. La matrice entière est vérifiée "
        "(un responsable, ou au moins deux co-responsables, par activité ; seulement des rôles pourvus) : "
        "si elle ne tient pas, rien n’est enregistré et la réponse 400 nomme chaque activité en défaut.",
        request=MatrixUpdateSerializer,
        responses=MatrixSerializer,
    )
    def put(self, request: Request, slug: str) -> Response:
        product = self.product
        payload = MatrixUpdateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        current = domain.effective_matrix(product)
        sent: dict[str, dict[str, str]] = {}
        errors: dict[str, list[str]] = {}
        for activity in payload.validated_data["activities"]:
            if activity["key"] in sent:
                errors[activity["key"]] = [f"L’activité « {activity['key']} » figure deux fois dans la requête."]
            sent[activity["key"]] = activity["levels"]
        for row in current.activities:
            if row.key not in sent:
                errors[row.key] = [
                    f"« {row.label} » manque dans la requête : envoyez chaque activité de la matrice avec ses niveaux."
                ]
        if errors:
            raise ValidationError(errors)
        # A full replacement: every role not sent for an activity loses its level there.
        cleared = dict.fromkeys(domain.ROLE_LABELS, "")
        levels = {key: cleared | dict(sent_levels) for key, sent_levels in sent.items()}
        domain.save_levels(product, levels)
        return Response(MatrixSerializer(matrix_payload(product)).data)


class RitualSerializer(serializers.ModelSerializer):
    last_meeting_date = serializers.DateField(read_only=True, allow_null=True)
    is_late = serializers.BooleanField(read_only=True, source="late")

    class Meta:
        model = Ritual
        fields = ["id", "name", "kind", "cadence", "is_active", "start_date", "last_meeting_date", "is_late"]
        read_only_fields = ["id"]


@extend_schema(summary="Lister ou ajouter les rituels d’un produit (ajout : éditeurs)")
class ProductRitualsView(ProductScopedAPIMixin, generics.ListCreateAPIView):
    """A product's rituals, active ones first. Rituals are deactivated, never deleted."""

    serializer_class = RitualSerializer

    def get_queryset(self):
        return Ritual.objects.filter(product=self.product).with_last_meeting().order_by("-is_active", "name", "id")

    def perform_create(self, serializer) -> None:
        with transaction.atomic():
            serializer.save(product=self.product)


class RitualMeetingSerializer(serializers.ModelSerializer):
    attendees = serializers.PrimaryKeyRelatedField(
        many=True,
        queryset=Person.objects.all(),
        required=False,
        help_text="Identifiants des personnes présentes, membres actuels de l’équipe.",
    )

    class Meta:
        model = RitualMeeting
        fields = ["id", "date", "attendees", "notes", "created_at"]
        read_only_fields = ["id", "created_at"]

    def validate_attendees(self, people: list[Person]) -> list[Person]:
        ritual = self.context["ritual"]
        team = set(ritual.product.memberships.current().values_list("person_id", flat=True))
        outsiders = [str(person) for person in people if person.pk not in team]
        if outsiders:
            raise serializers.ValidationError(f"Ne sont pas membres actuels de l’équipe : {', '.join(outsiders)}.")
        return people

    def validate(self, attrs: dict) -> dict:
        meeting = RitualMeeting(ritual=self.context["ritual"], date=attrs.get("date"), notes=attrs.get("notes", ""))
        try:
            meeting.clean()
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.message_dict) from error
        return attrs


@extend_schema(summary="Lister ou consigner les réunions d’un rituel (consigner : éditeurs)")
class RitualMeetingsView(ProductScopedAPIMixin, generics.ListCreateAPIView):
    """The meetings held of one ritual of a product, newest first."""

    serializer_class = RitualMeetingSerializer
    write_refusal = "Seuls les éditeurs du produit consignent les réunions de ses rituels."

    @cached_property
    def ritual(self) -> Ritual:
        return get_object_or_404(Ritual.objects.select_related("product"), product=self.product, pk=self.kwargs["pk"])

    def get_serializer_context(self) -> dict:
        if getattr(self, "swagger_fake_view", False):  # the OpenAPI schema is built without a ritual
            return super().get_serializer_context()
        return {**super().get_serializer_context(), "ritual": self.ritual}

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return RitualMeeting.objects.none()
        return self.ritual.meetings.prefetch_related("attendees")

    def perform_create(self, serializer) -> None:
        with transaction.atomic():
            serializer.save(ritual=self.ritual)
