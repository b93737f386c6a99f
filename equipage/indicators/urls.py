from django.urls import path

from equipage.core.exports import export_path

from . import views

app_name = "indicators"

urlpatterns = [
    path("statistiques/", views.portfolio_statistics, name="portfolio_statistics"),
    export_path("statistiques", views.portfolio_statistics_csv, name="portfolio_statistics_csv"),
    path("statistiques.json", views.portfolio_statistics_json, name="portfolio_statistics_json"),
    path("produits/<slug:slug>/statistiques/", views.public_product, name="public_product"),
    export_path("produits/<slug:slug>/statistiques", views.public_product_csv, name="public_product_csv"),
    path("produits/<slug:slug>/statistiques.json", views.public_product_json, name="public_product_json"),
    path("produits/<slug:slug>/indicateurs/", views.overview, name="overview"),
    path("produits/<slug:slug>/indicateurs/objectifs/nouveau/", views.objective_form, name="objective_create"),
    path(
        "produits/<slug:slug>/indicateurs/objectifs/<int:pk>/modifier/", views.objective_form, name="objective_update"
    ),
    path("produits/<slug:slug>/indicateurs/nouveau/", views.indicator_form, name="indicator_create"),
    path("produits/<slug:slug>/indicateurs/import/", views.import_measurements, name="import"),
    path("produits/<slug:slug>/indicateurs/import/modele.csv", views.import_template, name="import_template"),
    path("produits/<slug:slug>/indicateurs/jetons/", views.tokens, name="tokens"),
    path("produits/<slug:slug>/indicateurs/jetons/<int:pk>/revoquer/", views.token_revoke, name="token_revoke"),
    path("produits/<slug:slug>/indicateurs/<int:pk>/", views.indicator_detail, name="indicator_detail"),
    path("produits/<slug:slug>/indicateurs/<int:pk>/modifier/", views.indicator_form, name="indicator_update"),
    path("produits/<slug:slug>/indicateurs/<int:pk>/historique/", views.indicator_history, name="indicator_history"),
    export_path("produits/<slug:slug>/indicateurs/<int:pk>/mesures", views.indicator_csv, name="indicator_csv"),
    path(
        "produits/<slug:slug>/indicateurs/<int:pk>/mesures/nouvelle/",
        views.measurement_create,
        name="measurement_create",
    ),
    path(
        "produits/<slug:slug>/indicateurs/mesures/<int:pk>/corriger/",
        views.measurement_correct,
        name="measurement_correct",
    ),
]
