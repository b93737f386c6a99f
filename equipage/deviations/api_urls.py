"""API routes of deviations, included under /api/v1/ (inside the "api" namespace)."""

from django.urls import path

from .api import (
    DeviationDecisionView,
    DeviationListView,
    DeviationRevocationView,
    ProductDeviationDetailView,
    ProductDeviationsView,
)

urlpatterns = [
    path("deviations/", DeviationListView.as_view(), name="deviations"),
    path("products/<slug:slug>/deviations/", ProductDeviationsView.as_view(), name="product-deviations"),
    path(
        "products/<slug:slug>/deviations/<int:pk>/",
        ProductDeviationDetailView.as_view(),
        name="product-deviation-detail",
    ),
    path(
        "products/<slug:slug>/deviations/<int:pk>/decision/",
        DeviationDecisionView.as_view(),
        name="product-deviation-decision",
    ),
    path(
        "products/<slug:slug>/deviations/<int:pk>/revocation/",
        DeviationRevocationView.as_view(),
        name="product-deviation-revocation",
    ),
]
