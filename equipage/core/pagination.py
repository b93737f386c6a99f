from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest


def paginate(request: HttpRequest, queryset: QuerySet, per_page: int) -> Page:
    """A page of the queryset; an out-of-range or malformed page number falls back to a valid page."""
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))
