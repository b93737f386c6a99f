from django.urls import path

from equipage.core.exports import export_path

from . import views

app_name = "governance"

urlpatterns = [
    path("produits/<slug:slug>/responsabilites/", views.matrix, name="matrix"),
    export_path("produits/<slug:slug>/responsabilites", views.matrix_csv, name="matrix_csv"),
    path("produits/<slug:slug>/responsabilites/activites/", views.matrix_add_activity, name="matrix_add_activity"),
    path("produits/<slug:slug>/responsabilites/reinitialiser/", views.matrix_reset, name="matrix_reset"),
    path("produits/<slug:slug>/responsabilites/adopter/", views.matrix_adopt, name="matrix_adopt"),
    path("produits/<slug:slug>/rituels/", views.ritual_list, name="ritual_list"),
    path("produits/<slug:slug>/rituels/nouveau/", views.ritual_create, name="ritual_create"),
    path("produits/<slug:slug>/rituels/<int:pk>/", views.ritual_detail, name="ritual_detail"),
    path("produits/<slug:slug>/rituels/<int:pk>/reunions/nouvelle/", views.meeting_create, name="meeting_create"),
    path("produits/<slug:slug>/rituels/<int:pk>/modifier/", views.ritual_update, name="ritual_update"),
    path("produits/<slug:slug>/rituels/<int:pk>/desactiver/", views.ritual_deactivate, name="ritual_deactivate"),
]
