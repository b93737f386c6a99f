from django import forms


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
