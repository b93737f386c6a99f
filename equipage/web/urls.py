"""The top layer's URLs: the dashboard joins the socle's routes (namespace ``core``), the product list
and sheet join the registry's (namespace ``registry``). Paths and names are those every page links to."""

from django.urls import path

from equipage.core import urls as core_urls
from equipage.registry import urls as registry_urls

from . import views

core_patterns = (
    [path("", views.home, name="home"), *core_urls.urlpatterns],
    "core",
)

registry_patterns = (
    [
        path("", views.product_list, name="product_list"),
        *registry_urls.urlpatterns,  # "nouveau/" before the sheet's "<slug>/"
        path("<slug:slug>/", views.product_detail, name="product_detail"),
    ],
    "registry",
)
