from django.urls import path

from . import views

app_name = "selfassessment"

urlpatterns = [
    path("produits/<slug:slug>/autodiagnostic/", views.overview, name="overview"),
    path("produits/<slug:slug>/autodiagnostic/<int:pk>/", views.detail, name="detail"),
    path("produits/<slug:slug>/autodiagnostic/<slug:role>/nouveau/", views.create, name="create"),
]
