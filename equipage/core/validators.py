"""Text every layer accepts: no control characters in one-line fields, nothing the database refuses.

Bottom-layer module (no import from the domain apps), shared by model fields, forms, the API and the
indicator importer. `install_text_validators()` (called when the apps are ready) adds the validators to
every `CharField` and `TextField` of Équipage's own models, so ModelForms (through `full_clean`) and
ModelSerializers (which copy model validators) refuse the same characters, without a migration per app.
"""

from __future__ import annotations

import unicodedata

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


def install_text_validators(app_configs) -> None:
    """Add the validators to every text field of the given apps' models (runtime only: no migration)."""
    from django.db import models

    for app_config in app_configs:
        for model in app_config.get_models():
            for field in model._meta.get_fields():
                if not isinstance(field, models.CharField | models.TextField) or not field.concrete:
                    continue
                validator = validate_multiline_text if isinstance(field, models.TextField) else validate_single_line
                # `validators` is computed once per field; `_validators` (what migrations see) stays untouched.
                if validator not in field.validators:
                    field.validators.append(validator)
