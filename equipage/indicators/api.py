"""Objectives, indicators and measurements in the API.

Every signed-in agent reads them (session or `Authorization: Token …`). Measurements are written by the
product's editors, or by a script holding a product token (`Authorization: Bearer eqp_…`): such a token
writes the measurements of its own product and can do nothing else (403).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import authentication, exceptions, generics, serializers, status
from rest_framework.exceptions import APIException
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import APIView

from equipage.core.validators import validate_single_line
from equipage.registry.guards import ProductScopedAPIMixin, ProductWritePermission
from equipage.registry.models import Product

from . import importer, services
from .filters import MeasurementFilter
from .models import VALUE_DECIMALS, VALUE_DIGITS, Indicator, Measurement, Objective, Origin, ProductToken
from .progress import state_of
from .validation import CheckedRow, MeasurementChecker

MAX_BULK = 5000
WRITE_METHODS = ("POST", "PATCH", "PUT")


# --- Product tokens ------------------------------------------------------------------------------------


class ProductTokenPrincipal:
    """Who a request speaks for when it carries a product token: a script, not a person."""

    is_authenticated = True
    is_anonymous = False
    is_active = True
    is_administrator = False
    is_staff = False
    is_superuser = False
    pk = id = None

    def __init__(self, token: ProductToken):
        self.token = token

    def __str__(self) -> str:
        return f"jeton « {self.token.name} »"


class ProductTokenAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request: Request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed("En-tête Authorization invalide : « Bearer <jeton> » attendu.")
        try:
            secret = header[1].decode()
        except UnicodeError as error:
            raise exceptions.AuthenticationFailed("Jeton invalide.") from error
        token = services.authenticate_token(secret)
        if token is None:
            raise exceptions.AuthenticationFailed("Jeton produit inconnu ou révoqué.")
        suspension = services.token_suspension(token)
        if suspension:
            raise exceptions.AuthenticationFailed(suspension)
        return ProductTokenPrincipal(token), token

    def authenticate_header(self, request: Request) -> str:
        return self.keyword


class ProductTokenScheme(OpenApiAuthenticationExtension):
    target_class = "equipage.indicators.api.ProductTokenAuthentication"
    name = "productToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "Jeton produit, créé par un éditeur du produit : écrit les mesures de ce produit seulement.",
        }


def token_of(request: Request) -> ProductToken | None:
    return request.auth if isinstance(request.auth, ProductToken) else None


class ProductTokenOrGuard(ProductWritePermission):
    """The product guard, plus: a product token only writes (never reads) the measurement routes."""

    def has_permission(self, request: Request, view) -> bool:
        if not request.user or not request.user.is_authenticated:
            return False
        if token_of(request) is not None and (
            request.method not in WRITE_METHODS or not getattr(view, "accepts_product_tokens", False)
        ):
            raise exceptions.PermissionDenied("Un jeton produit n’écrit que des mesures : rien d’autre.")
        return super().has_permission(request, view)


class ProductAPIView(ProductScopedAPIMixin):
    """Agents read; writes need an editor of the product or a product token of that very product."""

    authentication_classes = [*api_settings.DEFAULT_AUTHENTICATION_CLASSES, ProductTokenAuthentication]
    permission_classes = [ProductTokenOrGuard]
    accepts_product_tokens = False
    write_refusal = "Seuls les éditeurs du produit enregistrent ses mesures."
    archived_refusal = "Ce produit est archivé : ses mesures ne se modifient plus."

    def may_write(self, request: Request, product: Product | None, obj=None) -> bool:
        token = token_of(request)
        if token is None:
            return super().may_write(request, product, obj)
        if token.product_id != product.pk:
            raise PermissionDenied("Ce jeton appartient à un autre produit.")
        return True

    def author(self, request: Request):
        token = token_of(request)
        return token.created_by if token else request.user

    def reason(self, request: Request, default: str = "") -> str:
        token = token_of(request)
        if token is None:
            return default
        creator = token.created_by
        return f"API, jeton « {token.name} » créé par {creator.get_full_name() or creator.email}"


# --- Serializers -----------------------------------------------------------------------------------------


class IndicatorSerializer(serializers.ModelSerializer):
    objective = serializers.PrimaryKeyRelatedField(read_only=True)
    last_value = serializers.SerializerMethodField()
    last_date = serializers.SerializerMethodField()
    status = serializers.SerializerMethodField(help_text="atteinte, en_bonne_voie, en_retard ou non_evaluable.")
    progress = serializers.SerializerMethodField(help_text="0 à la valeur de référence, 1 à la cible.")
    is_stale = serializers.SerializerMethodField(help_text="Pas mis à jour dans sa fréquence et le délai de grâce.")
    url = serializers.CharField(source="get_absolute_url", read_only=True)

    class Meta:
        model = Indicator
        fields = [
            "id",
            "code",
            "objective",
            "name",
            "definition",
            "unit",
            "unit_label",
            "direction",
            "baseline",
            "baseline_date",
            "target",
            "target_date",
            "frequency",
            "source",
            "is_published",
            "is_active",
            "last_value",
            "last_date",
            "status",
            "progress",
            "is_stale",
            "url",
        ]

    def _state(self, indicator):
        if not hasattr(indicator, "_progress_state"):
            indicator._progress_state = state_of(indicator)
        return indicator._progress_state

    def get_last_value(self, indicator) -> str | None:
        value = self._state(indicator).last_value
        return None if value is None else str(value)

    def get_last_date(self, indicator) -> str | None:
        day = self._state(indicator).last_date
        return day.isoformat() if day else None

    def get_status(self, indicator) -> str:
        return self._state(indicator).status.value

    def get_progress(self, indicator) -> float | None:
        share = self._state(indicator).progress
        return None if share is None else round(share, 4)

    def get_is_stale(self, indicator) -> bool:
        return self._state(indicator).stale


class ObjectiveSerializer(serializers.ModelSerializer):
    indicators = serializers.SerializerMethodField(help_text="Les codes de ses indicateurs.")

    class Meta:
        model = Objective
        fields = ["id", "title", "beneficiaries", "due_date", "description", "position", "indicators"]

    def get_indicators(self, objective) -> list[str]:
        return [indicator.code for indicator in objective.indicators.all()]


class MeasurementSerializer(serializers.ModelSerializer):
    indicator = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Measurement
        fields = ["id", "indicator", "date", "value", "comment", "withdrawn", "origin", "created_at", "updated_at"]


class MeasurementInputSerializer(serializers.Serializer):
    """One measurement sent to the API. The declared fields document it; the values are checked by
    `validation.MeasurementChecker`, the same checker as the form and the file import."""

    indicator = serializers.CharField(
        max_length=60, help_text="Le code (ou le nom exact) de l’indicateur, dans ce produit."
    )
    date = serializers.DateField(
        input_formats=["iso-8601", "%d/%m/%Y"],
        help_text="AAAA-MM-JJ (ou JJ/MM/AAAA). Jamais dans le futur. Ramenée au début de la période de "
        "l’indicateur (le 1er du mois pour un indicateur mensuel, le lundi pour un hebdomadaire…).",
    )
    value = serializers.DecimalField(max_digits=VALUE_DIGITS, decimal_places=VALUE_DECIMALS, coerce_to_string=False)
    comment = serializers.CharField(
        validators=[validate_single_line], required=False, allow_blank=True, default="", max_length=500
    )

    def to_internal_value(self, data) -> CheckedRow:
        if not isinstance(data, dict):
            raise serializers.ValidationError({"non_field_errors": ["Chaque mesure est un objet JSON."]})
        row, errors = self.context["checker"].check(
            self.context.get("line"),
            indicator=data.get("indicator"),
            date=data.get("date"),
            value=data.get("value"),
            comment=data.get("comment"),
        )
        if errors:
            detail: dict[str, list[str]] = {}
            for error in errors:
                detail.setdefault(error.field or "non_field_errors", []).append(
                    error.message[:1].upper() + error.message[1:]
                )
            raise serializers.ValidationError(detail)
        return row


class MeasurementCorrectionSerializer(serializers.Serializer):
    value = serializers.DecimalField(
        max_digits=VALUE_DIGITS, decimal_places=VALUE_DECIMALS, coerce_to_string=False, required=False
    )
    comment = serializers.CharField(validators=[validate_single_line], required=False, allow_blank=True, max_length=500)
    withdrawn = serializers.BooleanField(required=False, help_text="Retirer la mesure (elle reste dans l’historique).")
    reason = serializers.CharField(
        validators=[validate_single_line],
        required=False,
        allow_blank=True,
        max_length=100,
        help_text="Motif, gardé dans l’historique.",
    )

    def validate(self, attrs):
        if not {"value", "comment", "withdrawn"} & set(attrs):
            raise serializers.ValidationError({"value": ["Indiquez au moins value, comment ou withdrawn."]})
        return attrs


class BulkResultSerializer(serializers.Serializer):
    created = serializers.IntegerField()
    unchanged = serializers.IntegerField()
    measurements = MeasurementSerializer(many=True)


# --- Views -----------------------------------------------------------------------------------------------

SLUG = OpenApiParameter("slug", str, OpenApiParameter.PATH, description="Identifiant d’adresse du produit")


@extend_schema(summary="Lister les objectifs d’un produit", parameters=[SLUG])
class ObjectiveListView(ProductAPIView, generics.ListAPIView):
    serializer_class = ObjectiveSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Objective.objects.none()
        return Objective.objects.filter(product=self.product).prefetch_related("indicators")


class IndicatorQueryMixin:
    serializer_class = IndicatorSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Indicator.objects.none()
        return (
            Indicator.objects.filter(product=self.product)
            .select_related("product")
            .with_last_measurement()
            .order_by("objective__position", "objective_id", "pk")
        )


@extend_schema(summary="Lister les indicateurs d’un produit, avec leur état", parameters=[SLUG])
class IndicatorListView(IndicatorQueryMixin, ProductAPIView, generics.ListAPIView):
    pass


@extend_schema(summary="Lire un indicateur", parameters=[SLUG])
class IndicatorDetailView(IndicatorQueryMixin, ProductAPIView, generics.RetrieveAPIView):
    pass


def _checker(product: Product) -> MeasurementChecker:
    return MeasurementChecker(Indicator.objects.filter(product=product), describe=lambda index: f"élément {index}")


class MeasurementListView(ProductAPIView, generics.ListCreateAPIView):
    serializer_class = MeasurementSerializer
    filterset_class = MeasurementFilter
    accepts_product_tokens = True

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Measurement.objects.none()
        queryset = Measurement.objects.filter(indicator__product=self.product).select_related("indicator")
        return queryset.order_by("indicator_id", "date")

    @extend_schema(
        summary="Lister les mesures d’un produit",
        parameters=[
            SLUG,
            OpenApiParameter("indicator", str, description="Code d’un indicateur"),
            OpenApiParameter("withdrawn", bool, description="true pour inclure les mesures retirées"),
        ],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(
        summary="Enregistrer une mesure (éditeur du produit ou jeton produit)",
        description="La même valeur à la même date ne change rien (200) ; une autre valeur à une date déjà "
        "mesurée est refusée (400) : corrigez la mesure avec PATCH.",
        parameters=[SLUG],
        request=MeasurementInputSerializer,
        responses={201: MeasurementSerializer, 200: MeasurementSerializer},
    )
    def post(self, request: Request, *args, **kwargs) -> Response:
        serializer = MeasurementInputSerializer(data=request.data, context={"checker": _checker(self.product)})
        serializer.is_valid(raise_exception=True)
        row = serializer.validated_data
        try:
            measurement, created = services.record_measurement(
                row.indicator,
                date=row.date,
                value=row.value,
                comment=row.comment,
                user=self.author(request),
                origin=Origin.API,
                reason=self.reason(request, "API"),
            )
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.message_dict) from error
        return Response(
            MeasurementSerializer(measurement).data, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK
        )


class Conflict(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "Cette ressource a été modifiée en même temps par une autre requête : recommencez."
    default_code = "conflict"


class MeasurementBulkView(ProductAPIView, APIView):
    accepts_product_tokens = True
    error_statuses = (409,)  # Documented by equipage.api.schema: a concurrent push won the race twice.

    def _refuse_conflicts(self, rows: list[CheckedRow]) -> None:
        """A date already measured with another value is refused, by index of the item: correct it instead."""
        existing = {
            (m.indicator_id, m.date): m
            for m in Measurement.objects.filter(
                indicator_id__in={r.indicator.pk for r in rows}, date__in={r.date for r in rows}
            )
        }
        errors = {}
        for row in rows:
            current = existing.get((row.indicator.pk, row.date))
            if current is not None and (current.value != row.value or current.withdrawn):
                errors[str(row.line)] = {
                    "date": [
                        f"Une mesure existe déjà à cette date avec la valeur {current.value} (id {current.id}) : "
                        f"corrigez-la avec PATCH /api/v1/products/{self.product.slug}/measurements/{current.id}/."
                    ]
                }
        if errors:
            raise serializers.ValidationError({"measurements": dict(sorted(errors.items(), key=lambda e: int(e[0])))})

    @extend_schema(
        summary="Enregistrer plusieurs mesures d’un coup (éditeur du produit ou jeton produit)",
        description=(
            f'Une liste de mesures (au plus {MAX_BULK}), ou un objet {{"measurements": [...]}}. Tout ou rien : '
            "si un élément est invalide, rien n’est enregistré et errors.measurements donne, par index de "
            "l’élément (à partir de 0), les champs en erreur. Une mesure déjà enregistrée avec la même valeur "
            "est comptée dans unchanged ; avec une autre valeur, elle est refusée : corrigez-la avec PATCH."
        ),
        parameters=[SLUG],
        request=MeasurementInputSerializer(many=True),
        responses={201: BulkResultSerializer},
    )
    def post(self, request: Request, slug: str) -> Response:
        items = request.data.get("measurements") if isinstance(request.data, dict) else request.data
        if not isinstance(items, list) or not items:
            raise serializers.ValidationError({"measurements": ["Envoyez une liste non vide de mesures."]})
        if len(items) > MAX_BULK:
            raise serializers.ValidationError({"measurements": [f"Au plus {MAX_BULK} mesures par envoi."]})
        checker = _checker(self.product)
        errors: dict[str, dict] = {}
        rows: list[CheckedRow] = []
        for index, item in enumerate(items):
            serializer = MeasurementInputSerializer(data=item, context={"checker": checker, "line": index})
            if serializer.is_valid():
                rows.append(serializer.validated_data)
            else:
                errors[str(index)] = serializer.errors
        if errors:
            raise serializers.ValidationError({"measurements": dict(sorted(errors.items(), key=lambda e: int(e[0])))})
        # Two identical pushes at the same moment: the loser's rows are there when it retries, unchanged.
        for attempt in range(2):
            self._refuse_conflicts(rows)
            try:
                with transaction.atomic():
                    result = importer.write_rows(
                        rows, user=self.author(request), origin=Origin.API, reason=self.reason(request, "API")
                    )
                break
            except importer.ImportRefused as refused:
                if attempt:
                    raise Conflict(
                        "Des mesures ont été enregistrées en même temps par un autre envoi : relancez le vôtre."
                    ) from refused
        saved = Measurement.objects.filter(
            indicator_id__in={r.indicator.pk for r in rows}, date__in={r.date for r in rows}
        ).select_related("indicator")
        wanted = {(r.indicator.pk, r.date) for r in rows}
        body = {
            "created": result.created,
            "unchanged": result.unchanged,
            "measurements": MeasurementSerializer(
                [m for m in saved.order_by("indicator_id", "date") if (m.indicator_id, m.date) in wanted], many=True
            ).data,
        }
        return Response(body, status=status.HTTP_201_CREATED)


class MeasurementDetailView(ProductAPIView, generics.RetrieveAPIView):
    serializer_class = MeasurementSerializer
    accepts_product_tokens = True

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Measurement.objects.none()
        return Measurement.objects.filter(indicator__product=self.product).select_related("indicator")

    @extend_schema(summary="Lire une mesure", parameters=[SLUG])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(
        summary="Corriger une mesure (éditeur du produit ou jeton produit)",
        description="Change la valeur, le commentaire ou le retrait ; "
        "l’historique garde l’ancienne valeur et le motif.",
        parameters=[SLUG],
        request=MeasurementCorrectionSerializer,
        responses={200: MeasurementSerializer},
    )
    def patch(self, request: Request, *args, **kwargs) -> Response:
        measurement = self.get_object()
        serializer = MeasurementCorrectionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        services.correct_measurement(
            measurement,
            value=data.get("value"),
            comment=data.get("comment"),
            withdrawn=data.get("withdrawn"),
            user=self.author(request),
            reason=" — ".join(part for part in (self.reason(request), data.get("reason", "")) if part) or "Correction",
        )
        return Response(MeasurementSerializer(measurement).data)
