from __future__ import annotations

from django import forms
from django.forms import formset_factory
from dsfr.forms import DsfrBaseForm

from equipage.core.forms import DateInput, SingleLineField
from equipage.governance.models import RitualMeeting
from equipage.people.models import Person
from equipage.registry.models import Phase, Product

from .models import ActionStatus, CommitteeKind, Decision, Scope, Session
from .services import ActionEntry, AgendaEntry, AttendeeEntry

DATE_ERRORS = {"invalid": "Date impossible : saisissez une date réelle, par exemple 15/01/2026."}


def people_choices():
    return Person.objects.select_related("organisation").order_by("last_name", "first_name")


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, person: Person) -> str:
        return f"{person.last_name.upper()} {person.first_name} ({person.organisation.acronym or person.organisation})"


class SessionForm(DsfrBaseForm, forms.ModelForm):
    class Meta:
        model = Session
        fields = ["kind", "date", "title", "products", "is_held", "minutes"]
        widgets = {"date": DateInput(), "minutes": forms.Textarea(attrs={"rows": 6})}
        error_messages = {
            "date": DATE_ERRORS,
            "kind": {"invalid_choice": "Type de comité inconnu : choisissez-en un dans la liste."},
        }

    def __init__(self, *args, product: Product | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.product = product
        kinds = CommitteeKind.objects.filter(is_active=True)
        if product is not None:
            kinds = kinds.filter(scope=Scope.PRODUCT)
            del self.fields["products"]
        else:
            self.fields["products"].queryset = Product.objects.active().order_by("name")
            self.fields["products"].widget = forms.SelectMultiple(attrs={"size": 8})
            self.fields["products"].help_text = "Maintenez Ctrl (ou Cmd) pour en choisir plusieurs."
        if self.instance.pk and self.instance.kind_id:
            kinds = kinds | CommitteeKind.objects.filter(pk=self.instance.kind_id)
        self.fields["kind"].queryset = kinds.distinct()

    def chosen_products(self) -> list[Product]:
        if self.product is not None:
            return [self.product]
        return list(self.cleaned_data.get("products") or [])


class AgendaItemForm(DsfrBaseForm):
    topic = SingleLineField(label="Sujet", max_length=200, required=False)
    product = forms.ModelChoiceField(label="Produit", queryset=Product.objects.none(), required=False)
    expected_decision = SingleLineField(label="Décision attendue", max_length=300, required=False)

    def __init__(self, *args, products=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["product"].queryset = products if products is not None else Product.objects.active()

    def clean(self):
        data = super().clean()
        if not data.get("topic") and (data.get("product") or data.get("expected_decision")):
            self.add_error("topic", "Indiquez le sujet de ce point de l’ordre du jour.")
        return data


class AttendeeForm(DsfrBaseForm):
    person = PersonChoiceField(label="Personne", queryset=Person.objects.none(), required=False)
    role = SingleLineField(label="Rôle en séance", max_length=120, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people_choices()

    def clean(self):
        data = super().clean()
        if data.get("role") and not data.get("person"):
            self.add_error("person", "Choisissez la personne qui tient ce rôle.")
        return data


AgendaFormSet = formset_factory(AgendaItemForm, extra=3)
AttendeeFormSet = formset_factory(AttendeeForm, extra=4)


def agenda_entries(formset) -> list[AgendaEntry]:
    return [
        AgendaEntry(
            topic=f.cleaned_data["topic"],
            product=f.cleaned_data["product"],
            expected_decision=f.cleaned_data["expected_decision"],
        )
        for f in formset.forms
        if f.cleaned_data.get("topic")
    ]


def attendee_entries(formset) -> list[AttendeeEntry]:
    return [
        AttendeeEntry(person=f.cleaned_data["person"], role=f.cleaned_data["role"])
        for f in formset.forms
        if f.cleaned_data.get("person")
    ]


class DecisionForm(DsfrBaseForm, forms.ModelForm):
    class Meta:
        model = Decision
        fields = ["title", "rationale", "date", "decided_by", "session", "ritual_meeting", "supersedes", "new_phase"]
        widgets = {"date": DateInput(), "rationale": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "session": "La séance de comité où la décision a été prise, le cas échéant.",
            "ritual_meeting": "Ou la réunion de rituel ; ni l’une ni l’autre pour une décision prise hors instance.",
            "supersedes": "Une décision antérieure du produit que celle-ci remplace : les deux restent, liées.",
        }
        error_messages = {"date": DATE_ERRORS}

    def __init__(self, *args, product: Product, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.product = product
        self.fields["session"].queryset = Session.objects.filter(products=product).select_related("kind")
        self.fields["ritual_meeting"].queryset = RitualMeeting.objects.filter(ritual__product=product).select_related(
            "ritual"
        )
        others = Decision.objects.filter(product=product)
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
            del self.fields["new_phase"]  # a phase change is decided once, when the decision is recorded
        self.fields["supersedes"].queryset = others
        if "new_phase" in self.fields:
            self.fields["new_phase"].choices = [("", "Pas de changement de phase"), *Phase.choices]
            self.fields[
                "new_phase"
            ].help_text = f"Phase actuelle : {Phase(product.phase).label}. Seule une séance de comité en décide."

    def validate_unique(self):
        """Superseding an already superseded decision is refused by the service, with a clearer message."""


class ActionForm(DsfrBaseForm):
    title = SingleLineField(label="Action", max_length=300, required=False)
    owner = PersonChoiceField(label="Responsable", queryset=Person.objects.none(), required=False)
    due_date = forms.DateField(label="Échéance", required=False, widget=DateInput(), error_messages=DATE_ERRORS)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = people_choices()

    def is_blank(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return not (data.get("title") or data.get("owner") or data.get("due_date"))


ActionFormSet = formset_factory(ActionForm, extra=2)


def action_entries(formset) -> list[ActionEntry]:
    return [
        ActionEntry(
            title=f.cleaned_data.get("title") or "",
            owner=f.cleaned_data.get("owner"),
            due_date=f.cleaned_data.get("due_date"),
        )
        for f in formset.forms
        if not f.is_blank()
    ]


class ActionStatusForm(forms.Form):
    status = forms.ChoiceField(
        label="Statut",
        choices=ActionStatus.choices,
        error_messages={"invalid_choice": "Statut inconnu : choisissez un statut de la liste."},
    )
