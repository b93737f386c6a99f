"""Error answers that must not depend on the session or the database: JSON for the API, DSFR pages otherwise."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader

API_PREFIX = "/api/"


def wants_json(request: HttpRequest) -> bool:
    path = (request.path_info or "").replace("\x00", "")
    return path.startswith(API_PREFIX) or path.endswith(".json") or path == "/healthz"


def error_response(
    request: HttpRequest,
    status: int,
    *,
    title: str,
    message: str,
    advice: str = "",
    errors: dict | None = None,
    headers: dict | None = None,
) -> HttpResponse:
    """The API's JSON error shape on /api/, else a standalone DSFR page (rendered without the request)."""
    if wants_json(request):
        body: dict = {"status": status, "message": message}
        if errors:
            body["errors"] = errors
        response = JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})
    else:
        html = loader.get_template("standalone_error.html").render(
            {"title": title, "status": status, "message": message, "advice": advice}
        )
        response = HttpResponse(html, status=status)
    for name, value in (headers or {}).items():
        response[name] = value
    return response
