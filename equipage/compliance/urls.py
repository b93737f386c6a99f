from django.urls import path

from equipage.core.exports import export_path

from . import views

app_name = "compliance"

urlpatterns = [
    path("produits/<slug:slug>/conformite/", views.overview, name="overview"),
    path("produits/<slug:slug>/conformite/traitements/nouveau/", views.processing_create, name="processing_create"),
    path(
        "produits/<slug:slug>/conformite/traitements/<int:pk>/modifier/",
        views.processing_update,
        name="processing_update",
    ),
    path("produits/<slug:slug>/conformite/audits/nouveau/", views.audit_create, name="audit_create"),
    path("produits/<slug:slug>/conformite/audits/importer/", views.audit_import, name="audit_import"),
    path(
        "produits/<slug:slug>/conformite/declaration-accessibilite/",
        views.accessibility_statement,
        name="accessibility_statement",
    ),
    path(
        "produits/<slug:slug>/conformite/accessibilite/modifier/",
        views.accessibility_update,
        name="accessibility_update",
    ),
    path(
        "produits/<slug:slug>/conformite/homologation/modifier/",
        views.homologation_update,
        name="homologation_update",
    ),
    path("produits/<slug:slug>/conformite/mesures/nouvelle/", views.measure_create, name="measure_create"),
    path("produits/<slug:slug>/conformite/mesures/<int:pk>/modifier/", views.measure_update, name="measure_update"),
    path("produits/<slug:slug>/conformite/avis/nouveau/", views.opinion_create, name="opinion_create"),
    path("produits/<slug:slug>/conformite/ecoconception/modifier/", views.ecodesign_update, name="ecodesign_update"),
    path(
        "produits/<slug:slug>/conformite/preuves/<slug:kind>/<int:pk>/ajouter/",
        views.evidence_upload,
        name="evidence_upload",
    ),
    path("produits/<slug:slug>/conformite/preuves/<int:pk>/", views.evidence_download, name="evidence_download"),
    path("portefeuille/conformite/", views.portfolio, name="portfolio"),
    path("portefeuille/conformite/dispenses/", views.exemptions, name="exemptions"),
    path("portefeuille/conformite/registre/", views.register, name="register"),
    export_path("portefeuille/conformite/registre", views.register_csv, name="register_csv"),
    export_path("portefeuille/conformite", views.portfolio_csv, name="portfolio_csv"),
]
