"""API routes of the indicators app, included under /api/v1/ (inside the "api" namespace)."""

from django.urls import path

from . import api

urlpatterns = [
    path("products/<slug:slug>/objectives/", api.ObjectiveListView.as_view(), name="product-objectives"),
    path("products/<slug:slug>/indicators/", api.IndicatorListView.as_view(), name="product-indicators"),
    path(
        "products/<slug:slug>/indicators/<int:pk>/", api.IndicatorDetailView.as_view(), name="product-indicator-detail"
    ),
    path("products/<slug:slug>/measurements/", api.MeasurementListView.as_view(), name="product-measurements"),
    path("products/<slug:slug>/measurements/bulk/", api.MeasurementBulkView.as_view(), name="product-measurement-bulk"),
    path(
        "products/<slug:slug>/measurements/<int:pk>/",
        api.MeasurementDetailView.as_view(),
        name="product-measurement-detail",
    ),
]
