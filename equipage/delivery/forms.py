from __future__ import annotations

from django import forms
from dsfr.forms import DsfrBaseForm

from equipage.indicators.models import Indicator, Objective

from .models import (
    RoadmapItem,
    Story,
    StoryStatus,
    readiness_error,
)
from .services import clean_criteria


class RoadmapItemForm(DsfrBaseForm, forms.ModelForm):
    class Meta:
        model = RoadmapItem
        fields = [
            "title",
            "description",
            "horizon",
            "target_quarter",
            "status",
            "objectives",
            "indicators",
            "expected_effect",
            "is_published",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "expected_effect": forms.Textarea(attrs={"rows": 2}),
            "objectives": forms.CheckboxSelectMultiple,
            "indicators": forms.CheckboxSelectMultiple,
        }
        error_messages = {"title": {"required": "Donnez un titre à l’élément de feuille de route."}}

    def __init__(self, *args, product, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["objectives"].queryset = Objective.objects.filter(product=product)
        self.fields["indicators"].queryset = Indicator.objects.filter(product=product)
        self.fields["objectives"].help_text = "Les objectifs du produit que cet élément doit faire avancer."
        self.fields["indicators"].help_text = "Les indicateurs qui diront si l’effet attendu se produit."
        if not product.is_public_service:
            del self.fields["is_published"]

    def clean_target_quarter(self) -> str:
        return self.cleaned_data["target_quarter"].strip().upper()


class StoryForm(DsfrBaseForm, forms.ModelForm):
    criteria = forms.CharField(
        label="Critères d’acceptation",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Un critère par ligne, dans l’ordre : une phrase courte et vérifiable. "
        "« Étant donné … quand … alors … » est bienvenu. Obligatoire pour une story « prête ».",
    )

    class Meta:
        model = Story
        fields = [
            "title",
            "as_a",
            "i_want",
            "so_that",
            "description",
            "status",
            "estimate",
            "roadmap_item",
            "reach",
            "impact",
            "confidence",
            "effort",
        ]
        widgets = {
            "i_want": forms.Textarea(attrs={"rows": 2}),
            "so_that": forms.Textarea(attrs={"rows": 2}),
            "description": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {
            "title": {"required": "Donnez un titre à la story."},
            "reach": {"min_value": "Un facteur RICE ne peut pas être négatif."},
            "estimate": {"min_value": "L’estimation ne peut pas être négative."},
            "confidence": {"min_value": "Un facteur RICE ne peut pas être négatif."},
        }

    def __init__(self, *args, product, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["roadmap_item"].queryset = RoadmapItem.objects.filter(product=product)
        self.fields["roadmap_item"].empty_label = "Aucun"
        if self.instance.pk and "criteria" not in self.initial:
            self.initial["criteria"] = "\n".join(c.text for c in self.instance.criteria.order_by("position", "pk"))
        self.fields["effort"].widget.attrs["step"] = "0.5"

    def clean_criteria(self) -> list[str]:
        return clean_criteria(self.cleaned_data["criteria"].splitlines())

    def clean(self):
        data = super().clean()
        problem = readiness_error(data.get("status") or StoryStatus.IDEA, len(data.get("criteria") or []))
        if problem and "criteria" not in self.errors:
            self.add_error("status", problem)
        return data


class MoveForm(forms.Form):
    direction = forms.ChoiceField(choices=[("haut", "Monter"), ("bas", "Descendre")])
