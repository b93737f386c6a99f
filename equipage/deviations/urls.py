from django.urls import path

from equipage.core.exports import export_path

from . import views

app_name = "deviations"

urlpatterns = [
    path("produits/<slug:slug>/derogations/", views.product_list, name="product_list"),
    path("produits/<slug:slug>/derogations/demander/", views.request_deviation, name="request"),
    path("produits/<slug:slug>/derogations/<int:pk>/decision/", views.decide, name="decide"),
    path("produits/<slug:slug>/derogations/<int:pk>/revoquer/", views.revoke, name="revoke"),
    path("portefeuille/derogations/", views.portfolio, name="portfolio"),
    export_path("portefeuille/derogations", views.portfolio_csv, name="portfolio_csv"),
]
