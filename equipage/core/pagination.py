from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest


def paginate(request: HttpRequest, queryset: QuerySet, per_page: int, count: int | None = None) -> Page:
    """A page of the queryset; an out-of-range or malformed page number falls back to a valid page.

    `count`, when the page already counted the rows in an aggregate of its own, spares the paginator's
    `COUNT(*)` query."""
    paginator = Paginator(queryset, per_page)
    if count is not None:
        paginator.count = count  # a cached property: set, it is not computed
    return paginator.get_page(request.GET.get("page"))
