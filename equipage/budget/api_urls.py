"""API routes of the budget app, included under /api/v1/ (inside the "api" namespace)."""

from django.urls import path

from .api import BudgetLineSpendingView, ProductBudgetLineDetailView, ProductBudgetLinesView

urlpatterns = [
    path("products/<slug:slug>/budget-lines/", ProductBudgetLinesView.as_view(), name="product-budget-lines"),
    path(
        "products/<slug:slug>/budget-lines/<int:pk>/",
        ProductBudgetLineDetailView.as_view(),
        name="product-budget-line-detail",
    ),
    path(
        "products/<slug:slug>/budget-lines/<int:pk>/spending/",
        BudgetLineSpendingView.as_view(),
        name="product-budget-line-spending",
    ),
]
