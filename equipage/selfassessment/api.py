"""A product's self-assessments in the API: every agent reads them, a role's current holder submits one."""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from equipage.core.validators import validate_multiline_text
from equipage.registry.guards import ProductScopedAPIMixin
from equipage.registry.models import Product
from equipage.teams.roles import Role

from . import services
from .filters import SelfAssessmentFilter
from .forms import COMMENT_MAX_LENGTH
from .models import Answer, SelfAssessment, questions_for
from .permissions import held_roles, respondent_for


class AnswerSerializer(serializers.ModelSerializer):
    question = serializers.CharField(source="question_text", read_only=True, help_text="Intitulé de la question.")
    value_label = serializers.CharField(source="get_value_display", read_only=True)
    score = serializers.IntegerField(read_only=True, help_text="oui = 100, en partie = 50, non = 0.")

    class Meta:
        model = Answer
        fields = ["question_key", "question", "value", "value_label", "score", "comment"]


class SelfAssessmentSerializer(serializers.ModelSerializer):
    product = serializers.CharField(source="product.slug", read_only=True)
    role_label = serializers.CharField(source="get_role_display", read_only=True)
    respondent = serializers.StringRelatedField(help_text="Prénom et nom de la personne qui a répondu.")
    score = serializers.IntegerField(read_only=True, allow_null=True, help_text="Score moyen des réponses, sur 100.")
    answers = serializers.SerializerMethodField(help_text="Les réponses, dans l’ordre des questions du rôle.")
    url = serializers.CharField(source="get_absolute_url", read_only=True, help_text="La page de l’autodiagnostic.")

    class Meta:
        model = SelfAssessment
        fields = [
            "id",
            "product",
            "role",
            "role_label",
            "respondent",
            "answered_on",
            "created_at",
            "score",
            "answers",
            "url",
        ]

    @extend_schema_field(AnswerSerializer(many=True))
    def get_answers(self, assessment: SelfAssessment) -> list:
        return AnswerSerializer(assessment.ordered_answers(), many=True).data


class AnswerInputSerializer(serializers.Serializer):
    # Keys and values are checked together, per question, by services.answer_errors.
    question_key = serializers.CharField(max_length=40, help_text="La clé de la question, par exemple « vision ».")
    value = serializers.CharField(max_length=20, help_text="oui, en_partie ou non.")
    comment = serializers.CharField(
        validators=[validate_multiline_text],
        required=False,
        allow_blank=True,
        default="",
        max_length=COMMENT_MAX_LENGTH,
    )


class SelfAssessmentInputSerializer(serializers.Serializer):
    role = serializers.ChoiceField(
        choices=Role.choices,
        help_text="Le rôle au titre duquel vous répondez : vous devez le tenir sur le produit aujourd’hui.",
        error_messages={"invalid_choice": "« {input} » n’est pas un rôle connu."},
    )
    answered_on = serializers.DateField(required=False, help_text="Par défaut, aujourd’hui. Jamais dans le futur.")
    answers = AnswerInputSerializer(
        many=True, help_text="Une réponse à chaque question du rôle, et à aucune autre.", allow_empty=False
    )

    def validate_answered_on(self, value):
        if value > timezone.localdate():
            raise serializers.ValidationError("La date de l’autodiagnostic ne peut pas être dans le futur.")
        return value

    def validate(self, attrs: dict) -> dict:
        if not questions_for(attrs["role"]):
            raise serializers.ValidationError({"role": ["Ce rôle n’a pas de questions d’autodiagnostic."]})
        errors = services.answer_errors(attrs["role"], attrs["answers"])
        if errors:
            raise serializers.ValidationError({"answers": errors})
        return attrs


PRODUCT_SLUG = OpenApiParameter(
    "product_slug", str, OpenApiParameter.PATH, description="Identifiant d’adresse du produit"
)


@extend_schema_view(
    list=extend_schema(
        summary="Lister les autodiagnostics d’un produit, du plus récent au plus ancien",
        description="Tout agent connecté les lit. Chaque réponse vaut 100 (oui), 50 (en partie) ou 0 (non).",
        parameters=[PRODUCT_SLUG, OpenApiParameter("role", str, description="Filtre par rôle")],
    ),
    retrieve=extend_schema(
        summary="Lire un autodiagnostic",
        parameters=[PRODUCT_SLUG, OpenApiParameter("id", int, OpenApiParameter.PATH)],
    ),
    create=extend_schema(
        summary="Répondre à l’autodiagnostic d’un rôle (personne qui tient ce rôle sur le produit)",
        description=(
            "Réservé à qui tient aujourd’hui le rôle sur le produit (403 sinon, et pour un produit archivé). "
            "Chaque question du rôle reçoit une réponse et une seule : les clés des questions figurent dans "
            "/api/v1/roles/. Les erreurs sont rendues par clé de question dans errors.answers."
        ),
        parameters=[PRODUCT_SLUG],
        request=SelfAssessmentInputSerializer,
        responses={201: SelfAssessmentSerializer},
    ),
)
class ProductSelfAssessmentViewSet(
    ProductScopedAPIMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Self-assessments of one product. They are kept as answered: no update, no delete."""

    serializer_class = SelfAssessmentSerializer
    filterset_class = SelfAssessmentFilter
    lookup_value_regex = r"\d+"
    write_refusal = "Seules les personnes qui tiennent un rôle sur ce produit répondent à ses autodiagnostics."
    archived_refusal = "Ce produit est archivé : ses autodiagnostics sont clos."

    def may_write(self, request: Request, product: Product | None, obj=None) -> bool:
        # A self-assessment speaks for its respondent: members answer, administrators do not.
        return bool(held_roles(request.user, product))

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation: no product in the URL
            return SelfAssessment.objects.none()
        return SelfAssessment.objects.filter(product=self.product).with_answers().newest_first()

    def create(self, request: Request, *args, **kwargs) -> Response:
        product = self.product  # the guard let in a member of the team; now the role they answer for
        role = request.data.get("role") if hasattr(request.data, "get") else None
        if role in Role.values and respondent_for(request.user, product, role) is None:
            raise PermissionDenied(
                f"Vous ne tenez pas le rôle « {Role(role).label} » sur ce produit : "
                "seules les personnes qui le tiennent répondent à son autodiagnostic."
            )
        serializer = SelfAssessmentInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        respondent = respondent_for(request.user, product, data["role"])
        if respondent is None:  # the role changed hands meanwhile
            raise PermissionDenied("Seules les personnes qui tiennent ce rôle répondent à son autodiagnostic.")
        assessment = services.submit_self_assessment(
            product=product,
            role=data["role"],
            respondent=respondent,
            answers=data["answers"],
            answered_on=data.get("answered_on"),
            user=request.user,
        )
        assessment = self.get_queryset().get(pk=assessment.pk)
        return Response(self.get_serializer(assessment).data, status=status.HTTP_201_CREATED)
