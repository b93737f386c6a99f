"""API of a product's compliance record, under /api/v1/products/<slug>/compliance/.

Every signed-in agent reads; the product's editors write, with the same validation as the pages
(the models' `clean`). Evidence files are not served by the API: their download stays in the
permission-checked page view.
"""

from __future__ import annotations

import copy

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import generics, serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from equipage.registry.guards import ProductScopedAPIMixin

from . import standards
from .models import (
    AccessibilityAudit,
    AccessibilityRecord,
    EcodesignDeclaration,
    Homologation,
    HomologationOpinion,
    ProcessingActivity,
    SecurityMeasure,
)
from .permissions import can_edit_data_protection, can_edit_security
from .selectors import accessibility_status_from_facts, area_owners, load_facts
from .states import Area, accessibility_declaration, homologation_state, homologation_steps, statement_state


class ProductScopedMixin(ProductScopedAPIMixin):
    """The product guard (`registry.guards`), with compliance's archived refusal and the product in serializers."""

    archived_refusal = "Ce produit est archivé : restaurez-le avant de modifier sa conformité."

    def get_serializer_context(self) -> dict:
        return {**super().get_serializer_context(), "product": self.product}


class SecurityScopedMixin(ProductScopedMixin):
    """Routes of the homologation file: the product's editors and its RSSI write."""

    write_refusal = "Seuls les éditeurs et le RSSI du produit modifient son homologation."

    def may_write(self, request, product, obj=None) -> bool:
        return can_edit_security(request.user, product, obj)


class DataProtectionScopedMixin(ProductScopedMixin):
    """Routes of the processing register and the AIPD: the product's editors and its DPO write."""

    write_refusal = "Seuls les éditeurs et le DPO du produit modifient ses traitements de données."

    def may_write(self, request, product, obj=None) -> bool:
        return can_edit_data_protection(request.user, product, obj)


class CleanedModelSerializer(serializers.ModelSerializer):
    """Runs the model's own `clean` on the would-be record, so the API refuses what the pages refuse.

    `computed` names the fields the model's `clean` derives (a validity end, a rate): they are saved too."""

    computed: tuple[str, ...] = ()

    def validate(self, attrs: dict) -> dict:
        candidate = copy.copy(self.instance) if self.instance is not None else self.Meta.model()
        for name, value in attrs.items():
            setattr(candidate, name, value)
        candidate.product = self.context["product"]
        self._candidate = candidate
        try:
            candidate.clean()
        except DjangoValidationError as error:
            raise serializers.ValidationError(
                getattr(error, "message_dict", None) or {"non_field_errors": error.messages}
            ) from error
        for name in self.computed:
            attrs[name] = getattr(candidate, name)
        return attrs


class ProcessingActivitySerializer(CleanedModelSerializer):
    computed = ("impact_assessment_required", "aipd_reason")
    impact_assessment_missing = serializers.BooleanField(read_only=True)
    aipd_criteria = serializers.ListField(
        child=serializers.ChoiceField(choices=list(standards.AIPD_EDPB_CRITERIA)),
        required=False,
        help_text="Critères du CEPD remplis (deux ou plus : AIPD requise).",
    )
    aipd_cnil_types = serializers.ListField(
        child=serializers.ChoiceField(choices=list(standards.AIPD_CNIL_TYPES)),
        required=False,
        help_text="Types de la liste de la CNIL (AIPD toujours requise).",
    )

    class Meta:
        model = ProcessingActivity
        fields = [
            "id",
            "name",
            "purpose",
            "legal_basis",
            "controller_name",
            "controller_contact",
            "dpo_name",
            "dpo_contact",
            "data_subjects",
            "data_categories",
            "has_sensitive_data",
            "recipients",
            "transfers_outside_eu",
            "transfer_countries",
            "transfer_safeguards",
            "retention_period",
            "security_measures",
            "in_ministry_register",
            "aipd_criteria",
            "aipd_cnil_types",
            "aipd_assessed_on",
            "aipd_override",
            "aipd_override_justification",
            "impact_assessment_required",
            "aipd_reason",
            "impact_assessment_done_on",
            "impact_assessment_missing",
            "dpo_opinion",
            "dpo_opinion_on",
            "cnil_formality",
            "cnil_reference",
        ]
        read_only_fields = ["impact_assessment_required", "aipd_reason"]


class AccessibilityAuditSerializer(CleanedModelSerializer):
    computed = ("conformity_rate", "rate_source")  # computed from the results when given
    declared_status = serializers.SerializerMethodField(
        help_text="Statut que cet audit permet de déclarer aujourd’hui : non_conforme pour un audit qui n’est pas "
        "complet ou qui est échu."
    )
    pages = serializers.JSONField(
        required=False, help_text='Pages de l’échantillon : [{"name": "Accueil", "url": "https://…"}, …].'
    )
    results = serializers.JSONField(
        required=False,
        help_text='Résultat de chaque critère sur chaque page, dans l’ordre des pages : {"1.1": ["C", "NA"], …} '
        "(C, NC, NA, NT). Les critères doivent être ceux du type d’audit. Donnés, ils fixent le taux.",
    )

    class Meta:
        model = AccessibilityAudit
        fields = [
            "id",
            "audited_on",
            "audit_type",
            "auditor",
            "auditor_kind",
            "rgaa_version",
            "pages",
            "results",
            "conformity_rate",
            "rate_source",
            "notes",
            "declared_status",
        ]
        read_only_fields = ["rate_source"]

    def get_declared_status(self, audit: AccessibilityAudit) -> str:
        return accessibility_declaration([audit], timezone.localdate()).status.value


class AccessibilityRecordSerializer(CleanedModelSerializer):
    class Meta:
        model = AccessibilityRecord
        fields = [
            "statement_url",
            "statement_date",
            "audit",
            "non_compliant_content",
            "disproportionate_burden",
            "exempt_content",
            "technologies",
            "test_environment",
            "tools",
            "contact_email",
            "contact_form_url",
            "substantial_change_on",
            "multi_year_plan_url",
            "multi_year_plan_start",
            "action_plan_url",
            "action_plan_year",
        ]

    def get_fields(self):
        fields = super().get_fields()
        product = self.context.get("product")
        if "audit" in fields and product is not None:
            fields["audit"].queryset = AccessibilityAudit.objects.filter(product=product)
        return fields


class HomologationStepSerializer(serializers.Serializer):
    code = serializers.CharField()
    title = serializers.CharField()
    state = serializers.CharField(help_text="a_faire, en_cours ou faite.")
    evidence = serializers.CharField()


class HomologationSerializer(CleanedModelSerializer):
    computed = ("decision", "validity_months", "valid_until", "exemption_deadline")
    state = serializers.SerializerMethodField(
        help_text="non_commencee, en_cours, homologuee, expire_bientot, a_renouveler, expiree, refusee, dispensee "
        "ou dispense_echue."
    )
    steps = serializers.SerializerMethodField(help_text="Les quatre étapes du guide de l’ANSSI (2025).")

    class Meta:
        model = Homologation
        fields = [
            "owner",
            "started_on",
            "security_needs",
            "risk_analysis_on",
            "risk_analysis_method",
            "authority",
            "authority_function",
            "decision",
            "decision_date",
            "validity_months",
            "valid_until",
            "conditions",
            "renewal_trigger",
            "renewal_trigger_on",
            "exemption_case",
            "exemption_justification",
            "exemption_granted_on",
            "exemption_deadline",
            "state",
            "steps",
        ]
        read_only_fields = ["valid_until"]
        extra_kwargs = {
            "validity_months": {
                "error_messages": {"invalid_choice": "Durée refusée : une homologation vaut 6, 12, 24 ou 36 mois."}
            },
            "exemption_case": {
                "error_messages": {"invalid_choice": "Cas de dispense inconnu de l’arrêté du 31 juillet 2025."}
            },
        }

    def get_state(self, homologation: Homologation) -> str:
        return homologation_state(homologation if homologation.pk else None, timezone.localdate()).value

    @extend_schema_field(HomologationStepSerializer(many=True))
    def get_steps(self, homologation: Homologation) -> list[dict]:
        product = homologation.product
        steps = homologation_steps(
            homologation if homologation.pk else None,
            list(SecurityMeasure.objects.filter(product=product)),
            list(HomologationOpinion.objects.filter(product=product)),
        )
        return [{"code": s.code, "title": s.title, "state": s.state, "evidence": s.evidence} for s in steps]


class SecurityMeasureSerializer(CleanedModelSerializer):
    class Meta:
        model = SecurityMeasure
        fields = ["id", "title", "status", "owner", "due_on", "notes"]


class HomologationOpinionSerializer(CleanedModelSerializer):
    class Meta:
        model = HomologationOpinion
        fields = ["id", "author", "verdict", "given_on", "reservations"]


class EcodesignDeclarationSerializer(CleanedModelSerializer):
    score = serializers.IntegerField(read_only=True, allow_null=True)

    class Meta:
        model = EcodesignDeclaration
        fields = [
            "declared_on",
            "url",
            "rgesn_version",
            "criteria_assessed",
            "criteria_met",
            "criteria_not_applicable",
            "score",
        ]


# --- Summary ---


class AreaSerializer(serializers.Serializer):
    area = serializers.ChoiceField(choices=Area.choices)
    status = serializers.CharField(help_text="a_jour, a_echeance, echu ou manquant.")
    status_label = serializers.CharField()
    reasons = serializers.ListField(child=serializers.CharField())
    owners = serializers.ListField(child=serializers.CharField(), help_text="Responsables du domaine (matrice).")


class ComplianceSummarySerializer(serializers.Serializer):
    product = serializers.CharField()
    areas = AreaSerializer(many=True)
    accessibility_status = serializers.CharField(
        help_text="totalement_conforme, partiellement_conforme ou non_conforme."
    )
    statement_state = serializers.CharField()
    homologation_state = serializers.CharField()


class ProductComplianceView(ProductScopedMixin, APIView):
    """The state of each compliance area of a product, with its owners."""

    @extend_schema(summary="Lire la synthèse de conformité d’un produit", responses=ComplianceSummarySerializer)
    def get(self, request: Request, slug: str) -> Response:
        product = self.product
        today = timezone.localdate()
        facts = load_facts([product])[product.pk]
        owners = area_owners([product], today)[product.pk]
        payload = {
            "product": product.slug,
            "areas": [
                {
                    "area": area,
                    "status": state.status,
                    "status_label": state.status_label,
                    "reasons": state.reasons,
                    "owners": [str(person) for person in owners[area]],
                }
                for area, state in facts.areas(today).items()
            ],
            "accessibility_status": accessibility_status_from_facts(facts).status,
            "statement_state": statement_state(facts.accessibility, facts.audits, today).value,
            "homologation_state": homologation_state(facts.homologation, today).value,
        }
        return Response(ComplianceSummarySerializer(payload).data)


# --- Records ---


@extend_schema_view(
    get=extend_schema(summary="Lister les traitements de données d’un produit"),
    post=extend_schema(summary="Ajouter un traitement de données (éditeurs)"),
)
class ProcessingActivityListView(DataProtectionScopedMixin, generics.ListCreateAPIView):
    serializer_class = ProcessingActivitySerializer

    def get_queryset(self):
        return ProcessingActivity.objects.filter(product=self.product).order_by("name", "pk")

    def perform_create(self, serializer) -> None:
        with transaction.atomic():
            serializer.save(product=self.product)


@extend_schema_view(
    get=extend_schema(summary="Lire un traitement de données"),
    put=extend_schema(summary="Remplacer un traitement de données (éditeurs)"),
    patch=extend_schema(summary="Modifier un traitement de données (éditeurs)"),
)
class ProcessingActivityDetailView(DataProtectionScopedMixin, generics.RetrieveUpdateAPIView):
    serializer_class = ProcessingActivitySerializer

    def get_queryset(self):
        return ProcessingActivity.objects.filter(product=self.product)


@extend_schema_view(
    get=extend_schema(summary="Lister les audits d’accessibilité d’un produit, du plus récent au plus ancien"),
    post=extend_schema(summary="Enregistrer un audit d’accessibilité (éditeurs)"),
)
class AccessibilityAuditListView(ProductScopedMixin, generics.ListCreateAPIView):
    serializer_class = AccessibilityAuditSerializer

    def get_queryset(self):
        return AccessibilityAudit.objects.filter(product=self.product).order_by("-audited_on", "-pk")

    def perform_create(self, serializer) -> None:
        with transaction.atomic():
            serializer.save(product=self.product)


@extend_schema_view(
    get=extend_schema(summary="Lire un audit d’accessibilité"),
    put=extend_schema(summary="Remplacer un audit d’accessibilité (éditeurs)"),
    patch=extend_schema(summary="Corriger un audit d’accessibilité (éditeurs)"),
)
class AccessibilityAuditDetailView(ProductScopedMixin, generics.RetrieveUpdateAPIView):
    serializer_class = AccessibilityAuditSerializer

    def get_queryset(self):
        return AccessibilityAudit.objects.filter(product=self.product)


class OnePerProductView(ProductScopedMixin, generics.RetrieveUpdateAPIView):
    """A record a product has at most one of: read (blank when none yet), created or changed by PUT/PATCH."""

    model = None

    def get_object(self):
        product = self.product
        return self.model.objects.filter(product=product).first() or self.model(product=product)

    def perform_update(self, serializer) -> None:
        with transaction.atomic():
            serializer.save(product=self.product)


@extend_schema_view(
    get=extend_schema(summary="Lire la déclaration d’accessibilité et le schéma pluriannuel"),
    put=extend_schema(summary="Remplacer la déclaration d’accessibilité (éditeurs)"),
    patch=extend_schema(summary="Modifier la déclaration d’accessibilité (éditeurs)"),
)
class AccessibilityRecordView(OnePerProductView):
    model = AccessibilityRecord
    serializer_class = AccessibilityRecordSerializer


@extend_schema_view(
    get=extend_schema(summary="Lire l’homologation de sécurité (RGS)"),
    put=extend_schema(summary="Remplacer l’homologation de sécurité (éditeurs)"),
    patch=extend_schema(summary="Modifier l’homologation de sécurité (éditeurs)"),
)
class HomologationView(OnePerProductView):
    model = Homologation
    serializer_class = HomologationSerializer
    write_refusal = SecurityScopedMixin.write_refusal

    def may_write(self, request, product, obj=None) -> bool:
        return can_edit_security(request.user, product, obj)


@extend_schema_view(
    get=extend_schema(summary="Lire la déclaration d’écoconception (RGESN)"),
    put=extend_schema(summary="Remplacer la déclaration d’écoconception (éditeurs)"),
    patch=extend_schema(summary="Modifier la déclaration d’écoconception (éditeurs)"),
)
class EcodesignDeclarationView(OnePerProductView):
    model = EcodesignDeclaration
    serializer_class = EcodesignDeclarationSerializer


@extend_schema_view(
    get=extend_schema(summary="Lister les mesures de sécurité du dossier d’homologation"),
    post=extend_schema(summary="Ajouter une mesure de sécurité (éditeurs, RSSI)"),
)
class SecurityMeasureListView(SecurityScopedMixin, generics.ListCreateAPIView):
    serializer_class = SecurityMeasureSerializer

    def get_queryset(self):
        return SecurityMeasure.objects.filter(product=self.product).order_by("title", "pk")

    def perform_create(self, serializer) -> None:
        with transaction.atomic():
            serializer.save(product=self.product)


@extend_schema_view(
    get=extend_schema(summary="Lire une mesure de sécurité"),
    put=extend_schema(summary="Remplacer une mesure de sécurité (éditeurs, RSSI)"),
    patch=extend_schema(summary="Modifier une mesure de sécurité (éditeurs, RSSI)"),
)
class SecurityMeasureDetailView(SecurityScopedMixin, generics.RetrieveUpdateAPIView):
    serializer_class = SecurityMeasureSerializer

    def get_queryset(self):
        return SecurityMeasure.objects.filter(product=self.product)


@extend_schema_view(
    get=extend_schema(summary="Lister les avis rendus avant la décision d’homologation"),
    post=extend_schema(summary="Enregistrer un avis d’homologation (éditeurs, RSSI)"),
)
class HomologationOpinionListView(SecurityScopedMixin, generics.ListCreateAPIView):
    serializer_class = HomologationOpinionSerializer

    def get_queryset(self):
        return HomologationOpinion.objects.filter(product=self.product).order_by("-given_on", "-pk")

    def perform_create(self, serializer) -> None:
        with transaction.atomic():
            serializer.save(product=self.product)


@extend_schema_view(
    get=extend_schema(summary="Lire un avis d’homologation"),
    put=extend_schema(summary="Remplacer un avis d’homologation (éditeurs, RSSI)"),
    patch=extend_schema(summary="Corriger un avis d’homologation (éditeurs, RSSI)"),
)
class HomologationOpinionDetailView(SecurityScopedMixin, generics.RetrieveUpdateAPIView):
    serializer_class = HomologationOpinionSerializer

    def get_queryset(self):
        return HomologationOpinion.objects.filter(product=self.product)
