import datetime
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from equipage.compliance.models import (
    AccessibilityAudit,
    AccessibilityRecord,
    EcodesignDeclaration,
    Homologation,
    LegalBasis,
    ProcessingActivity,
)
from tests.factories import ProductFactory


class ProcessingActivityFactory(DjangoModelFactory):
    class Meta:
        model = ProcessingActivity

    product = factory.SubFactory(ProductFactory)
    name = factory.Sequence(lambda n: f"Traitement {n}")
    purpose = "Instruire les demandes."
    legal_basis = LegalBasis.PUBLIC_TASK
    data_categories = "Identité, coordonnées"
    retention_period = "Trois ans"
    in_ministry_register = True


class AccessibilityAuditFactory(DjangoModelFactory):
    class Meta:
        model = AccessibilityAudit

    product = factory.SubFactory(ProductFactory)
    audited_on = datetime.date(2026, 1, 15)
    auditor = "Cabinet Accès"
    conformity_rate = Decimal("75")


class AccessibilityRecordFactory(DjangoModelFactory):
    class Meta:
        model = AccessibilityRecord

    product = factory.SubFactory(ProductFactory)
    statement_url = "https://service.exemple.gouv.fr/accessibilite"
    statement_date = datetime.date(2026, 2, 1)


class HomologationFactory(DjangoModelFactory):
    class Meta:
        model = Homologation

    product = factory.SubFactory(ProductFactory)
    authority = "Claire Martin"
    authority_function = "Directrice du numérique"
    decision = "homologuee"
    decision_date = datetime.date(2025, 1, 1)
    valid_until = datetime.date(2028, 1, 1)


class EcodesignDeclarationFactory(DjangoModelFactory):
    class Meta:
        model = EcodesignDeclaration

    product = factory.SubFactory(ProductFactory)
    declared_on = datetime.date(2026, 1, 1)
    criteria_assessed = 78
    criteria_met = 50
    criteria_not_applicable = 8
