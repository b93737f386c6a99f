"""API routes of the checks app, included under /api/v1/ (inside the "api" namespace)."""

from django.urls import path

from .api import FindingListView, ProductLevelView, RuleListView

urlpatterns = [
    path("findings/", FindingListView.as_view(), name="findings"),
    path("rules/", RuleListView.as_view(), name="rules"),
    path("products/<slug:slug>/level/", ProductLevelView.as_view(), name="product-level"),
]
