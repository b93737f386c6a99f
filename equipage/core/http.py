"""Method restrictions for pages, answering in French (a DSFR page, or JSON for .json and API routes)."""

from __future__ import annotations

from functools import wraps

from .errors import error_response

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


def method_not_allowed(request, allowed: list[str]):
    return error_response(
        request,
        405,
        title="Méthode non autorisée",
        message=f"Cette page se consulte seulement ; la méthode {request.method} n’y est pas acceptée.",
        advice="Rien n’a été enregistré. Revenez à la page pour la consulter.",
        headers={"Allow": ", ".join(allowed)},
    )


def read_only(view):
    """A page that only shows: GET and HEAD are served, OPTIONS says so, any other method answers 405."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method not in SAFE_METHODS:
            return method_not_allowed(request, ["GET", "HEAD", "OPTIONS"])
        if request.method == "OPTIONS":
            response = method_not_allowed(request, ["GET", "HEAD", "OPTIONS"])
            response.status_code = 200
            response.content = b""
            return response
        return view(request, *args, **kwargs)

    return wrapper


def client_ip(request) -> str | None:
    """The client's address: behind the proxy (DJANGO_BEHIND_PROXY), the last hop it added to X-Forwarded-For."""
    from django.conf import settings

    if request is None:
        return None
    if settings.SECURE_PROXY_SSL_HEADER:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if forwarded:
            return forwarded[-1]
    return request.META.get("REMOTE_ADDR") or None


def is_local_request(request) -> bool:
    return client_ip(request) in ("127.0.0.1", "::1")
