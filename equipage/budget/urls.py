from django.urls import path

from equipage.core.exports import export_path

from . import views

app_name = "budget"

urlpatterns = [
    path("produits/<slug:slug>/budget/", views.overview, name="overview"),
    path("produits/<slug:slug>/budget/lignes/nouvelle/", views.line_create, name="line_create"),
    path("produits/<slug:slug>/budget/lignes/<int:pk>/modifier/", views.line_update, name="line_update"),
    path("produits/<slug:slug>/budget/lignes/<int:pk>/depenses/", views.spending, name="spending"),
    path("produits/<slug:slug>/budget/import/", views.import_spending, name="import"),
    path("produits/<slug:slug>/budget/<int:year>/publication/", views.publish, name="publish"),
    path("produits/<slug:slug>/budget/public/", views.public_budget, name="public"),
    export_path("produits/<slug:slug>/budget/public", views.public_budget_csv, name="public_csv"),
    path("produits/<slug:slug>/budget/public.json", views.public_budget_json, name="public_json"),
    path("portefeuille/budget/", views.portfolio, name="portfolio"),
    export_path("portefeuille/budget", views.portfolio_csv, name="portfolio_csv"),
]
