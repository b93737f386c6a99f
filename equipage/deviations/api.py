"""API of deviations: a product's list (request: editors), one deviation, its decision (coach produit or
administrator, never the requester) and its revocation; the portfolio's list. Same rights and validation as
the pages; a caller who may not write is refused (403) before the body is read."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from equipage.core.validators import validate_multiline_text
from equipage.registry.guards import ProductScopedAPIMixin

from . import services
from .models import Deviation
from .permissions import NOT_A_REVOKER, NOT_AN_APPROVER, NOT_AN_EDITOR, may_approve, may_revoke
from .selectors import STATUS_CHOICES, portfolio_deviations, with_people


def _refused(error: DjangoValidationError) -> ValidationError:
    return ValidationError(error.message_dict if hasattr(error, "error_dict") else {"non_field_errors": error.messages})


class DeviationSerializer(serializers.ModelSerializer):
    product = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    code = serializers.CharField(help_text="Code de la règle de vigilance dont le point est accepté")
    justification = serializers.CharField(
        validators=[validate_multiline_text], allow_blank=True, required=False, default=""
    )
    end_date = serializers.DateField(
        required=False, allow_null=True, default=None, help_text="Au plus 12 mois après la demande"
    )
    status = serializers.SerializerMethodField(help_text="demandee, acceptee, echue, refusee ou revoquee")
    rule_title = serializers.CharField(read_only=True)
    requested_by = serializers.StringRelatedField()
    decided_by = serializers.StringRelatedField()
    revoked_by = serializers.StringRelatedField()

    class Meta:
        model = Deviation
        fields = [
            "id",
            "product",
            "code",
            "rule_title",
            "justification",
            "end_date",
            "status",
            "requested_by",
            "requested_at",
            "decided_by",
            "decided_at",
            "decision_comment",
            "revoked_by",
            "revoked_at",
            "revocation_reason",
        ]
        read_only_fields = [
            "id",
            "product",
            "rule_title",
            "status",
            "requested_by",
            "requested_at",
            "decided_by",
            "decided_at",
            "decision_comment",
            "revoked_by",
            "revoked_at",
            "revocation_reason",
        ]

    def get_status(self, deviation: Deviation) -> str:
        return deviation.status()


@extend_schema(summary="Lister les dérogations d’un produit, ou en demander une (éditeurs)")
class ProductDeviationsView(ProductScopedAPIMixin, generics.ListCreateAPIView):
    serializer_class = DeviationSerializer
    write_refusal = NOT_AN_EDITOR

    def get_queryset(self):
        return with_people(Deviation.objects.filter(product=self.product)).order_by("-requested_at", "-pk")

    def perform_create(self, serializer) -> None:
        data = serializer.validated_data
        try:
            deviation = services.request_deviation(
                self.request.user, self.product, data["code"], data["justification"], data["end_date"]
            )
        except DjangoValidationError as error:
            raise _refused(error) from error
        serializer.instance = deviation


@extend_schema(summary="Lire une dérogation d’un produit")
class ProductDeviationDetailView(ProductScopedAPIMixin, generics.RetrieveAPIView):
    serializer_class = DeviationSerializer

    def get_queryset(self):
        return with_people(Deviation.objects.filter(product=self.product))


class DecisionSerializer(serializers.Serializer):
    accept = serializers.BooleanField(help_text="true pour accepter, false pour refuser")
    comment = serializers.CharField(
        validators=[validate_multiline_text],
        allow_blank=True,
        required=False,
        default="",
        help_text="Obligatoire pour refuser",
    )

    class Meta:
        ref_name = "DeviationDecision"  # Not the committees' DecisionSerializer in the OpenAPI schema.


class RevocationSerializer(serializers.Serializer):
    reason = serializers.CharField(validators=[validate_multiline_text], allow_blank=True, required=False, default="")


class _DeviationActionView(ProductScopedAPIMixin, APIView):
    input_serializer: type[serializers.Serializer]

    def deviation(self) -> Deviation:
        deviation = get_object_or_404(Deviation, product=self.product, pk=self.kwargs["pk"])
        self.check_object_permissions(self.request, deviation)
        return deviation

    def act(self, deviation: Deviation, data: dict) -> Deviation:
        raise NotImplementedError

    def post(self, request, slug: str, pk: int):
        deviation = self.deviation()
        serializer = self.input_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            deviation = self.act(deviation, serializer.validated_data)
        except DjangoValidationError as error:
            raise _refused(error) from error
        except DjangoPermissionDenied as refusal:
            raise PermissionDenied(str(refusal)) from refusal
        return Response(DeviationSerializer(deviation).data, status=status.HTTP_200_OK)


@extend_schema(
    summary="Accepter ou refuser une dérogation (coach produit du produit ou administrateur, pas le demandeur)",
    request=DecisionSerializer,
    responses=DeviationSerializer,
)
class DeviationDecisionView(_DeviationActionView):
    input_serializer = DecisionSerializer
    write_refusal = NOT_AN_APPROVER

    def may_write(self, request, product, obj=None) -> bool:
        return may_approve(request.user, product, obj)

    def act(self, deviation: Deviation, data: dict) -> Deviation:
        return services.decide(self.request.user, deviation, data["accept"], data["comment"])


@extend_schema(
    summary="Révoquer une dérogation ou retirer une demande (éditeurs, coachs, administrateurs)",
    request=RevocationSerializer,
    responses=DeviationSerializer,
)
class DeviationRevocationView(_DeviationActionView):
    input_serializer = RevocationSerializer
    write_refusal = NOT_A_REVOKER

    def may_write(self, request, product, obj=None) -> bool:
        return may_revoke(request.user, product, obj)

    def act(self, deviation: Deviation, data: dict) -> Deviation:
        return services.revoke(self.request.user, deviation, data["reason"])


@extend_schema(
    summary="Lister les dérogations du portefeuille",
    parameters=[
        OpenApiParameter("status", str, enum=[value for value, _label in STATUS_CHOICES], description="État"),
        OpenApiParameter("directorate", int, description="Identifiant de la direction sponsor"),
    ],
)
class DeviationListView(generics.ListAPIView):
    """Les dérogations des produits actifs, la date de fin la plus proche d’abord."""

    serializer_class = DeviationSerializer

    def get_queryset(self):
        status_value = self.request.query_params.get("status", "")
        if status_value and status_value not in dict(STATUS_CHOICES):
            raise ValidationError({"status": [f"État inconnu : {', '.join(dict(STATUS_CHOICES))}."]})
        directorate = self.request.query_params.get("directorate") or None
        if directorate is not None and not str(directorate).isdigit():
            raise ValidationError({"directorate": ["Identifiant de direction attendu (un nombre)."]})
        return portfolio_deviations(status_value, int(directorate) if directorate else None)
