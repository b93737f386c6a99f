from django.contrib.auth.middleware import LoginRequiredMiddleware
from django.db import IntegrityError, connection, transaction

from .errors import error_response


class LoginRequiredByDefaultMiddleware(LoginRequiredMiddleware):
    """Every page is internal unless its view is marked `login_not_required`.

    The API is left to the REST framework, which answers 401 in JSON instead of redirecting.
    """

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.path_info.startswith("/api/"):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)


class RefuseUnstorableInputMiddleware:
    """Answer 400, in French, to any request carrying characters the database cannot store.

    PostgreSQL refuses the NUL character in text, and no database stores a lone UTF-16 surrogate
    (which a JSON body may spell `\\ud800`). Rather than let such a value reach a query, a filter or a
    model and fail with a 500, every page and API route is guarded here, in one place: the path, the
    query string, the cookies, the credentials, the form fields and the JSON body.
    """

    JSON_TYPES = ("application/json", "application/merge-patch+json")
    FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        where = self.find_unstorable(request)
        if where:
            return self.refuse(request, where)
        return self.get_response(request)

    @staticmethod
    def unstorable(value) -> bool:
        if not isinstance(value, str):
            return False
        return "\x00" in value or any("\ud800" <= char <= "\udfff" for char in value)

    def find_unstorable(self, request) -> str | None:
        if self.unstorable(request.path_info):
            return "l’adresse"
        for key, values in request.GET.lists():
            if self.unstorable(key) or any(self.unstorable(value) for value in values):
                return f"le paramètre « {self._printable(key)} »"
        if any(self.unstorable(key) or self.unstorable(value) for key, value in request.COOKIES.items()):
            return "un cookie"
        if self.unstorable(request.META.get("HTTP_AUTHORIZATION", "")):
            return "l’en-tête Authorization"
        if request.method in ("GET", "HEAD", "OPTIONS"):
            return None
        content_type = request.content_type or ""
        if content_type in self.FORM_TYPES:
            for key, values in request.POST.lists():
                if self.unstorable(key) or any(self.unstorable(value) for value in values):
                    return f"le champ « {self._printable(key)} »"
            for upload in request.FILES.values():
                if self.unstorable(upload.name):
                    return "le nom du fichier envoyé"
        elif content_type in self.JSON_TYPES and request.body:
            if b"\x00" in request.body:
                return "le corps de la requête"
            import json

            try:
                data = json.loads(request.body)
            except ValueError:
                return None  # The API explains invalid JSON itself.
            return self._find_in_json(data)
        return None

    def _find_in_json(self, data, path: str = "") -> str | None:
        if isinstance(data, dict):
            for key, value in data.items():
                if self.unstorable(key):
                    return "une clé du corps JSON"
                found = self._find_in_json(value, key)
                if found:
                    return found
        elif isinstance(data, list):
            for value in data:
                found = self._find_in_json(value, path)
                if found:
                    return found
        elif self.unstorable(data):
            return f"le champ « {self._printable(path)} »" if path else "le corps de la requête"
        return None

    @staticmethod
    def _printable(name: str) -> str:
        return "".join(char for char in name if char.isprintable() and not "\ud800" <= char <= "\udfff")[:60]

    def refuse(self, request, where: str):
        from .errors import error_response

        message = (
            f"Requête refusée : {where} contient un caractère invalide (octet nul ou caractère "
            "Unicode incomplet) qu’Équipage ne peut pas enregistrer. Retirez-le, puis recommencez."
        )
        return error_response(
            request,
            400,
            title="Requête invalide",
            message=message,
            advice="Ce caractère vient souvent d’un copier-coller ou d’un script : rien n’a été enregistré.",
        )


class ExplainMethodNotAllowedMiddleware:
    """Django's `require_GET` answers an empty 405: give it the French page (or JSON) every 405 has."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 405 and not getattr(response, "streaming", False) and not response.content:
            from .http import method_not_allowed

            allowed = [method.strip() for method in response.get("Allow", "GET").split(",") if method.strip()]
            return method_not_allowed(request, allowed)
        return response


class SecurityHeadersMiddleware:
    """Headers Django does not send itself: Permissions-Policy (settings.PERMISSIONS_POLICY)."""

    def __init__(self, get_response):
        from django.conf import settings

        self.permissions_policy = settings.PERMISSIONS_POLICY
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if self.permissions_policy:
            response.headers.setdefault("Permissions-Policy", self.permissions_policy)
        return response


CONFLICT = (
    "Une autre requête vient d’enregistrer la même chose au même moment : rien n’a été enregistré par la vôtre. "
    "Rechargez la page pour voir l’état actuel, puis recommencez si besoin."
)


def is_unique_violation(error: BaseException) -> bool:
    """Whether a database error is a unique constraint refusing a row another transaction just wrote."""
    if not isinstance(error, IntegrityError):
        return False
    cause = error.__cause__
    if getattr(cause, "sqlstate", None) == "23505":  # PostgreSQL's unique_violation
        return True
    return "UNIQUE constraint failed" in str(error)  # SQLite


class UniqueConflictMiddleware:
    """Two identical writes at the same moment: the second answers 409 in French, never 500.

    Forms and serializers check uniqueness before saving, but two requests can both pass the check;
    the database's unique constraint then refuses the second. Whatever the route, its transaction is
    rolled back (the request's own, see `checks.store.RefreshFindingsMiddleware`) and the answer is a
    409 — the API's JSON error shape, or a DSFR page. Routes that can make a retry idempotent (the
    measurement pushes) handle the conflict themselves and answer like the first success.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not is_unique_violation(exception):
            return None
        if connection.in_atomic_block:
            transaction.set_rollback(True)
        return error_response(request, 409, title="Conflit d’enregistrement", message=CONFLICT)
