"""API routes of delivery, included under /api/v1/ (inside the "api" namespace)."""

from django.urls import path

from . import api

P = "products/<slug:slug>/"

urlpatterns = [
    path(P + "roadmap-items/", api.RoadmapItemListView.as_view(), name="product-roadmap-items"),
    path(P + "roadmap-items/<int:pk>/", api.RoadmapItemDetailView.as_view(), name="product-roadmap-item-detail"),
    path(P + "stories/", api.StoryListView.as_view(), name="product-stories"),
    path(P + "stories/<int:number>/", api.StoryDetailView.as_view(), name="product-story-detail"),
    path(P + "releases/", api.ReleaseListView.as_view(), name="product-releases"),
    path(P + "releases/<int:pk>/", api.ReleaseDetailView.as_view(), name="product-release-detail"),
    path(P + "releases/<int:pk>/recette/", api.CampaignView.as_view(), name="product-release-campaign"),
    path(P + "releases/<int:pk>/recette/sign-off/", api.SignOffView.as_view(), name="product-release-sign-off"),
    path(P + "test-cases/<int:pk>/result/", api.CaseResultView.as_view(), name="product-case-result"),
    path(P + "research/", api.ResearchListView.as_view(), name="product-research"),
    path(P + "feedback/", api.FeedbackListView.as_view(), name="product-feedback"),
    path(P + "feedback/<int:pk>/", api.FeedbackDetailView.as_view(), name="product-feedback-detail"),
]
