"""The one way an app declares its API routes.

Each app lists its routes in its own `api_urls.py` (`urlpatterns`), with `path()` for plain views and
`viewset_routes()` for a viewset (DRF's router, without its API root); `equipage/api/urls.py` includes every
app's list under `/api/v1/` and adds the API root, the schema and the docs. A viewset's routes also answer with
a format suffix (`/api/v1/products.json`), as they did under DRF's default router.
"""

from __future__ import annotations

from rest_framework.routers import SimpleRouter
from rest_framework.urlpatterns import format_suffix_patterns


def viewset_routes(prefix: str, viewset, basename: str) -> list:
    """The list and detail routes (and extra actions) of a viewset, named `<basename>-list`, `<basename>-detail`…"""
    router = SimpleRouter(trailing_slash=True)
    router.register(prefix, viewset, basename=basename)
    return format_suffix_patterns(router.urls)
