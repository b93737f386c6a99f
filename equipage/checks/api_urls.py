"""API routes of the checks app, included under /api/v1/ (inside the "api" namespace)."""

from django.urls import path

from .api import FindingListView

urlpatterns = [path("findings/", FindingListView.as_view(), name="findings")]
