from __future__ import annotations

import datetime
import re

from django import forms
from django.db.models import Q
from django.utils import timezone
from dsfr.forms import DsfrBaseForm

from equipage.core.forms import DateInput, MultilineTextField, SingleLineField
from equipage.indicators.models import Indicator, Objective
from equipage.people.models import Person
from equipage.teams.models import Membership

from .models import (
    CaseResult,
    Demo,
    Feedback,
    Insight,
    Release,
    ResearchActivity,
    RoadmapItem,
    Story,
    StoryStatus,
    Triage,
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
    criteria = MultilineTextField(
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
            "release",
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
        releases = Release.objects.filter(product=product)
        if self.instance.release_id:
            releases = releases.filter(Q(actual_date__isnull=True) | Q(pk=self.instance.release_id))
        else:
            releases = releases.filter(actual_date__isnull=True)
        self.fields["release"].queryset = releases
        self.fields["release"].empty_label = "Aucune"
        self.fields["release"].help_text = "La version à venir qui la livrera."
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


class ReleaseForm(DsfrBaseForm, forms.ModelForm):
    class Meta:
        model = Release
        fields = ["name", "planned_date", "actual_date", "description"]
        widgets = {
            "planned_date": DateInput(),
            "actual_date": DateInput(),
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, product, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.product = product


class CaseResultForm(forms.Form):
    result = forms.ChoiceField(label="Résultat", choices=CaseResult.choices)
    comment = MultilineTextField(label="Commentaire", required=False, max_length=2000)


class AddCaseForm(DsfrBaseForm):
    text = SingleLineField(
        label="Nouveau cas de test",
        max_length=500,
        help_text="Une vérification à faire en plus des critères d’acceptation des stories.",
        error_messages={"required": "Décrivez le cas de test."},
    )


class DemoForm(DsfrBaseForm, forms.ModelForm):
    class Meta:
        model = Demo
        fields = ["date", "release", "stories", "attendees", "feedback"]
        widgets = {
            "date": DateInput(),
            "stories": forms.CheckboxSelectMultiple,
            "attendees": forms.CheckboxSelectMultiple,
            "feedback": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, product, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["release"].queryset = Release.objects.filter(product=product)
        self.fields["release"].empty_label = "Aucune"
        recent = timezone.now() - datetime.timedelta(days=90)
        self.fields["stories"].queryset = Story.objects.filter(product=product).filter(
            Q(status__in=[StoryStatus.IN_PROGRESS, StoryStatus.IN_ACCEPTANCE])
            | Q(status=StoryStatus.DONE, updated_at__gte=recent)
            | Q(pk__in=self.instance.stories.values("pk") if self.instance.pk else [])
        )
        self.fields[
            "stories"
        ].help_text = "Parmi les stories en cours, en recette, ou terminées depuis moins de 90 jours."
        self.fields["attendees"].queryset = (
            Person.objects.filter(memberships__product=product).distinct().order_by("last_name", "first_name")
        )
        self.fields["attendees"].help_text = "Les personnes de l’équipe présentes, responsable métier compris."


def stories_from_numbers(product, text: str) -> list[Story]:
    """« 12, #15 » → the product's stories n° 12 and 15; an unknown or malformed number is refused."""
    wanted, bad = [], []
    for part in re.split(r"[,;\s]+", text or ""):
        part = part.strip().lstrip("#")
        if not part:
            continue
        if not part.isdigit():
            bad.append(part)
        else:
            wanted.append(int(part))
    if bad:
        raise forms.ValidationError("Indiquez des numéros de stories séparés par des virgules : « 12, 15 ».")
    found = {story.number: story for story in Story.objects.filter(product=product, number__in=wanted)}
    missing = [str(number) for number in wanted if number not in found]
    if missing:
        raise forms.ValidationError(f"Aucune story de ce produit ne porte le numéro {', '.join(missing)}.")
    return [found[number] for number in dict.fromkeys(wanted)]


class StoryNumbersField(forms.CharField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", "Stories liées")
        kwargs.setdefault("help_text", "Numéros des stories, séparés par des virgules : « 12, 15 ».")
        super().__init__(*args, **kwargs)


class ResearchActivityForm(DsfrBaseForm, forms.ModelForm):
    class Meta:
        model = ResearchActivity
        fields = ["kind", "title", "date", "participants", "team_members", "summary"]
        widgets = {
            "date": DateInput(),
            "team_members": forms.CheckboxSelectMultiple,
            "summary": forms.Textarea(attrs={"rows": 4}),
        }
        error_messages = {"title": {"required": "Donnez un titre à l’activité."}}

    def __init__(self, *args, product, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team_members"].queryset = (
            Person.objects.filter(memberships__in=Membership.objects.current().filter(product=product))
            .distinct()
            .order_by("last_name", "first_name")
        )


class InsightForm(DsfrBaseForm, forms.ModelForm):
    story_numbers = StoryNumbersField()

    class Meta:
        model = Insight
        fields = ["text", "tags"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}
        error_messages = {"text": {"required": "Écrivez l’enseignement."}}

    def __init__(self, *args, product, **kwargs):
        super().__init__(*args, **kwargs)
        self.product = product

    def clean_story_numbers(self) -> list[Story]:
        return stories_from_numbers(self.product, self.cleaned_data["story_numbers"])


class FeedbackForm(DsfrBaseForm, forms.ModelForm):
    class Meta:
        model = Feedback
        fields = ["channel", "date", "verbatim", "tags"]
        widgets = {"date": DateInput(), "verbatim": forms.Textarea(attrs={"rows": 3})}
        error_messages = {"verbatim": {"required": "Recopiez le retour."}}


class TriageForm(forms.Form):
    status = forms.ChoiceField(label="Tri", choices=Triage.choices)
    story_numbers = StoryNumbersField(label="Stories liées")

    def __init__(self, *args, product, **kwargs):
        super().__init__(*args, **kwargs)
        self.product = product

    def clean_story_numbers(self) -> list[Story]:
        return stories_from_numbers(self.product, self.cleaned_data["story_numbers"])

    def clean(self):
        data = super().clean()
        if data.get("status") == Triage.LINKED and not data.get("story_numbers") and "story_numbers" not in self.errors:
            self.add_error("story_numbers", "Un retour « lié à une story » nomme au moins une story.")
        return data


class ImportForm(DsfrBaseForm):
    file = forms.FileField(
        label="Fichier CSV",
        help_text="Séparateur « ; » ou « , », encodage UTF-8 ou Windows-1252, une ligne d’en-têtes.",
        error_messages={"required": "Choisissez un fichier CSV."},
    )
