"""API routes of snapshots, included under /api/v1/ (inside the "api" namespace)."""

from django.urls import path

from .api import ProductSnapshotsView

urlpatterns = [
    path("products/<slug:slug>/snapshots/", ProductSnapshotsView.as_view(), name="product-snapshots"),
]
