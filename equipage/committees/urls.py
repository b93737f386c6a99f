from django.urls import path

from equipage.core.exports import export_path

from . import views

app_name = "committees"

urlpatterns = [
    path("comites/", views.session_list, name="session_list"),
    path("comites/nouvelle/", views.session_create, name="session_create"),
    path("comites/<int:pk>/", views.session_detail, name="session_detail"),
    path("comites/<int:pk>/modifier/", views.session_update, name="session_update"),
    path("comites/<int:pk>/dossier/", views.session_pack, name="session_pack"),
    path("comites/<int:pk>/dossier.pdf", views.session_pack_pdf, name="session_pack_pdf"),
    path("comites/<int:pk>/dossier/figer/", views.session_pack_freeze, name="session_pack_freeze"),
    path("comites/<int:pk>/dossier/envoyer/", views.session_pack_send, name="session_pack_send"),
    path("comites/<int:pk>/dossiers/<int:edition>.pdf", views.session_pack_download, name="session_pack_download"),
    path("decisions/", views.decision_log, name="decision_log"),
    export_path("decisions", views.decision_log_csv, name="decision_log_csv"),
    path("actions/<int:pk>/statut/", views.action_status, name="action_status"),
    path("produits/<slug:slug>/comites/", views.product_sessions, name="product_sessions"),
    path("produits/<slug:slug>/comites/nouvelle/", views.product_session_create, name="product_session_create"),
    path("produits/<slug:slug>/dossier-comite/", views.product_pack, name="product_pack"),
    path("produits/<slug:slug>/dossier-comite.pdf", views.product_pack_pdf, name="product_pack_pdf"),
    path("produits/<slug:slug>/decisions/", views.product_decisions, name="product_decisions"),
    path("produits/<slug:slug>/decisions/nouvelle/", views.decision_create, name="decision_create"),
    path("produits/<slug:slug>/decisions/<int:pk>/", views.decision_detail, name="decision_detail"),
    path("produits/<slug:slug>/decisions/<int:pk>/modifier/", views.decision_update, name="decision_update"),
]
