from django.urls import path

from equipage.core.exports import export_path

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

urlpatterns += [
    path("produits/<slug:slug>/recette/", views.recette, name="recette"),
    path("produits/<slug:slug>/recette/versions/nouvelle/", views.release_form, name="release_create"),
    path("produits/<slug:slug>/recette/versions/<int:pk>/", views.release_detail, name="release_detail"),
    path("produits/<slug:slug>/recette/versions/<int:pk>/modifier/", views.release_form, name="release_update"),
    path("produits/<slug:slug>/recette/versions/<int:pk>/preparer/", views.campaign_prepare, name="campaign_prepare"),
    path("produits/<slug:slug>/recette/versions/<int:pk>/cas/", views.case_add, name="case_add"),
    path("produits/<slug:slug>/recette/versions/<int:pk>/valider/", views.campaign_sign_off, name="campaign_sign_off"),
    path("produits/<slug:slug>/recette/cas/<int:pk>/resultat/", views.case_result, name="case_result"),
    path("produits/<slug:slug>/recette/cas/<int:pk>/anomalie/", views.case_bug, name="case_bug"),
    path("produits/<slug:slug>/recette/demos/nouvelle/", views.demo_form, name="demo_create"),
]

urlpatterns += [
    path("produits/<slug:slug>/recherche/", views.research, name="research"),
    path("produits/<slug:slug>/recherche/nouvelle/", views.research_create, name="research_create"),
    path("produits/<slug:slug>/recherche/<int:pk>/", views.research_detail, name="research_detail"),
    path("produits/<slug:slug>/retours/", views.feedback, name="feedback"),
    path("produits/<slug:slug>/retours/nouveau/", views.feedback_create, name="feedback_create"),
    path("produits/<slug:slug>/retours/<int:pk>/tri/", views.feedback_triage, name="feedback_triage"),
]

urlpatterns += [
    export_path("produits/<slug:slug>/feuille-de-route", views.public_roadmap_csv, name="public_roadmap_csv"),
    path("produits/<slug:slug>/feuille-de-route.json", views.public_roadmap_json, name="public_roadmap_json"),
    path("portefeuille/livraison/", views.portfolio, name="portfolio"),
    export_path("portefeuille/livraison", views.portfolio_csv, name="portfolio_csv"),
]

urlpatterns += [
    path("produits/<slug:slug>/backlog/import/", views.story_import, name="story_import"),
    path("produits/<slug:slug>/retours/import/", views.feedback_import, name="feedback_import"),
]
