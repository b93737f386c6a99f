"""API routes of the governance app, included under /api/v1/ (inside the "api" namespace)."""

from django.urls import path

from .api import ProductMatrixView, ProductRitualsView, RitualMeetingsView

urlpatterns = [
    path("products/<slug:slug>/matrix/", ProductMatrixView.as_view(), name="product-matrix"),
    path("products/<slug:slug>/rituals/", ProductRitualsView.as_view(), name="product-rituals"),
    path(
        "products/<slug:slug>/rituals/<int:pk>/meetings/", RitualMeetingsView.as_view(), name="product-ritual-meetings"
    ),
]
