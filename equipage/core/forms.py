from django import forms


class DateInput(forms.DateInput):
    """A native date picker; the ISO value is what browsers expect in `<input type="date">`."""

    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)
