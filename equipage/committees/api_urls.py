"""API routes of the committees app, included under /api/v1/ (inside the "api" namespace)."""

from django.urls import path

from .api import (
    ActionStatusView,
    ProductDecisionDetailView,
    ProductDecisionsView,
    ProductSessionsView,
    SessionDetailView,
    SessionPackView,
)

urlpatterns = [
    path("products/<slug:slug>/sessions/", ProductSessionsView.as_view(), name="product-sessions"),
    path("sessions/<int:pk>/", SessionDetailView.as_view(), name="session-detail"),
    path("sessions/<int:pk>/pack.pdf", SessionPackView.as_view(), name="session-pack"),
    path("products/<slug:slug>/decisions/", ProductDecisionsView.as_view(), name="product-decisions"),
    path(
        "products/<slug:slug>/decisions/<int:pk>/", ProductDecisionDetailView.as_view(), name="product-decision-detail"
    ),
    path("actions/<int:pk>/", ActionStatusView.as_view(), name="action-detail"),
]
