"""A product's compliance record: RGPD processing activities, RGAA audits and statement, RGS
homologation, RGESN declaration, and the evidence attached to each.

Every record keeps its history (who changed what, when). The states shown to people (done, due
soon, lapsed, missing) are never stored: `states.py` derives them from these facts and a date.
"""

from __future__ import annotations

import uuid
from decimal import Decimal
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from equipage.core import french
from equipage.core.french import de
from equipage.registry.models import Product

from . import standards


def _not_in_future(errors: dict, field: str, value, label: str) -> None:
    if value and value > timezone.localdate():
        errors[field] = f"{label} ne peut pas être dans le futur."


class LegalBasis(models.TextChoices):
    """The lawful bases of a processing (RGPD, article 6)."""

    CONSENT = "consentement", "Consentement"
    CONTRACT = "contrat", "Exécution d’un contrat"
    LEGAL_OBLIGATION = "obligation_legale", "Obligation légale"
    VITAL_INTERESTS = "interets_vitaux", "Sauvegarde des intérêts vitaux"
    PUBLIC_TASK = "mission_publique", "Mission d’intérêt public"
    LEGITIMATE_INTERESTS = "interet_legitime", "Intérêt légitime"


class CnilFormality(models.TextChoices):
    NONE = "aucune", "Aucune"
    REGULATORY_ACT = "acte_reglementaire", "Avis de la CNIL sur un acte réglementaire"
    AUTHORISATION = "autorisation", "Autorisation de la CNIL"
    REFERENCE_FRAMEWORK = "referentiel", "Déclaration de conformité à un référentiel"
    OTHER = "autre", "Autre formalité"


def aipd_outcome(
    criteria: list[str], types: list[str], override: str = "", sensitive: bool = False
) -> tuple[bool, str]:
    """Whether an AIPD is required, and why: any type of the CNIL's list, or two criteria of the EDPB
    or more; a team's override (justified) prevails. Sensitive data counts as the EDPB's criterion."""
    criteria = set(criteria) | ({"donnees_sensibles"} if sensitive else set())
    if types:
        reason = f"liste de la CNIL : {standards.AIPD_CNIL_TYPES[sorted(types)[0]].lower()}"
        required = True
    elif len(criteria) >= standards.AIPD_CRITERIA_THRESHOLD:
        reason = f"{len(criteria)} critères du CEPD sur 9 (deux ou plus)"
        required = True
    else:
        reason = f"{len(criteria)} critère du CEPD sur 9, aucun type de la liste de la CNIL"
        required = False
    if override == "requise":
        return True, f"décision de l’équipe (le questionnaire donne : {reason})"
    if override == "non_requise":
        return False, f"décision de l’équipe (le questionnaire donne : {reason})"
    return required, reason


class ProcessingActivity(models.Model):
    """One processing of personal data (RGPD), as the ministry's register knows it."""

    product = models.ForeignKey(
        Product, verbose_name="produit", on_delete=models.PROTECT, related_name="processing_activities"
    )
    name = models.CharField("intitulé du traitement", max_length=200)
    purpose = models.TextField("finalité")
    legal_basis = models.CharField("base légale", max_length=30, choices=LegalBasis.choices)
    data_categories = models.TextField("catégories de données", help_text="Par exemple : identité, coordonnées.")
    has_sensitive_data = models.BooleanField(
        "données sensibles", default=False, help_text="Santé, opinions, origine, condamnations, biométrie…"
    )
    retention_period = models.CharField("durée de conservation", max_length=200)
    recipients = models.TextField("destinataires", blank=True)
    in_ministry_register = models.BooleanField("inscrit au registre du ministère", default=False)
    # Article 30 of the RGPD.
    controller_name = models.CharField("responsable du traitement", max_length=200, blank=True)
    controller_contact = models.CharField("coordonnées du responsable du traitement", max_length=300, blank=True)
    dpo_name = models.CharField("délégué à la protection des données (DPO)", max_length=200, blank=True)
    dpo_contact = models.CharField("coordonnées du DPO", max_length=300, blank=True)
    data_subjects = models.TextField(
        "catégories de personnes concernées", blank=True, help_text="Par exemple : usagers, agents instructeurs."
    )
    transfers_outside_eu = models.BooleanField("transferts hors de l’Union européenne", default=False)
    transfer_countries = models.CharField(
        "pays ou organisations destinataires des transferts", max_length=300, blank=True
    )
    transfer_safeguards = models.TextField(
        "garanties des transferts", blank=True, help_text="Décision d’adéquation, clauses contractuelles types…"
    )
    security_measures = models.TextField("mesures de sécurité techniques et organisationnelles", blank=True)
    # AIPD questionnaire (RGPD article 35; see standards.py).
    aipd_criteria = models.JSONField("critères du CEPD remplis", default=list, blank=True)
    aipd_cnil_types = models.JSONField("types de la liste de la CNIL", default=list, blank=True)
    aipd_assessed_on = models.DateField("questionnaire AIPD rempli le", null=True, blank=True)
    aipd_override = models.CharField(
        "décision de l’équipe",
        max_length=12,
        choices=[("", "Suivre le questionnaire"), ("requise", "AIPD requise"), ("non_requise", "AIPD non requise")],
        default="",
        blank=True,
    )
    aipd_override_justification = models.TextField("justification de la décision de l’équipe", blank=True)
    aipd_reason = models.CharField("motif", max_length=500, blank=True, editable=False)
    impact_assessment_required = models.BooleanField("analyse d’impact (AIPD) requise", default=False)
    impact_assessment_done_on = models.DateField("AIPD réalisée le", null=True, blank=True)
    dpo_opinion = models.TextField("avis du DPO", blank=True)
    dpo_opinion_on = models.DateField("avis du DPO rendu le", null=True, blank=True)
    cnil_formality = models.CharField(
        "formalité CNIL", max_length=30, choices=CnilFormality.choices, default=CnilFormality.NONE
    )
    cnil_reference = models.CharField("référence de la formalité CNIL", max_length=120, blank=True)
    created_at = models.DateTimeField("créé le", auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "traitement de données personnelles"
        verbose_name_plural = "traitements de données personnelles"
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors: dict[str, str] = {}
        _not_in_future(errors, "impact_assessment_done_on", self.impact_assessment_done_on, "La date de l’AIPD")
        _not_in_future(errors, "dpo_opinion_on", self.dpo_opinion_on, "La date de l’avis du DPO")
        if self.cnil_formality and self.cnil_formality != CnilFormality.NONE and not self.cnil_reference.strip():
            errors["cnil_reference"] = "Indiquez la référence de la formalité CNIL (numéro de délibération ou d’avis)."
        if self.transfers_outside_eu and not (self.transfer_countries.strip() and self.transfer_safeguards.strip()):
            errors["transfer_safeguards"] = "Un transfert hors de l’Union indique les pays et ses garanties."
        criteria = self.aipd_criteria if isinstance(self.aipd_criteria, list) else None
        types = self.aipd_cnil_types if isinstance(self.aipd_cnil_types, list) else None
        if criteria is None or any(code not in standards.AIPD_EDPB_CRITERIA for code in criteria):
            errors["aipd_criteria"] = "Critère inconnu : choisissez parmi les neuf critères du CEPD."
        if types is None or any(code not in standards.AIPD_CNIL_TYPES for code in types):
            errors["aipd_cnil_types"] = "Type inconnu : choisissez dans la liste de la CNIL."
        _not_in_future(errors, "aipd_assessed_on", self.aipd_assessed_on, "La date du questionnaire")
        if self.aipd_override and not self.aipd_override_justification.strip():
            errors["aipd_override_justification"] = "Justifiez la décision de l’équipe qui s’écarte du questionnaire."
        if self.aipd_override not in ("", "requise", "non_requise"):
            errors["aipd_override"] = "Choisissez « AIPD requise », « AIPD non requise » ou le questionnaire."
        if errors:
            raise ValidationError(errors)
        self.impact_assessment_required, self.aipd_reason = aipd_outcome(
            criteria, types, self.aipd_override, self.has_sensitive_data
        )

    @property
    def impact_assessment_missing(self) -> bool:
        return self.impact_assessment_required and self.impact_assessment_done_on is None


class AuditType(models.TextChoices):
    """Ara's audit types (see standards.py): only a complete audit gives a declared status."""

    COMPLETE = "complet", "Audit complet (106 critères)"
    COMPLEMENTARY = "complementaire", "Audit complémentaire (50 critères)"
    FAST = "rapide", "Audit rapide (25 critères)"


AUDIT_TYPE_CRITERIA = {
    AuditType.COMPLETE: standards.RGAA_CRITERIA,
    AuditType.COMPLEMENTARY: standards.RGAA_COMPLEMENTARY_CRITERIA,
    AuditType.FAST: standards.RGAA_FAST_CRITERIA,
}


class AuditorKind(models.TextChoices):
    INTERNAL = "interne", "Interne (auto-évaluation)"
    EXTERNAL = "externe", "Externe (prestataire ou organisme tiers)"


class CriterionResult(models.TextChoices):
    """A criterion's result on one page of the sample, with Ara's codes."""

    COMPLIANT = "C", "Conforme"
    NOT_COMPLIANT = "NC", "Non conforme"
    NOT_APPLICABLE = "NA", "Non applicable"
    NOT_TESTED = "NT", "Non testé"


class RateSource(models.TextChoices):
    COMPUTED = "calcule", "Calculé à partir des résultats par critère"
    ENTERED = "saisi", "Taux saisi seul (sans résultats par critère)"


def criterion_outcome(statuses: list[str]) -> str:
    """A criterion's result over the sample (RGAA 4.1.2, méthode — « taux de conformité »): not compliant
    when not compliant on one page; not applicable when not applicable on every page; compliant when
    compliant or not applicable on every page; not tested otherwise."""
    if CriterionResult.NOT_COMPLIANT in statuses:
        return CriterionResult.NOT_COMPLIANT
    if CriterionResult.NOT_TESTED in statuses:
        return CriterionResult.NOT_TESTED
    if all(status == CriterionResult.NOT_APPLICABLE for status in statuses):
        return CriterionResult.NOT_APPLICABLE
    return CriterionResult.COMPLIANT


def conformity_rate_of(results: dict[str, list[str]]) -> Decimal | None:
    """Met criteria over applicable criteria (met + not met), in %, two decimals; None without any."""
    outcomes = [criterion_outcome(statuses) for statuses in results.values()]
    met = outcomes.count(CriterionResult.COMPLIANT)
    applicable = met + outcomes.count(CriterionResult.NOT_COMPLIANT)
    if not applicable:
        return None
    return (Decimal(100) * met / applicable).quantize(Decimal("0.01"))


def _criterion_key(criterion: str) -> tuple[int, ...]:
    return tuple(int(part) for part in criterion.split("."))


class AccessibilityAudit(models.Model):
    """An RGAA audit of the product: its type, sample and, when given, each criterion's result per page.

    With results, the rate is computed from them (`rate_source` « calculé »); without, it is the bare
    rate of the report, marked as such (« saisi »).
    """

    product = models.ForeignKey(
        Product, verbose_name="produit", on_delete=models.PROTECT, related_name="accessibility_audits"
    )
    audited_on = models.DateField("date de l’audit")
    audit_type = models.CharField("type d’audit", max_length=20, choices=AuditType.choices, default=AuditType.COMPLETE)
    auditor = models.CharField("auditeur", max_length=200, help_text="Organisme ou personne qui a réalisé l’audit.")
    auditor_kind = models.CharField(
        "audit interne ou externe", max_length=10, choices=AuditorKind.choices, default=AuditorKind.EXTERNAL
    )
    rgaa_version = models.CharField("version du RGAA", max_length=20, default=standards.RGAA_VERSION)
    pages = models.JSONField(
        "pages de l’échantillon", default=list, blank=True, help_text="Liste de pages : nom et adresse de chacune."
    )
    results = models.JSONField(
        "résultats par critère",
        default=dict,
        blank=True,
        help_text="Pour chaque critère (« 1.1 »…), son résultat sur chaque page de l’échantillon : C, NC, NA ou NT.",
    )
    rate_source = models.CharField(
        "origine du taux", max_length=10, choices=RateSource.choices, default=RateSource.ENTERED, editable=False
    )
    conformity_rate = models.DecimalField(
        "taux de conformité (%)",
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[
            MinValueValidator(Decimal(0), "Le taux de conformité est compris entre 0 et 100 %%."),
            MaxValueValidator(Decimal(100), "Le taux de conformité est compris entre 0 et 100 %%."),
        ],
        help_text="Part des critères applicables respectés, entre 0 et 100 ; calculé quand les résultats sont donnés.",
    )
    notes = models.TextField("remarques", blank=True)
    created_at = models.DateTimeField("créé le", auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "audit d’accessibilité"
        verbose_name_plural = "audits d’accessibilité"
        ordering = ["-audited_on", "-pk"]

    def __str__(self) -> str:
        return f"Audit RGAA {self.rgaa_version} du {french.date(self.audited_on)}"

    @property
    def is_complete(self) -> bool:
        return self.audit_type == AuditType.COMPLETE

    @property
    def has_results(self) -> bool:
        return bool(self.results)

    @property
    def rate_is_bare(self) -> bool:
        return not self.has_results

    def outcomes(self) -> list[tuple[str, str]]:
        """Each criterion with its result over the sample, in the RGAA's order."""
        return [
            (criterion, criterion_outcome(self.results[criterion]))
            for criterion in sorted(self.results, key=_criterion_key)
        ]

    def non_compliant_criteria(self) -> list[str]:
        return [criterion for criterion, outcome in self.outcomes() if outcome == CriterionResult.NOT_COMPLIANT]

    def clean(self) -> None:
        errors: dict[str, str] = {}
        _not_in_future(errors, "audited_on", self.audited_on, "La date de l’audit")
        if self.rgaa_version and self.rgaa_version not in standards.RGAA_VERSIONS:
            errors["rgaa_version"] = (
                f"Version du RGAA inconnue : indiquez l’une de {', '.join(standards.RGAA_VERSIONS)}."
            )
        pages = self.pages if isinstance(self.pages, list) else None
        if pages is None or any(not isinstance(page, dict) or not str(page.get("name", "")).strip() for page in pages):
            errors["pages"] = "Chaque page de l’échantillon a un nom (et, si possible, une adresse)."
            pages = []
        if self.results:
            errors.update(self._clean_results(pages))
        elif self.conformity_rate is None:
            errors["conformity_rate"] = "Indiquez le taux de conformité, ou les résultats par critère."
        if errors:
            raise ValidationError(errors)
        if self.results:
            self.conformity_rate = conformity_rate_of(self.results)
            self.rate_source = RateSource.COMPUTED
        else:
            self.rate_source = RateSource.ENTERED

    def _clean_results(self, pages: list) -> dict[str, str]:
        if not isinstance(self.results, dict):
            return {"results": "Les résultats sont une table critère → résultats par page."}
        if not pages:
            return {"pages": "Indiquez les pages de l’échantillon auxquelles les résultats se rapportent."}
        expected = AUDIT_TYPE_CRITERIA.get(self.audit_type, ())
        given = set(self.results)
        if given != set(expected):
            missing = sorted(set(expected) - given, key=_criterion_key)
            extra = sorted(given - set(expected), key=str)
            detail = []
            if missing:
                detail.append(f"manquent {', '.join(missing[:8])}{'…' if len(missing) > 8 else ''}")
            if extra:
                detail.append(f"en trop {', '.join(extra[:8])}{'…' if len(extra) > 8 else ''}")
            label = AuditType(self.audit_type).label if self.audit_type in AuditType.values else self.audit_type
            return {"results": f"Les critères ne correspondent pas au type d’audit ({label}) : {' ; '.join(detail)}."}
        allowed = set(CriterionResult.values)
        for criterion, statuses in self.results.items():
            if not isinstance(statuses, list) or len(statuses) != len(pages):
                return {
                    "results": f"Le critère {criterion} doit avoir un résultat pour chacune des {len(pages)} pages."
                }
            if any(status not in allowed for status in statuses):
                return {"results": f"Résultat inconnu pour le critère {criterion} : utilisez C, NC, NA ou NT."}
        if conformity_rate_of(self.results) is None:
            return {"results": "Aucun critère applicable : le taux de conformité ne peut pas être calculé."}
        return {}


class AccessibilityRecord(models.Model):
    """The product's accessibility statement and its multi-year plan (one per product)."""

    product = models.OneToOneField(
        Product, verbose_name="produit", on_delete=models.PROTECT, related_name="accessibility_record"
    )
    statement_url = models.URLField("adresse de la déclaration d’accessibilité", blank=True)
    statement_date = models.DateField("date de la déclaration", null=True, blank=True)
    multi_year_plan_url = models.URLField("adresse du schéma pluriannuel", blank=True)
    multi_year_plan_start = models.DateField("début du schéma pluriannuel", null=True, blank=True)
    action_plan_url = models.URLField("adresse du plan d’actions de l’année", blank=True)
    action_plan_year = models.PositiveSmallIntegerField("année du plan d’actions", null=True, blank=True)
    # The statement's mentions (arrêté du 20 septembre 2019, see standards.py).
    audit = models.ForeignKey(
        AccessibilityAudit,
        verbose_name="audit sur lequel repose la déclaration",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Par défaut, le dernier audit complet.",
    )
    non_compliant_content = models.TextField(
        "contenus non accessibles : non-conformités",
        blank=True,
        help_text="Les non-conformités constatées, en termes compréhensibles par les usagers.",
    )
    disproportionate_burden = models.TextField("dérogations pour charge disproportionnée", blank=True)
    exempt_content = models.TextField(
        "contenus non soumis à l’obligation d’accessibilité", blank=True, help_text="Par exemple : cartes, archives."
    )
    technologies = models.CharField(
        "technologies utilisées", max_length=300, blank=True, help_text="HTML, CSS, JavaScript…"
    )
    test_environment = models.TextField(
        "environnement de test", blank=True, help_text="Navigateurs et technologies d’assistance utilisés."
    )
    tools = models.CharField("outils d’évaluation", max_length=300, blank=True)
    contact_email = models.EmailField("courriel de contact", blank=True)
    contact_form_url = models.URLField("formulaire de contact", blank=True)
    substantial_change_on = models.DateField(
        "dernière modification substantielle du service",
        null=True,
        blank=True,
        help_text="Une modification substantielle après la déclaration la rend à mettre à jour.",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "déclaration d’accessibilité"
        verbose_name_plural = "déclarations d’accessibilité"

    def __str__(self) -> str:
        return f"Accessibilité {de(self.product)}"

    def clean(self) -> None:
        errors: dict[str, str] = {}
        _not_in_future(errors, "statement_date", self.statement_date, "La date de la déclaration")
        if self.statement_date and not self.statement_url:
            errors["statement_url"] = "Indiquez l’adresse de la déclaration publiée."
        _not_in_future(errors, "substantial_change_on", self.substantial_change_on, "La date de la modification")
        if self.audit_id and self.audit.product_id != self.product_id:
            errors["audit"] = "Choisissez un audit de ce produit."
        if self.action_plan_year and not 2000 <= self.action_plan_year <= timezone.localdate().year + 1:
            errors["action_plan_year"] = "Indiquez une année entre 2000 et l’an prochain."
        if errors:
            raise ValidationError(errors)


class RenewalTrigger(models.TextChoices):
    NONE = "", "Aucun"
    MAJOR_VERSION = "version_majeure", "Nouvelle version majeure"
    HOSTING_CHANGE = "changement_hebergement", "Changement d’hébergement"
    OTHER = "autre", "Autre évolution notable"


class SecurityNeeds(models.TextChoices):
    BASIC = "basiques", "Basiques"
    MODERATE = "moderes", "Modérés"
    ADVANCED = "avances", "Avancés"


class HomologationDecision(models.TextChoices):
    NONE = "", "Pas encore de décision"
    GRANTED = "homologuee", "Homologation prononcée"
    REFUSED = "refusee", "Homologation refusée"


ExemptionCase = models.TextChoices(
    "ExemptionCase",
    [("NONE", ("", "Pas de dispense"))]
    + [(code.upper(), (code, label)) for code, (label, _months) in standards.HOMOLOGATION_EXEMPTION_CASES.items()],
)


class Homologation(models.Model):
    """The product's security homologation (one per product; its history keeps earlier decisions),
    in the four steps of the ANSSI's 2025 guide (see standards.py): needs, risk analysis, measures
    (`SecurityMeasure`), opinions (`HomologationOpinion`) and the authority's decision — or an
    exemption under the arrêté of 31 July 2025."""

    product = models.OneToOneField(
        Product, verbose_name="produit", on_delete=models.PROTECT, related_name="homologation"
    )
    owner = models.ForeignKey(
        "people.Person",
        verbose_name="responsable de la démarche",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Reçoit les rappels avant l’expiration, avec le RSSI du produit.",
    )
    started_on = models.DateField("démarche engagée le", null=True, blank=True)
    # Step 1: needs.
    security_needs = models.CharField("besoins de sécurité", max_length=10, choices=SecurityNeeds.choices, blank=True)
    # Step 2: risk analysis.
    risk_analysis_on = models.DateField("analyse de risques du", null=True, blank=True)
    risk_analysis_method = models.CharField(
        "méthode de l’analyse de risques",
        max_length=200,
        blank=True,
        help_text="Proportionnée aux besoins : par exemple, analyse simplifiée, EBIOS Risk Manager.",
    )
    # Step 4: decision.
    authority = models.CharField(
        "autorité d’homologation", max_length=200, blank=True, help_text="La personne qui prononce la décision."
    )
    authority_function = models.CharField("fonction de l’autorité", max_length=200, blank=True)
    decision = models.CharField(
        "décision", max_length=12, choices=HomologationDecision.choices, default=HomologationDecision.NONE, blank=True
    )
    decision_date = models.DateField("date de la décision", null=True, blank=True)
    validity_months = models.PositiveSmallIntegerField(
        "durée de validité",
        null=True,
        blank=True,
        choices=[(months, f"{months} mois") for months in standards.HOMOLOGATION_VALIDITY_MONTHS],
        help_text="6, 12, 24 ou 36 mois, comme dans MonServiceSécurisé.",
    )
    valid_until = models.DateField("valable jusqu’au", null=True, blank=True, help_text="Calculée depuis la durée.")
    conditions = models.TextField("conditions attachées à la décision", blank=True)
    renewal_trigger = models.CharField(
        "évènement appelant une nouvelle homologation",
        max_length=30,
        choices=RenewalTrigger.choices,
        default=RenewalTrigger.NONE,
        blank=True,
    )
    renewal_trigger_on = models.DateField("évènement survenu le", null=True, blank=True)
    # Exemption (dispense), arrêté du 31 juillet 2025.
    exemption_case = models.CharField(
        "cas de dispense", max_length=30, choices=ExemptionCase.choices, default="", blank=True
    )
    exemption_justification = models.TextField("justification de la dispense", blank=True)
    exemption_granted_on = models.DateField("dispense accordée le", null=True, blank=True)
    exemption_deadline = models.DateField(
        "homologuer au plus tard le", null=True, blank=True, help_text="Quand l’arrêté en fixe une."
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "homologation de sécurité"
        verbose_name_plural = "homologations de sécurité"

    def __str__(self) -> str:
        return f"Homologation {de(self.product)}"

    @property
    def is_refused(self) -> bool:
        return self.decision == HomologationDecision.REFUSED

    @property
    def is_exempted(self) -> bool:
        return bool(self.exemption_case)

    def clean(self) -> None:
        errors: dict[str, str] = {}
        _not_in_future(errors, "decision_date", self.decision_date, "La date de la décision")
        _not_in_future(errors, "risk_analysis_on", self.risk_analysis_on, "La date de l’analyse de risques")
        _not_in_future(errors, "renewal_trigger_on", self.renewal_trigger_on, "La date de l’évènement")
        _not_in_future(errors, "exemption_granted_on", self.exemption_granted_on, "La date de la dispense")
        *first, last = (str(months) for months in standards.HOMOLOGATION_VALIDITY_MONTHS)
        allowed = f"{', '.join(first)} ou {last}"
        if self.validity_months is not None and self.validity_months not in standards.HOMOLOGATION_VALIDITY_MONTHS:
            errors["validity_months"] = f"Durée refusée : une homologation vaut {allowed} mois (MonServiceSécurisé)."
        if self.decision and not self.decision_date:
            errors["decision_date"] = "Indiquez la date de la décision."
        elif self.decision_date and not self.decision:
            self.decision = HomologationDecision.GRANTED
        if self.decision:
            if not self.authority.strip():
                errors["authority"] = "Indiquez l’autorité qui a prononcé la décision."
            if not self.authority_function.strip():
                errors["authority_function"] = "Indiquez la fonction de l’autorité d’homologation."
        if self.decision == HomologationDecision.GRANTED and "validity_months" not in errors:
            if self.validity_months is None:
                errors["validity_months"] = f"Choisissez la durée de validité : {allowed} mois."
            elif self.decision_date:
                self.valid_until = standards.add_months(self.decision_date, self.validity_months)
        elif self.decision == HomologationDecision.REFUSED:
            self.validity_months = None
            self.valid_until = None
        if self.renewal_trigger and not self.renewal_trigger_on:
            errors["renewal_trigger_on"] = "Indiquez la date de l’évènement."
        if self.exemption_case:
            if self.exemption_case not in standards.HOMOLOGATION_EXEMPTION_CASES:
                errors["exemption_case"] = "Cas de dispense inconnu de l’arrêté du 31 juillet 2025."
            if not self.exemption_justification.strip():
                errors["exemption_justification"] = "Justifiez la dispense : pourquoi ce cas s’applique au produit."
            if not self.exemption_granted_on:
                errors["exemption_granted_on"] = "Indiquez la date de la dispense."
            else:
                months = standards.HOMOLOGATION_EXEMPTION_CASES.get(self.exemption_case, ("", None))[1]
                if months and not self.exemption_deadline:
                    self.exemption_deadline = standards.add_months(self.exemption_granted_on, months)
        elif self.exemption_justification.strip() or self.exemption_deadline:
            errors["exemption_case"] = "Choisissez le cas de dispense de l’arrêté du 31 juillet 2025."
        if errors:
            raise ValidationError(errors)


class MeasureStatus(models.TextChoices):
    DONE = "faite", "Faite"
    PARTIAL = "partielle", "Partielle"
    TODO = "a_faire", "À faire"
    NOT_APPLICABLE = "non_applicable", "Non applicable"


class SecurityMeasure(models.Model):
    """A security measure of the homologation file (step 3), with its status and owner."""

    product = models.ForeignKey(
        Product, verbose_name="produit", on_delete=models.PROTECT, related_name="security_measures"
    )
    title = models.CharField("mesure", max_length=200)
    status = models.CharField("statut", max_length=20, choices=MeasureStatus.choices, default=MeasureStatus.TODO)
    owner = models.CharField("responsable", max_length=200, blank=True)
    due_on = models.DateField("échéance", null=True, blank=True)
    notes = models.TextField("remarques", blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "mesure de sécurité"
        verbose_name_plural = "mesures de sécurité"
        ordering = ["title", "pk"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.status in (MeasureStatus.TODO, MeasureStatus.PARTIAL) and not self.owner.strip():
            raise ValidationError({"owner": "Une mesure à faire ou partielle a un responsable."})


class OpinionVerdict(models.TextChoices):
    FAVOURABLE = "favorable", "Favorable"
    RESERVATIONS = "reserves", "Favorable avec réserves"
    UNFAVOURABLE = "defavorable", "Défavorable"


class HomologationOpinion(models.Model):
    """An opinion given before the decision (step 4): the RSSI, the DPO, the commission…"""

    product = models.ForeignKey(
        Product, verbose_name="produit", on_delete=models.PROTECT, related_name="homologation_opinions"
    )
    author = models.CharField("auteur de l’avis", max_length=200, help_text="Nom et fonction.")
    verdict = models.CharField("avis", max_length=12, choices=OpinionVerdict.choices)
    given_on = models.DateField("rendu le")
    reservations = models.TextField("réserves ou motifs", blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "avis d’homologation"
        verbose_name_plural = "avis d’homologation"
        ordering = ["-given_on", "-pk"]

    def __str__(self) -> str:
        return f"Avis {self.get_verdict_display().lower()} de {self.author}"

    def clean(self) -> None:
        errors: dict[str, str] = {}
        _not_in_future(errors, "given_on", self.given_on, "La date de l’avis")
        if self.verdict in (OpinionVerdict.RESERVATIONS, OpinionVerdict.UNFAVOURABLE) and not self.reservations.strip():
            errors["reservations"] = "Indiquez les réserves ou les motifs de l’avis."
        if errors:
            raise ValidationError(errors)


class HomologationReminder(models.Model):
    """A reminder sent before a decision's expiry: one per decision and step of the ladder."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="+")
    valid_until = models.DateField()
    months_before = models.PositiveSmallIntegerField()
    sent_on = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["product", "valid_until", "months_before"], name="one_reminder_per_step")
        ]

    def __str__(self) -> str:
        return f"Rappel à {self.months_before} mois de l’expiration du {french.date(self.valid_until)}"


class EcodesignDeclaration(models.Model):
    """The product's RGESN eco-design declaration (one per product)."""

    product = models.OneToOneField(
        Product, verbose_name="produit", on_delete=models.PROTECT, related_name="ecodesign_declaration"
    )
    declared_on = models.DateField("date de la déclaration", null=True, blank=True)
    url = models.URLField("adresse de la déclaration", blank=True)
    rgesn_version = models.CharField("version du RGESN", max_length=20, default=standards.RGESN_VERSION)
    criteria_assessed = models.PositiveSmallIntegerField("critères évalués", null=True, blank=True)
    criteria_met = models.PositiveSmallIntegerField("critères satisfaits", null=True, blank=True)
    criteria_not_applicable = models.PositiveSmallIntegerField("critères non applicables", null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "déclaration d’écoconception"
        verbose_name_plural = "déclarations d’écoconception"

    def __str__(self) -> str:
        return f"Écoconception {de(self.product)}"

    def clean(self) -> None:
        errors: dict[str, str] = {}
        _not_in_future(errors, "declared_on", self.declared_on, "La date de la déclaration")
        total = standards.RGESN_CRITERIA_COUNT
        assessed = self.criteria_assessed
        if assessed is not None and assessed > total:
            errors["criteria_assessed"] = f"Le RGESN {standards.RGESN_VERSION} compte {total} critères au plus."
        elif assessed is not None and (self.criteria_met or 0) + (self.criteria_not_applicable or 0) > assessed:
            errors["criteria_met"] = (
                "Les critères satisfaits et non applicables ne peuvent dépasser les critères évalués."
            )
        if self.declared_on and assessed is None:
            errors["criteria_assessed"] = "Indiquez le nombre de critères évalués."
        if errors:
            raise ValidationError(errors)

    @property
    def score(self) -> int | None:
        """Share of the applicable assessed criteria that are met, in %."""
        if not self.criteria_assessed:
            return None
        applicable = self.criteria_assessed - (self.criteria_not_applicable or 0)
        return round(100 * (self.criteria_met or 0) / applicable) if applicable > 0 else None


class RecordKind(models.TextChoices):
    """What an evidence document is attached to; the slug appears in upload addresses."""

    PROCESSING = "traitement", "Traitement de données"
    AUDIT = "audit", "Audit d’accessibilité"
    ACCESSIBILITY = "accessibilite", "Déclaration d’accessibilité"
    HOMOLOGATION = "homologation", "Homologation de sécurité"
    MEASURE = "mesure", "Mesure de sécurité"
    OPINION = "avis", "Avis d’homologation"
    ECODESIGN = "ecoconception", "Déclaration d’écoconception"


RECORD_MODELS: dict[str, type[models.Model]] = {
    RecordKind.PROCESSING: ProcessingActivity,
    RecordKind.AUDIT: AccessibilityAudit,
    RecordKind.ACCESSIBILITY: AccessibilityRecord,
    RecordKind.HOMOLOGATION: Homologation,
    RecordKind.MEASURE: SecurityMeasure,
    RecordKind.OPINION: HomologationOpinion,
    RecordKind.ECODESIGN: EcodesignDeclaration,
}


def evidence_path(instance: Evidence, filename: str) -> str:
    """Stored under a random name: the original name is kept in the database, never in the path."""
    suffix = PurePosixPath(filename).suffix.lower()
    return f"conformite/{instance.product_id}/{uuid.uuid4().hex}{suffix}"


class Evidence(models.Model):
    """A document proving a compliance record (audit report, homologation decision, AIPD…).

    Stored through Django's default storage, never public: served by a permission-checked view only.
    """

    product = models.ForeignKey(
        Product, verbose_name="produit", on_delete=models.PROTECT, related_name="compliance_evidence"
    )
    record_kind = models.CharField("pièce de", max_length=20, choices=RecordKind.choices)
    record_id = models.PositiveBigIntegerField("identifiant de l’élément")
    file = models.FileField("fichier", upload_to=evidence_path, max_length=255)
    original_name = models.CharField("nom du fichier", max_length=255)
    size = models.PositiveBigIntegerField("taille (octets)")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="déposé par", on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField("déposé le", auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "pièce justificative"
        verbose_name_plural = "pièces justificatives"
        ordering = ["-uploaded_at", "-pk"]
        indexes = [models.Index(fields=["product", "record_kind", "record_id"])]

    def __str__(self) -> str:
        return self.original_name


class StoredAreaStates(models.Model):
    """A product's compliance state per area as `states.py` last derived it, for the heat map.

    Derived data, rewritten with the vigilance findings (`equipage/checks/store.py`) whenever a
    write changes the product's compliance records or the product, and every day by
    `manage.py refresh_findings` (states depend on the date). Never edited by hand, so no history.
    """

    product = models.OneToOneField(
        Product, on_delete=models.CASCADE, primary_key=True, related_name="compliance_states"
    )
    rgpd_status = models.CharField(max_length=20)
    rgpd_reasons = models.JSONField(default=list)
    rgpd_non_conforming = models.BooleanField(default=False)
    rgaa_status = models.CharField(max_length=20)
    rgaa_reasons = models.JSONField(default=list)
    rgaa_non_conforming = models.BooleanField(default=False)
    rgs_status = models.CharField(max_length=20)
    rgs_reasons = models.JSONField(default=list)
    rgs_non_conforming = models.BooleanField(default=False)
    rgesn_status = models.CharField(max_length=20)
    rgesn_reasons = models.JSONField(default=list)
    rgesn_non_conforming = models.BooleanField(default=False)
    worst = models.CharField("état le plus urgent", max_length=20)
    urgency = models.PositiveSmallIntegerField(
        "rang d’urgence", help_text="les rangs d’urgence des quatre domaines, triés, lus en base 5"
    )
    computed_on = models.DateField("calculé pour le")

    class Meta:
        verbose_name = "états de conformité calculés"
        verbose_name_plural = "états de conformité calculés"
        indexes = [models.Index(fields=["urgency"], name="compliance_states_urgency")]

    def __str__(self) -> str:
        return f"{self.product_id}: {self.worst}"
