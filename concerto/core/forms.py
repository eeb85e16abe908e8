from django import forms
from django.core.exceptions import ValidationError
from dsfr.forms import DsfrBaseForm


def _guard_overflow(field: forms.ModelChoiceField) -> None:
    """A choice id too large for the database (found by fuzzing) must be a form error, not a server error."""
    original = field.clean

    def clean(value):
        try:
            return original(value)
        except OverflowError as error:
            raise ValidationError("Sélectionnez un choix valide.", code="invalid_choice") from error

    field.clean = clean


class _Guarded:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.ModelChoiceField):
                _guard_overflow(field)


class BaseForm(_Guarded, DsfrBaseForm):
    """Every Concerto form: DSFR rendering, French messages."""


class BaseModelForm(_Guarded, forms.ModelForm, DsfrBaseForm):
    pass
