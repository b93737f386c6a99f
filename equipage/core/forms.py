import html

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from .validators import validate_multiline_text, validate_single_line


class SingleLineField(forms.CharField):
    """A one-line text: line breaks and other control characters refused, as on every model `CharField`.

    A form field that is not a model's (a plain form, or a value a service stores) gets no model
    validation: without this, a crafted line break reaches a title and forges lines in e-mails.
    """

    default_validators = [validate_single_line]


class MultilineTextField(forms.CharField):
    """A longer text (usually in a text area): line breaks and tabs kept, any other control character refused."""

    default_validators = [validate_multiline_text]


class DateInput(forms.DateInput):
    """A native date picker; the ISO value is what browsers expect in `<input type="date">`."""

    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class UploadInput(forms.FileInput):
    """The DSFR upload component (`fr-upload-group`, `fr-upload`) for a file field."""

    group_class = "fr-upload-group"

    def __init__(self, attrs=None):
        super().__init__({"class": "fr-upload", **(attrs or {})})


class QuickSelect(forms.Select):
    """A `<select>` whose options are written in Python, straight from its choices.

    Django renders a template per option, and builds a dictionary of attributes for each before:
    a second for a portfolio's thousands of people and products. Same markup (escaped values and
    labels, the first matching option `selected`), no option groups.
    """

    def render(self, name, value, attrs=None, renderer=None) -> str:
        wanted = set(self.format_value(value))
        options = []
        selected_one = False
        for option_value, label in self.choices:
            option_value = "" if option_value is None else str(option_value)
            selected = option_value in wanted and (self.allow_multiple_selected or not selected_one)
            selected_one = selected_one or selected
            options.append(
                f'<option value="{_escape(option_value)}"{" selected" if selected else ""}>{_escape(label)}</option>'
            )
        final_attrs = self.build_attrs(self.attrs, attrs)
        if self.allow_multiple_selected:
            final_attrs["multiple"] = True
        return format_html(
            '<select name="{}"{}>{}</select>',
            name,
            flatatt(final_attrs),
            mark_safe("".join(options)),  # noqa: S308
        )


def _escape(text) -> str:
    """`django.utils.html.conditional_escape` without its lazy wrapping: called once per option."""
    return text.__html__() if hasattr(text, "__html__") else html.escape(str(text))
