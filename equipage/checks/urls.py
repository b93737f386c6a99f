from django.urls import path

from equipage.core.exports import export_path

from . import views

app_name = "checks"

urlpatterns = [
    path("portefeuille/", views.portfolio, name="portfolio"),
    export_path("portefeuille/points-de-vigilance", views.portfolio_csv, name="portfolio_csv"),
]
