"""API routes of campaigns, included under /api/v1/ (inside the "api" namespace)."""

from django.urls import path

from .api import CampaignDetailView, CampaignListView

urlpatterns = [
    path("campaigns/", CampaignListView.as_view(), name="campaigns"),
    path("campaigns/<int:pk>/", CampaignDetailView.as_view(), name="campaign-detail"),
]
