"""API routes of the governance app, included under /api/v1/ (inside the "api" namespace)."""

from django.urls import path

from .api import ProductMatrixView, ProductRitualsView

urlpatterns = [
    path("products/<slug:slug>/matrix/", ProductMatrixView.as_view(), name="product-matrix"),
    path("products/<slug:slug>/rituals/", ProductRitualsView.as_view(), name="product-rituals"),
]
