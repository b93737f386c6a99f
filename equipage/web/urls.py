"""The top layer's URLs: the dashboard joins the socle's routes (namespace ``core``), the product list
and sheet join the registry's (namespace ``registry``). Paths and names are those every page links to."""

from django.urls import path

from equipage.core import urls as core_urls
from equipage.core.exports import export_path
from equipage.registry import urls as registry_urls

from . import deadlines, views

core_patterns = (
    [
        path("", views.home, name="home"),
        path("echeances/", deadlines.deadline_list, name="deadlines"),
        export_path("echeances", deadlines.deadline_list_csv, name="deadlines_csv"),
        path("echeances/agenda/", deadlines.calendar, name="calendar"),
        path("echeances/agenda/nouvelle-adresse/", deadlines.calendar_create, name="calendar_create"),
        path("echeances/agenda/revoquer/", deadlines.calendar_revoke, name="calendar_revoke"),
        path("echeances/agenda/<str:secret>.ics", deadlines.calendar_feed, name="calendar_feed"),
        *core_urls.urlpatterns,
    ],
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
