"""The registry's own routes under /produits/; the list and the sheet are composed by `equipage/web/urls.py`."""

from django.urls import path

from . import views

urlpatterns = [
    path("nouveau/", views.product_create, name="product_create"),
    path("<slug:slug>/modifier/", views.product_update, name="product_update"),
    path("<slug:slug>/archiver/", views.product_archive, name="product_archive"),
    path("<slug:slug>/restaurer/", views.product_restore, name="product_restore"),
    path("<slug:slug>/historique/", views.product_history, name="product_history"),
]
