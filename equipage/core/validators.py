"""Text every layer accepts: no control characters in one-line fields, nothing the database refuses.

Bottom-layer module (no import from the domain apps), shared by model fields, forms, the API and the
indicator importer. `install_text_validators()` (called when the apps are ready) adds the validators to
every `CharField` and `TextField` of Équipage's own models, so ModelForms (through `full_clean`) and
ModelSerializers (which copy model validators) refuse the same characters, without a migration per app.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible

# Line and paragraph separators break a line as surely as a line feed (in e-mails and CSV).
_LINE_BREAKERS = {"\u2028", "\u2029", "\x85"}
_MULTILINE_ALLOWED = {"\n", "\r", "\t"}


def describe_character(char: str) -> str:
    return {
        "\n": "un retour à la ligne",
        "\r": "un retour chariot",
        "\t": "une tabulation",
        "\x00": "un octet nul",
    }.get(char, f"le caractère de contrôle U+{ord(char):04X}")


def forbidden_character(value: str, *, multiline: bool = False) -> str | None:
    """The first character the field may not hold, or None: control characters, separators, lone surrogates."""
    for char in value:
        if multiline and char in _MULTILINE_ALLOWED:
            continue
        category = unicodedata.category(char)
        if category in ("Cc", "Cs") or char in _LINE_BREAKERS:
            return char
    return None


def control_character_message(value: str, *, multiline: bool = False) -> str | None:
    """A French explanation of why the text is refused, or None when it is acceptable."""
    if not isinstance(value, str):
        return None
    char = forbidden_character(value, multiline=multiline)
    if char is None:
        return None
    if multiline:
        return f"Le texte contient {describe_character(char)}, que ce champ n’accepte pas : retirez-le."
    return f"Ce champ tient sur une ligne : il ne peut pas contenir {describe_character(char)}."


@deconstructible
class NoControlCharacters:
    """Validator: refuse control characters (line breaks too, unless `multiline`)."""

    def __init__(self, multiline: bool = False):
        self.multiline = multiline

    def __call__(self, value) -> None:
        message = control_character_message(value, multiline=self.multiline)
        if message:
            raise ValidationError(message, code="control_character")

    def __eq__(self, other) -> bool:
        return isinstance(other, NoControlCharacters) and other.multiline == self.multiline


validate_single_line = NoControlCharacters(multiline=False)
validate_multiline_text = NoControlCharacters(multiline=True)


# RFC 3986: what a URI may hold outside its host, each `%` starting an escape of two hex digits.
_URI_CHARACTERS = re.compile(r"^(?:[A-Za-z0-9\-._~:/?#@!$&'()*+,;=]|%[0-9A-Fa-f]{2})*$")
URI_MESSAGE = (
    "Adresse web à écrire en caractères non accentués : encodez les caractères accentués, les espaces et "
    'les signes |^{}<>"`\\ (é s’écrit %C3%A9) et un nom de domaine accentué sous sa forme punycode (xn--…), '
    "comme le fait la barre d’adresse du navigateur quand on copie le lien."
)
EMAIL_MESSAGE = "Adresse électronique à écrire en caractères non accentués (domaine accentué : forme punycode xn--…)."


def validate_uri(value) -> None:
    """Refuse an address that is not a URI (RFC 3986): what the API's schema promises (`format: uri`).

    Django's URL validator accepts IRIs (accents, `|`, `{`), which clients reading the schema refuse."""
    if not isinstance(value, str) or not value:
        return
    parts = urlsplit(value)
    rest = value[len(parts.scheme) + 3 + len(parts.netloc) :] if parts.netloc else value
    if not parts.netloc.isascii() or not _URI_CHARACTERS.match(rest) or rest.count("#") > 1 or " " in parts.netloc:
        raise ValidationError(URI_MESSAGE, code="not_a_uri")


def validate_ascii_email(value) -> None:
    """Refuse an e-mail address with accents (Django accepts an accented domain; the schema's `email` does not)."""
    if isinstance(value, str) and not value.isascii():
        raise ValidationError(EMAIL_MESSAGE, code="not_ascii_email")


def install_text_validators(app_configs) -> None:
    """Add the validators to every text field of the given apps' models (runtime only: no migration)."""
    from django.db import models

    for app_config in app_configs:
        for model in app_config.get_models():
            for field in model._meta.get_fields():
                if not isinstance(field, models.CharField | models.TextField) or not field.concrete:
                    continue
                validators = [validate_multiline_text if isinstance(field, models.TextField) else validate_single_line]
                if isinstance(field, models.URLField):
                    validators.append(validate_uri)
                if isinstance(field, models.EmailField):
                    validators.append(validate_ascii_email)
                # `validators` is computed once per field; `_validators` (what migrations see) stays untouched.
                for validator in validators:
                    if validator not in field.validators:
                        field.validators.append(validator)
