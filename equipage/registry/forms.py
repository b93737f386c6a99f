from django import forms
from dsfr.forms import DsfrBaseForm

from equipage.core.filters import FilterForm
from equipage.core.forms import SingleLineField
from equipage.core.history import history_kinds
from equipage.people.models import Organisation

from .models import Product, normalise_product_slug, validate_product_slug


class ProductForm(DsfrBaseForm, forms.ModelForm):
    class Meta:
        model = Product
        fields = [
            "name",
            "slug",
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
        ]
        widgets = {
            "problem": forms.Textarea(attrs={"rows": 4}),
            "vision": forms.Textarea(attrs={"rows": 4}),
            "target_users": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {"slug": "Laissez vide pour le déduire du nom. Lettres minuscules, chiffres et tirets."}
        error_messages = {"slug": {"invalid": "Utilisez seulement des lettres, des chiffres et des tirets."}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False
        self.fields["sponsor"].queryset = Organisation.objects.order_by("name")
        self.fields["sponsor"].empty_label = "Choisir une direction"
        for name in ("service_url", "statistics_url", "budget_url", "source_code_url", "accessibility_statement_url"):
            self.fields[name].widget.attrs.setdefault("placeholder", "https://")

    def clean_slug(self) -> str:
        slug = normalise_product_slug(self.cleaned_data.get("slug"), self.cleaned_data.get("name"))
        if not slug and "name" not in self.cleaned_data:
            return ""  # The missing name is the error to fix; the slug will follow from it.
        validate_product_slug(slug)
        clash = Product.objects.filter(slug=slug).exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(f"Un produit utilise déjà l’identifiant « {slug} ». Choisissez-en un autre.")
        return slug


class ArchiveForm(DsfrBaseForm):
    reason = SingleLineField(
        label="Motif de l’archivage",
        required=False,
        max_length=100,
        help_text="Par exemple : service arrêté, fusionné avec un autre produit.",
    )


class HistoryKindForm(FilterForm):
    """The product timeline's filter: one kind of change (``?type=equipe``), or every kind."""

    type = forms.ChoiceField(label="Type de modification", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        kinds = history_kinds()
        self.fields["type"].choices = [("", "Toutes les modifications")] + [(kind.key, kind.label) for kind in kinds]
        self.fields["type"].error_messages["invalid_choice"] = (
            f"Type inconnu « %(value)s » : attendu l’un de {', '.join(kind.key for kind in kinds)}."
        )

    def kind(self) -> str | None:
        """The chosen kind, or None (every kind) when none or an unknown one is asked for."""
        if self.is_valid():
            return self.cleaned_data["type"] or None
        return None
