from django.urls import path

from equipage.core.exports import export_path

from . import views

app_name = "campaigns"

urlpatterns = [
    path("portefeuille/campagnes/", views.campaign_list, name="list"),
    path("portefeuille/campagnes/nouvelle/", views.campaign_create, name="create"),
    path("portefeuille/campagnes/<int:pk>/", views.campaign_detail, name="detail"),
    path("portefeuille/campagnes/<int:pk>/modifier/", views.campaign_update, name="update"),
    path("portefeuille/campagnes/<int:pk>/cloturer/", views.campaign_close, name="close"),
    export_path("portefeuille/campagnes/<int:pk>/produits-a-traiter", views.campaign_export, name="export"),
]
