from django.urls import path

from . import views

app_name = "checks"

urlpatterns = [
    path("portefeuille/", views.portfolio, name="portfolio"),
    path("portefeuille/points-de-vigilance.csv", views.portfolio_csv, name="portfolio_csv"),
]
