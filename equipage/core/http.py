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
