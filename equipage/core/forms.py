from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
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
    """A `<select>` whose options are written in Python, not one template each.

    Django renders a template per option: a second for a portfolio's thousands of people and
    products. Same markup (escaped values and labels, `selected`), no option groups.
    """

    def render(self, name, value, attrs=None, renderer=None) -> str:
        widget = self.get_context(name, value, attrs)["widget"]
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (option["value"], mark_safe(" selected") if option["selected"] else "", option["label"])
                for _group, group_options, _index in widget["optgroups"]
                for option in group_options
            ),
        )
        return format_html('<select name="{}"{}>{}</select>', widget["name"], flatatt(widget["attrs"]), options)
