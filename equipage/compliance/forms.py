from django import forms
from dsfr.forms import DsfrBaseForm

from equipage.governance.forms import DateInput
from equipage.people.models import Organisation
from equipage.registry.models import Phase

from . import standards
from .evidence import ACCEPT_ATTRIBUTE, max_bytes, validate_upload
from .models import AccessibilityAudit, AccessibilityRecord, EcodesignDeclaration, Homologation, ProcessingActivity


class ProcessingActivityForm(DsfrBaseForm, forms.ModelForm):
    class Meta:
        model = ProcessingActivity
        fields = [
            "name",
            "purpose",
            "legal_basis",
            "data_categories",
            "has_sensitive_data",
            "retention_period",
            "recipients",
            "in_ministry_register",
            "impact_assessment_required",
            "impact_assessment_done_on",
            "dpo_opinion",
            "dpo_opinion_on",
            "cnil_formality",
            "cnil_reference",
        ]
        widgets = {
            "impact_assessment_done_on": DateInput(),
            "dpo_opinion_on": DateInput(),
            "purpose": forms.Textarea(attrs={"rows": 3}),
            "data_categories": forms.Textarea(attrs={"rows": 2}),
            "recipients": forms.Textarea(attrs={"rows": 2}),
            "dpo_opinion": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {"legal_basis": {"invalid_choice": "Choisissez une base légale de la liste."}}


class AccessibilityAuditForm(DsfrBaseForm, forms.ModelForm):
    class Meta:
        model = AccessibilityAudit
        fields = ["audited_on", "auditor", "rgaa_version", "conformity_rate", "notes"]
        widgets = {"audited_on": DateInput(), "notes": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"rgaa_version": f"Version en vigueur : {standards.RGAA_VERSION}."}


class AccessibilityRecordForm(DsfrBaseForm, forms.ModelForm):
    class Meta:
        model = AccessibilityRecord
        fields = [
            "statement_url",
            "statement_date",
            "multi_year_plan_url",
            "multi_year_plan_start",
            "action_plan_url",
            "action_plan_year",
        ]
        widgets = {"statement_date": DateInput(), "multi_year_plan_start": DateInput()}
        help_texts = {
            "statement_date": "À mettre à jour après chaque audit et au plus tard tous les "
            f"{standards.ACCESSIBILITY_STATEMENT_VALIDITY_YEARS} ans.",
            "multi_year_plan_start": f"Un schéma couvre {standards.MULTI_YEAR_PLAN_YEARS} ans au plus.",
        }


class HomologationForm(DsfrBaseForm, forms.ModelForm):
    class Meta:
        model = Homologation
        fields = [
            "authority",
            "started_on",
            "risk_analysis_on",
            "decision_date",
            "valid_until",
            "conditions",
            "renewal_trigger",
            "renewal_trigger_on",
        ]
        widgets = {name: DateInput() for name in ("started_on", "risk_analysis_on", "decision_date", "valid_until")} | {
            "renewal_trigger_on": DateInput(),
            "conditions": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "renewal_trigger": "Une nouvelle version majeure ou un changement d’hébergement appellent une nouvelle "
            "homologation.",
        }


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
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT_ATTRIBUTE}),
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


PUBLIC_SERVICE_CHOICES = [("", "Tous"), ("oui", "Services publics numériques"), ("non", "Autres produits")]


class PortfolioFilterForm(DsfrBaseForm):
    sponsor = forms.ModelChoiceField(
        label="Direction sponsor",
        queryset=Organisation.objects.order_by("name"),
        required=False,
        empty_label="Toutes",
    )
    phase = forms.ChoiceField(label="Phase", choices=[("", "Toutes"), *Phase.choices], required=False)
    public = forms.ChoiceField(label="Service public", choices=PUBLIC_SERVICE_CHOICES, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for form_field in self.fields.values():
            form_field.template_name = "core/components/filter_field.html"  # filters are optional by nature

    def filter(self, products):
        if not self.is_valid():
            return products
        data = self.cleaned_data
        if data.get("sponsor"):
            products = products.filter(sponsor=data["sponsor"])
        if data.get("phase"):
            products = products.filter(phase=data["phase"])
        if data.get("public"):
            products = products.filter(is_public_service=data["public"] == "oui")
        return products
