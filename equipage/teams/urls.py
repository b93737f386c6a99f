from django.urls import path

from . import views

app_name = "teams"

urlpatterns = [
    path("produits/<slug:slug>/equipe/", views.team, name="team"),
    path("produits/<slug:slug>/equipe/ajouter/", views.membership_create, name="membership_create"),
    path("produits/<slug:slug>/equipe/nommer-le-coach/", views.coach_name, name="coach_name"),
    path("produits/<slug:slug>/equipe/<int:pk>/modifier/", views.membership_update, name="membership_update"),
    path("produits/<slug:slug>/equipe/<int:pk>/terminer/", views.membership_end, name="membership_end"),
    path("personnes/", views.person_list, name="person_list"),
    path("personnes/<int:pk>/", views.person_detail, name="person_detail"),
    path("personnes/<int:pk>/modifier/", views.person_update, name="person_update"),
    path("guide/roles/", views.guide_index, name="guide_index"),
    path("guide/roles/<slug:role_slug>/", views.role_guide, name="role_guide"),
]
