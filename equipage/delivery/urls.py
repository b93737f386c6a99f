from django.urls import path

from . import views

app_name = "delivery"

urlpatterns = [
    path("produits/<slug:slug>/feuille-de-route/", views.roadmap, name="roadmap"),
    path("produits/<slug:slug>/feuille-de-route/nouveau/", views.roadmap_item_form, name="roadmap_item_create"),
    path(
        "produits/<slug:slug>/feuille-de-route/<int:pk>/modifier/", views.roadmap_item_form, name="roadmap_item_update"
    ),
    path("produits/<slug:slug>/feuille-de-route/<int:pk>/deplacer/", views.roadmap_item_move, name="roadmap_item_move"),
    path("produits/<slug:slug>/backlog/", views.backlog, name="backlog"),
    path("produits/<slug:slug>/backlog/nouvelle/", views.story_form, name="story_create"),
    path("produits/<slug:slug>/backlog/<int:number>/", views.story_detail, name="story_detail"),
    path("produits/<slug:slug>/backlog/<int:number>/modifier/", views.story_form, name="story_update"),
    path("produits/<slug:slug>/backlog/<int:number>/deplacer/", views.story_move, name="story_move"),
]
