from django.urls import path

from . import views

app_name = "trends"

urlpatterns = [
    path("portefeuille/tendances/", views.portfolio_trends, name="portfolio"),
]
