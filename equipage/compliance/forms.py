from django import forms
from django.utils import timezone
from dsfr.forms import DsfrBaseForm

from equipage.core.forms import MultilineTextField, UploadInput
from equipage.governance.forms import DateInput

from . import standards
from .evidence import ACCEPT_ATTRIBUTE, max_bytes, validate_upload
from .models import (
    AccessibilityAudit,
    AccessibilityRecord,
    AuditorKind,
    EcodesignDeclaration,
    Homologation,
    HomologationOpinion,
    ProcessingActivity,
    SecurityMeasure,
)


class ProcessingActivityForm(DsfrBaseForm, forms.ModelForm):
    """A processing of the register (RGPD article 30) and its AIPD questionnaire (article 35)."""

    aipd_criteria = forms.MultipleChoiceField(
        label="Critères du Comité européen de la protection des données (CEPD) que remplit le traitement",
        choices=list(standards.AIPD_EDPB_CRITERIA.items()),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Deux critères ou plus rendent en général l’AIPD obligatoire.",
    )
    aipd_cnil_types = forms.MultipleChoiceField(
        label="Types de traitement de la liste de la CNIL (AIPD toujours obligatoire)",
        choices=list(standards.AIPD_CNIL_TYPES.items()),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = ProcessingActivity
        fields = [
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
            "impact_assessment_done_on",
            "dpo_opinion",
            "dpo_opinion_on",
            "cnil_formality",
            "cnil_reference",
        ]
        widgets = {
            "impact_assessment_done_on": DateInput(),
            "dpo_opinion_on": DateInput(),
            "aipd_assessed_on": DateInput(),
            "purpose": forms.Textarea(attrs={"rows": 3}),
            "data_subjects": forms.Textarea(attrs={"rows": 2}),
            "data_categories": forms.Textarea(attrs={"rows": 2}),
            "recipients": forms.Textarea(attrs={"rows": 2}),
            "transfer_safeguards": forms.Textarea(attrs={"rows": 2}),
            "security_measures": forms.Textarea(attrs={"rows": 3}),
            "aipd_override_justification": forms.Textarea(attrs={"rows": 2}),
            "dpo_opinion": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {"legal_basis": {"invalid_choice": "Choisissez une base légale de la liste."}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.aipd_assessed_on:
            self.fields["aipd_assessed_on"].initial = timezone.localdate()


def _pages_text(pages: list) -> str:
    return "\n".join(f"{page.get('name', '')} | {page.get('url', '')}".rstrip(" |") for page in pages or [])


class AccessibilityAuditForm(DsfrBaseForm, forms.ModelForm):
    """An audit entered by hand: its type, sample and bare rate (marked « taux saisi »).

    Per-criterion results come from an Ara import or the API."""

    rgaa_version = forms.ChoiceField(
        label="Version du RGAA",
        choices=[(version, version) for version in standards.RGAA_VERSIONS],
        initial=standards.RGAA_VERSION,
        help_text=f"Version en vigueur : {standards.RGAA_VERSION}.",
    )
    pages_text = MultilineTextField(
        label="Pages de l’échantillon",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Une page par ligne : son nom, puis « | » et son adresse. Par exemple : Accueil | https://…",
    )

    class Meta:
        model = AccessibilityAudit
        fields = ["audited_on", "audit_type", "auditor", "auditor_kind", "rgaa_version", "conformity_rate", "notes"]
        widgets = {"audited_on": DateInput(), "notes": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "conformity_rate": "Taux du rapport d’audit, entre 0 et 100 : il sera marqué « taux saisi », faute "
            "de résultats par critère.",
            "audit_type": "Seul un audit complet permet de déclarer un état de conformité.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["conformity_rate"].required = True
        if self.instance.pk:
            self.fields["pages_text"].initial = _pages_text(self.instance.pages)

    def clean_pages_text(self) -> list[dict]:
        pages = []
        for number, line in enumerate(self.cleaned_data["pages_text"].splitlines(), start=1):
            if not line.strip():
                continue
            name, _sep, url = line.partition("|")
            url = url.strip()
            if url and not url.startswith(("http://", "https://")):
                raise forms.ValidationError(f"Ligne {number} : l’adresse doit commencer par https:// ou http://.")
            pages.append({"name": name.strip(), "url": url})
        return pages

    def add_error(self, field, error):
        """The model's errors on its JSON fields belong to this form's page list, or to the whole form."""
        if field is None and hasattr(error, "error_dict"):
            if "pages" in error.error_dict:
                error.error_dict["pages_text"] = error.error_dict.pop("pages")
            if "results" in error.error_dict:
                error.error_dict.setdefault("__all__", []).extend(error.error_dict.pop("results"))
        super().add_error(field, error)

    def _post_clean(self):
        self.instance.pages = self.cleaned_data.get("pages_text", [])
        self.instance.results = {}
        super()._post_clean()


class AraImportForm(DsfrBaseForm):
    file = forms.FileField(
        label="Export JSON d’Ara",
        help_text="Le rapport d’audit au format JSON d’Ara (ara.numerique.gouv.fr), 5 Mo au plus.",
        widget=UploadInput(attrs={"accept": ".json,application/json"}),
        error_messages={"required": "Choisissez le fichier exporté d’Ara.", "empty": "Le fichier est vide."},
    )
    auditor_kind = forms.ChoiceField(
        label="L’audit a été réalisé", choices=AuditorKind.choices, initial=AuditorKind.EXTERNAL
    )


class AccessibilityRecordForm(DsfrBaseForm, forms.ModelForm):
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
        widgets = {
            "statement_date": DateInput(),
            "multi_year_plan_start": DateInput(),
            "substantial_change_on": DateInput(),
            "non_compliant_content": forms.Textarea(attrs={"rows": 4}),
            "disproportionate_burden": forms.Textarea(attrs={"rows": 2}),
            "exempt_content": forms.Textarea(attrs={"rows": 2}),
            "test_environment": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "statement_date": "À mettre à jour après une modification substantielle, au plus tard "
            f"{standards.ACCESSIBILITY_STATEMENT_VALIDITY_YEARS} ans après sa publication, et "
            f"{standards.RGAA_NEW_VERSION_UPDATE_MONTHS} mois après la publication d’une nouvelle version du RGAA.",
            "multi_year_plan_start": f"Un schéma couvre {standards.MULTI_YEAR_PLAN_YEARS} ans au plus.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["audit"].queryset = AccessibilityAudit.objects.filter(product_id=self.instance.product_id)
        self.fields["audit"].empty_label = "Le dernier audit complet"


class HomologationForm(DsfrBaseForm, forms.ModelForm):
    """The homologation file, in the order of the ANSSI's 2025 steps; measures and opinions have their own forms."""

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
            "conditions",
            "renewal_trigger",
            "renewal_trigger_on",
            "exemption_case",
            "exemption_justification",
            "exemption_granted_on",
            "exemption_deadline",
        ]
        widgets = {
            name: DateInput()
            for name in (
                "started_on",
                "risk_analysis_on",
                "decision_date",
                "renewal_trigger_on",
                "exemption_granted_on",
                "exemption_deadline",
            )
        } | {
            "conditions": forms.Textarea(attrs={"rows": 3}),
            "exemption_justification": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "renewal_trigger": "Une nouvelle version majeure ou un changement d’hébergement appellent une nouvelle "
            "homologation.",
            "exemption_case": "Systèmes d’information de l’État : cas de dispense de l’arrêté du 31 juillet 2025.",
            "exemption_deadline": "Calculée depuis le cas de dispense quand l’arrêté fixe un délai ; sinon "
            "facultative.",
        }
        error_messages = {
            "validity_months": {"invalid_choice": "Durée refusée : une homologation vaut 6, 12, 24 ou 36 mois."}
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from equipage.people.models import Person

        team = Person.objects.filter(memberships__product_id=self.instance.product_id).distinct()
        self.fields["owner"].queryset = team.order_by("last_name", "first_name")
        self.fields["owner"].empty_label = "Les responsables de la matrice"


class SecurityMeasureForm(DsfrBaseForm, forms.ModelForm):
    class Meta:
        model = SecurityMeasure
        fields = ["title", "status", "owner", "due_on", "notes"]
        widgets = {"due_on": DateInput(), "notes": forms.Textarea(attrs={"rows": 2})}


class HomologationOpinionForm(DsfrBaseForm, forms.ModelForm):
    class Meta:
        model = HomologationOpinion
        fields = ["author", "verdict", "given_on", "reservations"]
        widgets = {"given_on": DateInput(), "reservations": forms.Textarea(attrs={"rows": 3})}


class EcodesignDeclarationForm(DsfrBaseForm, forms.ModelForm):
    class Meta:
        model = EcodesignDeclaration
        fields = ["declared_on", "url", "rgesn_version", "criteria_assessed", "criteria_met", "criteria_not_applicable"]
        widgets = {"declared_on": DateInput()}
        help_texts = {
            "criteria_assessed": f"Le RGESN {standards.RGESN_VERSION} compte {standards.RGESN_CRITERIA_COUNT} critères."
        }


class EvidenceForm(DsfrBaseForm):
    file = forms.FileField(
        label="Document",
        help_text="",
        widget=UploadInput(attrs={"accept": ACCEPT_ATTRIBUTE}),
        error_messages={
            "required": "Choisissez un fichier à joindre.",
            "empty": "Le fichier est vide : choisissez le document complet.",
            "invalid": "Le fichier n’a pas pu être lu : réessayez.",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit = max_bytes() // (1024 * 1024)
        self.fields["file"].help_text = (
            f"PDF, OpenDocument (odt, ods, odp) ou Microsoft Office (doc, docx, xls, xlsx, ppt, pptx), "
            f"{limit} Mo au plus. Le document n’est accessible qu’aux personnes connectées."
        )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        validate_upload(upload)
        return upload
