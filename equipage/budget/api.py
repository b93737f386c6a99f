"""API of the budget: lines of a product (with what they spent) and their spending entries.

Everyone signed in reads; the product's editors write, with the same checks as the pages (no negative amount,
a year between 2000 and 2100, a month or a quarter, never both for the same months)."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.utils.functional import cached_property
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers
from rest_framework.exceptions import ValidationError

from equipage.registry.guards import ProductScopedAPIMixin

from . import services
from .models import FIRST_YEAR, LAST_YEAR, BudgetLine, SpendingEntry

NEGATIVE = {"min_value": "Un montant ne peut pas être négatif."}


def _refused(error: DjangoValidationError) -> ValidationError:
    return ValidationError(error.message_dict if hasattr(error, "error_dict") else {"non_field_errors": error.messages})


class BudgetLineSerializer(serializers.ModelSerializer):
    year = serializers.IntegerField(
        source="budget_year.year",
        min_value=FIRST_YEAR,
        max_value=LAST_YEAR,
        error_messages={
            "min_value": "Année impossible : entre 2000 et 2100.",
            "max_value": "Année impossible : entre 2000 et 2100.",
        },
    )
    spent = serializers.DecimalField(max_digits=14, decimal_places=2, read_only=True)

    class Meta:
        model = BudgetLine
        fields = [
            "id",
            "year",
            "label",
            "nature",
            "category",
            "funding_source",
            "planned",
            "committed",
            "forecast",
            "spent",
        ]
        read_only_fields = ["id", "spent"]
        extra_kwargs = {
            "planned": {"min_value": 0, "error_messages": NEGATIVE},
            "committed": {"min_value": 0, "error_messages": NEGATIVE},
            "forecast": {"min_value": 0, "error_messages": NEGATIVE},
        }


def _lines(product):
    return BudgetLine.objects.with_spent().filter(budget_year__product=product).select_related("budget_year")


@extend_schema(summary="Lister les lignes budgétaires d’un produit, ou en ajouter une (éditeurs)")
class ProductBudgetLinesView(ProductScopedAPIMixin, generics.ListCreateAPIView):
    serializer_class = BudgetLineSerializer
    write_refusal = "Seuls les éditeurs du produit tiennent son budget."

    def get_queryset(self):
        return _lines(self.product).order_by("-budget_year__year", "nature", "category", "label")

    def perform_create(self, serializer) -> None:
        data = dict(serializer.validated_data)
        year = data.pop("budget_year")["year"]
        line = BudgetLine(**data)
        try:
            services.save_line(self.request.user, self.product, line, year)
        except DjangoValidationError as error:
            raise _refused(error) from error
        serializer.instance = _lines(self.product).get(pk=line.pk)


@extend_schema(summary="Lire ou modifier une ligne budgétaire (modifier : éditeurs)")
class ProductBudgetLineDetailView(ProductScopedAPIMixin, generics.RetrieveUpdateAPIView):
    serializer_class = BudgetLineSerializer
    write_refusal = "Seuls les éditeurs du produit tiennent son budget."
    http_method_names = ["get", "patch", "head", "options"]

    def get_queryset(self):
        return _lines(self.product)

    def perform_update(self, serializer) -> None:
        data = dict(serializer.validated_data)
        if "budget_year" in data:
            raise ValidationError({"year": ["L’année d’une ligne ne change pas : créez une ligne dans l’autre année."]})
        line = serializer.instance
        for field, value in data.items():
            setattr(line, field, value)
        try:
            services.save_line(self.request.user, self.product, line, line.budget_year.year)
        except DjangoValidationError as error:
            raise _refused(error) from error
        serializer.instance = _lines(self.product).get(pk=line.pk)


class SpendingSerializer(serializers.ModelSerializer):
    class Meta:
        model = SpendingEntry
        fields = ["id", "month", "quarter", "amount"]
        read_only_fields = ["id"]
        extra_kwargs = {
            "amount": {"min_value": 0, "error_messages": NEGATIVE},
            "month": {"min_value": 1, "max_value": 12},
            "quarter": {"min_value": 1, "max_value": 4},
        }
        validators = []  # the month-or-quarter rules below, in French

    def validate(self, attrs):
        month, quarter = attrs.get("month"), attrs.get("quarter")
        if (month is None) == (quarter is None):
            raise ValidationError(
                {"non_field_errors": ["Indiquez un mois (1 à 12) ou un trimestre (1 à 4), pas les deux."]}
            )
        line = self.context["line"]
        covered = (month - 1) // 3 + 1 if month else quarter
        for entry in line.spending.all():
            if month and entry.quarter == covered:
                raise ValidationError({"month": [f"Le trimestre {covered} de cette ligne est déjà saisi en bloc."]})
            if quarter and entry.month and entry.covered_quarter == quarter:
                raise ValidationError(
                    {"quarter": [f"Des mois du trimestre {quarter} de cette ligne sont saisis un par un."]}
                )
        return attrs


@extend_schema(summary="Lister les dépenses d’une ligne, ou saisir celle d’un mois ou d’un trimestre (éditeurs)")
class BudgetLineSpendingView(ProductScopedAPIMixin, generics.ListCreateAPIView):
    """A POST for a month or quarter already entered replaces its amount."""

    serializer_class = SpendingSerializer
    queryset = SpendingEntry.objects.none()  # for the schema; the line's entries are read in get_queryset
    write_refusal = "Seuls les éditeurs du produit tiennent son budget."

    @cached_property
    def line(self) -> BudgetLine:
        return generics.get_object_or_404(BudgetLine, budget_year__product=self.product, pk=self.kwargs["pk"])

    def get_serializer_context(self) -> dict:
        return {**super().get_serializer_context(), "line": self.line}

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return SpendingEntry.objects.none()
        return self.line.spending.all()

    def perform_create(self, serializer) -> None:
        data = serializer.validated_data
        with transaction.atomic():
            entry = SpendingEntry.objects.filter(
                line=self.line, month=data.get("month"), quarter=data.get("quarter")
            ).first()
            entry = entry or SpendingEntry(line=self.line, month=data.get("month"), quarter=data.get("quarter"))
            entry.amount = data["amount"]
            entry.save()
        serializer.instance = entry
