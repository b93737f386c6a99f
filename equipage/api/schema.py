"""What the OpenAPI schema says about every operation, in one place rather than on each view.

drf-spectacular describes the success answer of each view; the failures come from layers every view
shares (the exception handler `equipage.api.errors`, the middleware refusing unstorable input, the
database-outage handler, pagination, the product guard). `ApiAutoSchema` documents them on every
operation with the one JSON error shape, so a route added by any app is covered without a decorator.
"""

from __future__ import annotations

from django.core.exceptions import FieldDoesNotExist
from drf_spectacular.openapi import AutoSchema
from rest_framework import serializers
from rest_framework.permissions import AllowAny


class ErrorSerializer(serializers.Serializer):
    """La forme unique des erreurs de l’API : le code HTTP, un message en français et, pour un 400, les champs en
    erreur."""

    status = serializers.IntegerField(help_text="Le code HTTP de la réponse.")
    message = serializers.CharField(help_text="Ce qui s’est passé, en français.")
    errors = serializers.DictField(
        required=False,
        child=serializers.JSONField(),
        help_text="Pour un 400 : par champ (ou `non_field_errors`), la liste des erreurs en français.",
    )

    class Meta:
        ref_name = "Error"


DESCRIPTIONS = {
    400: "Requête invalide : un champ, un paramètre ou un caractère refusé (rien n’a été enregistré).",
    401: "Authentification absente, jeton invalide, expiré ou suspendu.",
    403: "Authentifié, mais sans le droit d’effectuer cette action.",
    404: "Ressource introuvable (ou produit que vous ne pouvez pas voir, ou page de résultats au-delà de la dernière).",
    409: "Conflit avec une écriture simultanée de la même ressource : recommencez.",
    415: "Corps de requête d’un autre type que JSON : envoyez `Content-Type: application/json`.",
    503: "Base de données momentanément indisponible : réessayez après le délai de `Retry-After`.",
}
WRITE_METHODS = ("POST", "PUT", "PATCH")


class ApiAutoSchema(AutoSchema):
    """drf-spectacular's schema, with every failure answer the shared layers can give, as `Error`."""

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        for code in self.error_statuses():
            if str(code) not in responses:
                response = self._get_response_for_code(ErrorSerializer, str(code), direction=direction)
                response["description"] = DESCRIPTIONS[code]
                responses[str(code)] = response
        return responses

    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        _answer_as_the_model_stores(field)
        return super()._map_serializer_field(field, direction, bypass_extensions)

    def error_statuses(self) -> list[int]:
        """The failures this operation can answer, from what the view is made of."""
        codes = [400]  # Any route: a refused character (NUL byte) in the address, a parameter or the body.
        public = all(isinstance(permission, AllowAny) for permission in self.view.get_permissions())
        if self.view.get_authenticators():
            codes.append(401)  # Even a public route refuses a wrong token.
        if not public:
            codes.append(403)
        if self._has_path_parameters() or self._is_paginated_list():
            codes.append(404)
        codes.extend(getattr(self.view, "error_statuses", ()))
        if self.method in WRITE_METHODS and self.view.parser_classes:
            codes.append(415)
        if self.method in (*WRITE_METHODS, "DELETE"):
            codes.append(409)  # A simultaneous identical write refused by a unique constraint (core.middleware).
        codes.append(503)
        return sorted(set(codes))

    def _has_path_parameters(self) -> bool:
        return "{" in self.path

    def _is_paginated_list(self) -> bool:
        return self.method == "GET" and self._is_list_view() and self._get_paginator() is not None


def _answer_as_the_model_stores(field) -> None:
    """A read-only field shows what the model holds: null for an empty relation, "" for a blank choice.

    REST framework builds read-only fields (`read_only_fields`, `StringRelatedField`, read-only
    `SlugRelatedField`) without `allow_null` / `allow_blank`, so the schema would promise a value the
    answer does not always have."""
    if not field.read_only or not isinstance(getattr(field, "parent", None), serializers.ModelSerializer):
        return
    model = field.parent.Meta.model
    nullable = blank = False
    for attribute in field.source_attrs:
        try:
            model_field = model._meta.get_field(attribute)
        except FieldDoesNotExist:
            return
        nullable = nullable or bool(getattr(model_field, "null", False))
        blank = bool(getattr(model_field, "blank", False)) and not model_field.is_relation
        model = model_field.related_model
        if model is None:
            break
    if nullable:
        field.allow_null = True
    if blank and isinstance(field, serializers.CharField | serializers.ChoiceField):
        field.allow_blank = True
