"""Under the tests, an undefined variable in one of Équipage's own templates is an error.

Django renders a variable it cannot resolve as `string_if_invalid` (""), which hides a misspelt name or a
context entry a view forgot. The tests set `string_if_invalid` to `UNDEFINED`: an empty string that,
when Django asks whether it is set (`if string_if_invalid:`, only done for a failed `{{ variable }}` or a
tag argument, not for `{% if %}`/`{% for %}`, which tolerate a missing name by design), raises
`UndefinedTemplateVariable` if the node being rendered comes from a template under `equipage/`. Elsewhere
(django-dsfr's and the admin's templates, which rely on missing variables) it answers "not set", so
Django goes on exactly as with the default "".
"""

from __future__ import annotations

import sys
from pathlib import Path

OUR_TEMPLATES = str(Path(__file__).resolve().parent.parent) + "/"


class UndefinedTemplateVariable(Exception):
    """A template of ours used a variable the context does not hold."""


def _rendering_origin() -> str:
    """The file of the innermost template node being rendered ("" outside a template)."""
    frame = sys._getframe(2)
    while frame is not None:
        if frame.f_code.co_name == "render_annotated":
            origin = getattr(frame.f_locals.get("self"), "origin", None)
            return getattr(origin, "name", "") or ""
        frame = frame.f_back
    return ""


class _Undefined(str):
    def __bool__(self) -> bool:
        origin = _rendering_origin()
        if origin.startswith(OUR_TEMPLATES):
            variable = _failed_variable()
            raise UndefinedTemplateVariable(f"Variable de gabarit non définie {variable} dans {origin}")
        return False


def _failed_variable() -> str:
    frame = sys._getframe(2)
    while frame is not None:
        if frame.f_code.co_name == "resolve" and "self" in frame.f_locals:
            token = getattr(frame.f_locals["self"], "token", None)
            if token:
                return f"« {token} »"
        frame = frame.f_back
    return ""


UNDEFINED = _Undefined("")
