from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from equipage.people.models import Organisation

from . import services
from .filters import ProductFilter
from .guards import ProductScopedAPIMixin
from .models import SLUG_MAX_LENGTH, Product, normalise_product_slug, validate_product_slug
from .permissions import can_create_product, can_edit_product


class ProductSerializer(serializers.ModelSerializer):
    sponsor = serializers.SlugRelatedField(
        slug_field="name",
        queryset=Organisation.objects.all(),
        help_text="Nom de la direction sponsor, tel qu’il figure dans /api/v1/organisations/.",
        error_messages={"does_not_exist": "Aucune organisation ne porte le nom « {value} »."},
    )
    slug = serializers.SlugField(max_length=SLUG_MAX_LENGTH, required=False)
    is_archived = serializers.BooleanField(read_only=True)
    url = serializers.SerializerMethodField()

    class Meta:
        model = Product
        fields = [
            "slug",
            "name",
            "pitch",
            "problem",
            "vision",
            "target_users",
            "sponsor",
            "phase",
            "governance",
            "is_public_service",
            "service_url",
            "statistics_url",
            "budget_url",
            "source_code_url",
            "accessibility_statement_url",
            "is_archived",
            "archived_at",
            "created_at",
            "updated_at",
            "url",
        ]
        read_only_fields = ["archived_at", "created_at", "updated_at"]

    def get_url(self, product: Product) -> str:
        return product.get_absolute_url()

    def validate(self, attrs: dict) -> dict:
        if "slug" in attrs or self.instance is None:
            attrs["slug"] = slug = normalise_product_slug(attrs.get("slug"), attrs.get("name"))
            try:
                validate_product_slug(slug)
            except DjangoValidationError as error:
                raise ValidationError({"slug": error.messages}) from error
        slug = attrs.get("slug")
        if (
            slug is not None
            and Product.objects.filter(slug=slug).exclude(pk=getattr(self.instance, "pk", None)).exists()
        ):
            raise ValidationError({"slug": [f"Un produit utilise déjà l’identifiant « {slug} »."]})
        return attrs


@extend_schema_view(
    list=extend_schema(
        summary="Lister les produits",
        parameters=[
            OpenApiParameter("q", str, description="Recherche dans le nom, le pitch et l’identifiant"),
            OpenApiParameter("phase", str, description="Filtre par phase"),
            OpenApiParameter("governance", str, description="Filtre par configuration de gouvernance"),
            OpenApiParameter("sponsor", str, description="Filtre par sigle ou nom de la direction sponsor"),
            OpenApiParameter("archived", bool, description="true : seulement les archivés ; all : tous"),
        ],
    ),
    retrieve=extend_schema(summary="Lire une fiche produit"),
    create=extend_schema(summary="Créer un produit (administrateurs du portefeuille)"),
    update=extend_schema(summary="Remplacer une fiche produit (éditeurs)"),
    partial_update=extend_schema(summary="Modifier une fiche produit (éditeurs)"),
)
class ProductViewSet(
    ProductScopedAPIMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Le registre des produits. Un produit s’archive, il ne se supprime pas : il n’y a pas de DELETE."""

    serializer_class = ProductSerializer
    lookup_field = "slug"

    def may_write(self, request: Request, product: Product | None, obj=None) -> bool:
        if product is None:  # creation
            return can_create_product(request.user)
        return can_edit_product(request.user, product)

    @property
    def write_refusal(self) -> str:
        if self.product is None:
            return "Seuls les administrateurs du portefeuille créent des produits."
        return "Vous n’êtes pas éditeur de ce produit."

    def allows_archived_write(self, request: Request) -> bool:
        # Archiving and restoring change that very state; the service refuses a pointless one (400).
        return self.action in ("archive", "restore")

    def get_object(self) -> Product:
        self.check_object_permissions(self.request, self.product)
        return self.product

    filterset_class = ProductFilter

    def get_queryset(self):
        return Product.objects.select_related("sponsor").order_by("name")

    def perform_create(self, serializer):
        with transaction.atomic():
            serializer.save()

    def perform_update(self, serializer):
        with transaction.atomic():
            serializer.save()

    @extend_schema(
        summary="Archiver un produit (éditeurs)",
        request=inline_serializer(
            "ProductArchive",
            {"reason": serializers.CharField(required=False, max_length=100, help_text="Motif de l’archivage")},
        ),
        responses=ProductSerializer,
    )
    @action(detail=True, methods=["post"])
    def archive(self, request: Request, slug: str | None = None) -> Response:
        product = self.get_object()
        services.archive_product(
            product,
            str(request.data.get("reason", ""))[:100] if hasattr(request.data, "get") else "",
            user=self.request.user,
        )
        return Response(self.get_serializer(product).data, status=status.HTTP_200_OK)

    @extend_schema(summary="Restaurer un produit archivé (éditeurs)", request=None, responses=ProductSerializer)
    @action(detail=True, methods=["post"])
    def restore(self, request: Request, slug: str | None = None) -> Response:
        product = self.get_object()
        services.restore_product(product, user=self.request.user)
        return Response(self.get_serializer(product).data, status=status.HTTP_200_OK)
