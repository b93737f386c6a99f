from django.db import transaction
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view, inline_serializer
from rest_framework import generics, mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from equipage.people.models import Person
from equipage.registry.guards import ProductScopedAPIMixin
from equipage.registry.models import Product

from . import services
from .filters import MembershipFilter
from .models import Membership
from .roles import GUIDES, PRODUCT_LEADING_ROLES


class RoleSerializer(serializers.Serializer):
    slug = serializers.CharField()
    label = serializers.CharField()
    leads_product = serializers.BooleanField()
    questions = serializers.ListField(child=serializers.DictField())


class RoleCatalogueView(APIView):
    """The catalogue of team roles and the self-assessment questions of each."""

    @extend_schema(summary="Lister les rôles", responses=RoleSerializer(many=True))
    def get(self, request: Request) -> Response:
        roles = [
            {
                "slug": guide.role.value,
                "label": guide.label,
                "leads_product": guide.role in PRODUCT_LEADING_ROLES,
                "questions": [{"key": q.key, "text": q.text} for q in guide.questions],
            }
            for guide in GUIDES.values()
        ]
        return Response(RoleSerializer(roles, many=True).data)


class PersonSerializer(serializers.ModelSerializer):
    organisation = serializers.CharField(source="organisation.name", read_only=True)

    class Meta:
        model = Person
        fields = ["id", "first_name", "last_name", "email", "job_title", "organisation", "trained_in_product_methods"]


class PersonViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Person.objects.select_related("organisation").order_by("last_name", "first_name")
    serializer_class = PersonSerializer


class MembershipSerializer(serializers.ModelSerializer):
    product = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Product.objects.all(),
        error_messages={"does_not_exist": "Aucun produit n’a l’identifiant « {value} »."},
    )
    person = serializers.PrimaryKeyRelatedField(
        queryset=Person.objects.all(),
        error_messages={"does_not_exist": "Personne inconnue (identifiant {pk_value})."},
    )
    person_name = serializers.CharField(source="person.__str__", read_only=True)
    is_current = serializers.SerializerMethodField()
    warnings = serializers.SerializerMethodField(
        help_text="Ce que la page de l’équipe ferait confirmer (un second titulaire d’un rôle normalement tenu "
        "par une seule personne, un total au-delà de 100 %), dans la réponse à un ajout ou une modification ; "
        "vide en lecture."
    )

    class Meta:
        model = Membership
        fields = [
            "id",
            "product",
            "person",
            "person_name",
            "role",
            "time_share",
            "start_date",
            "end_date",
            "is_current",
            "warnings",
        ]

    def get_is_current(self, membership: Membership) -> bool:
        return membership.is_current()

    def get_warnings(self, membership: Membership) -> list[str]:
        return list(getattr(membership, "save_warnings", []))

    def validate(self, attrs: dict) -> dict:
        if self.instance is not None:
            for locked in ("product", "person"):
                if locked in attrs and attrs[locked] != getattr(self.instance, locked):
                    raise serializers.ValidationError(
                        {locked: ["Ne peut pas changer : terminez ce rôle et créez-en un autre."]}
                    )
        return attrs


@extend_schema_view(
    list=extend_schema(
        summary="Lister les rôles tenus dans les équipes",
        parameters=[
            OpenApiParameter("product", str, description="Identifiant d’adresse du produit"),
            OpenApiParameter("person", int, description="Identifiant de la personne"),
            OpenApiParameter("current", bool, description="true : seulement les rôles en cours"),
        ],
    ),
    create=extend_schema(summary="Ajouter un membre à une équipe (responsables du produit)"),
    partial_update=extend_schema(summary="Modifier un rôle (responsables du produit)"),
    update=extend_schema(summary="Remplacer un rôle (responsables du produit)"),
)
class MembershipViewSet(
    ProductScopedAPIMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Team memberships. They end rather than being deleted: there is no DELETE."""

    serializer_class = MembershipSerializer
    filterset_class = MembershipFilter

    def get_queryset(self):
        return Membership.objects.select_related("person", "product").order_by("product__name", "role", "id")

    write_refusal = "Seuls les responsables du produit et les administrateurs modifient son équipe."
    archived_refusal = "Ce produit est archivé : restaurez-le avant de modifier son équipe."

    def get_product(self) -> Product | None:
        """A membership's product; on creation, the product named in the body, checked before the rest of it."""
        if "pk" in self.kwargs:
            return generics.get_object_or_404(Product, memberships__pk=self.kwargs["pk"])
        slug = self.request.data.get("product") if hasattr(self.request.data, "get") else None
        return Product.objects.filter(slug=str(slug)).first() if isinstance(slug, str | int) else None

    def may_write(self, request: Request, product: Product | None, obj=None) -> bool:
        # Without a known product in the body, validation answers (400); perform_create checks the saved one.
        return product is None or super().may_write(request, product, obj)

    def perform_create(self, serializer):
        if serializer.validated_data["product"] != self.product:
            self.product = serializer.validated_data["product"]
            self.require_product_write(self.request)
        serializer.instance = services.save_membership(Membership(**serializer.validated_data), user=self.request.user)
        serializer.instance.save_warnings = services.membership_warnings(serializer.instance)

    def perform_update(self, serializer):
        membership = serializer.instance
        for name, value in serializer.validated_data.items():
            setattr(membership, name, value)
        services.save_membership(membership, user=self.request.user)
        membership.save_warnings = services.membership_warnings(membership)

    @extend_schema(
        summary="Terminer un rôle (responsables du produit)",
        request=inline_serializer(
            "MembershipEnd",
            {"end_date": serializers.DateField(required=False, help_text="Date de fin ; aujourd’hui par défaut")},
        ),
        responses=MembershipSerializer,
    )
    @action(detail=True, methods=["post"])
    def end(self, request: Request, pk: str | None = None) -> Response:
        membership = self.get_object()
        end_date = (
            serializers.DateField().to_internal_value(request.data.get("end_date"))
            if request.data.get("end_date")
            else timezone.localdate()
        )
        with transaction.atomic():
            services.end_membership(membership, end_date, user=self.request.user)
        return Response(self.get_serializer(membership).data)
