"""One JSON error shape for every API failure: a French message, and the fields in error if any."""

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

MESSAGES = {
    status.HTTP_400_BAD_REQUEST: "Requête invalide : corrigez les champs signalés.",
    status.HTTP_401_UNAUTHORIZED: (
        "Authentification requise : fournissez un jeton (Authorization: Token …) ou connectez-vous."
    ),
    status.HTTP_403_FORBIDDEN: "Vous n’avez pas le droit d’effectuer cette action.",
    status.HTTP_404_NOT_FOUND: "Ressource introuvable.",
    status.HTTP_405_METHOD_NOT_ALLOWED: "Méthode non autorisée sur cette ressource.",
    status.HTTP_415_UNSUPPORTED_MEDIA_TYPE: (
        "Type de contenu non accepté : l’API reçoit du JSON, envoyez le corps avec Content-Type: application/json."
    ),
}


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(getattr(exc, "message_dict", None) or {"non_field_errors": exc.messages})
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)

    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    body = {"status": response.status_code}
    if isinstance(exc, exceptions.ValidationError):
        body["message"] = MESSAGES[status.HTTP_400_BAD_REQUEST]
        body["errors"] = response.data if isinstance(response.data, dict) else {"non_field_errors": response.data}
    else:
        detail = response.data.get("detail") if isinstance(response.data, dict) else None
        body["message"] = str(detail) if detail else MESSAGES.get(response.status_code, "Erreur.")
        if isinstance(exc, exceptions.ParseError):
            body["message"] = "Le corps de la requête n’est pas un JSON valide (UTF-8) : vérifiez sa syntaxe."
        if isinstance(exc, exceptions.UnsupportedMediaType):
            body["message"] = MESSAGES[status.HTTP_415_UNSUPPORTED_MEDIA_TYPE]
        if isinstance(exc, exceptions.NotFound):
            body["message"] = MESSAGES[status.HTTP_404_NOT_FOUND]
        if isinstance(exc, exceptions.NotAuthenticated | exceptions.AuthenticationFailed):
            body["message"] = (
                MESSAGES[status.HTTP_401_UNAUTHORIZED] if isinstance(exc, exceptions.NotAuthenticated) else str(detail)
            )
    return Response(body, status=response.status_code, headers=_auth_headers(response))


def _auth_headers(response) -> dict:
    return {key: value for key, value in response.items() if key in ("WWW-Authenticate", "Allow", "Retry-After")}
