from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from equipage.core.http import read_only

from .trends import DEFAULT_WINDOW, LEVEL_LABELS, WINDOWS, changes_chart, levels_chart, portfolio_periods


@read_only
def portfolio_trends(request: HttpRequest) -> HttpResponse:
    """The portfolio over time: findings opened and closed, levels gained and lost, levels' distribution."""
    key = request.GET.get("periode", DEFAULT_WINDOW)
    unknown = key not in WINDOWS
    window = WINDOWS[DEFAULT_WINDOW if unknown else key]
    periods = portfolio_periods(timezone.localdate(), window)
    last = periods[-1] if periods else None
    distribution = [(label, last.levels.get(rank, 0) if last else 0) for rank, label in sorted(LEVEL_LABELS.items())]
    return render(
        request,
        "trends/portfolio.html",
        {
            "title": "Portefeuille — tendances",
            "breadcrumb_data": {
                "links": [{"url": reverse("checks:portfolio"), "title": "Portefeuille"}],
                "current": "Tendances",
            },
            "windows": WINDOWS.values(),
            "window": window,
            "unknown_window": key if unknown else "",
            "periods": periods,
            "last": last,
            "distribution": distribution,
            "changes_chart": changes_chart(periods, "dans le portefeuille", with_level=False),
            "levels_chart": levels_chart(periods),
        },
    )
