from django.contrib import admin
from django.urls import include, path

from equipage.core import views as core_views
from equipage.web import urls as web_urls

urlpatterns = [
    path("", include(web_urls.core_patterns)),
    path("", include("equipage.accounts.urls")),
    path("produits/", include(web_urls.registry_patterns)),
    path("", include("equipage.teams.urls")),
    path("", include("equipage.governance.urls")),
    path("", include("equipage.checks.urls")),
    path("", include("equipage.selfassessment.urls")),
    path("", include("equipage.compliance.urls")),
    path("", include("equipage.indicators.urls")),
    path("", include("equipage.delivery.urls")),
    path("", include("equipage.committees.urls")),
    path("", include("equipage.budget.urls")),
    path("", include("equipage.trends.urls")),
    path("", include("equipage.deviations.urls")),
    path("", include("equipage.myspace.urls")),
    path("", include("equipage.campaigns.urls")),
    path("api/v1/", include("equipage.api.urls")),
    path("admin/", admin.site.urls),
]

handler403 = core_views.error_403
handler404 = core_views.error_404
handler500 = core_views.error_500
