"""API routes of the compliance app, included under /api/v1/ (inside the "api" namespace)."""

from django.urls import path

from . import api

PREFIX = "products/<slug:slug>/compliance/"

urlpatterns = [
    path(PREFIX, api.ProductComplianceView.as_view(), name="product-compliance"),
    path(
        f"{PREFIX}processing-activities/",
        api.ProcessingActivityListView.as_view(),
        name="product-compliance-processing-list",
    ),
    path(
        f"{PREFIX}processing-activities/<int:pk>/",
        api.ProcessingActivityDetailView.as_view(),
        name="product-compliance-processing-detail",
    ),
    path(f"{PREFIX}audits/", api.AccessibilityAuditListView.as_view(), name="product-compliance-audit-list"),
    path(
        f"{PREFIX}audits/<int:pk>/", api.AccessibilityAuditDetailView.as_view(), name="product-compliance-audit-detail"
    ),
    path(f"{PREFIX}accessibility/", api.AccessibilityRecordView.as_view(), name="product-compliance-accessibility"),
    path(f"{PREFIX}homologation/", api.HomologationView.as_view(), name="product-compliance-homologation"),
    path(f"{PREFIX}security-measures/", api.SecurityMeasureListView.as_view(), name="product-compliance-measure-list"),
    path(
        f"{PREFIX}security-measures/<int:pk>/",
        api.SecurityMeasureDetailView.as_view(),
        name="product-compliance-measure-detail",
    ),
    path(
        f"{PREFIX}homologation-opinions/",
        api.HomologationOpinionListView.as_view(),
        name="product-compliance-opinion-list",
    ),
    path(
        f"{PREFIX}homologation-opinions/<int:pk>/",
        api.HomologationOpinionDetailView.as_view(),
        name="product-compliance-opinion-detail",
    ),
    path(f"{PREFIX}ecodesign/", api.EcodesignDeclarationView.as_view(), name="product-compliance-ecodesign"),
]
